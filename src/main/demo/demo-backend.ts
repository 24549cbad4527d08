import { randomBytes } from 'node:crypto'
import { generateDemoRecords } from '../services/demo-convoso/dataset'
import { startConvosoServer, type ConvosoServer } from '../services/demo-convoso/convoso-server'
import type { DemoBackend } from '../services/session/session'

export const DEMO_RECORD_COUNT = 25_000

/**
 * Demo mode runs the project's own Convoso-compatible server on 127.0.0.1 with
 * a fixed-seed data set, so everyone sees the same records. Its token is random
 * per run and never stored.
 */
export function createDemoBackend({ recordCount = DEMO_RECORD_COUNT } = {}): DemoBackend {
  let server: ConvosoServer | undefined
  return {
    async start() {
      const token = `demo-${randomBytes(12).toString('hex')}`
      const records = generateDemoRecords(recordCount)
      server ??= await startConvosoServer({ records, tokens: [token] })
      return { apiBase: server.apiBase, token, recordCount: records.length }
    },
    async stop() {
      const running = server
      server = undefined
      await running?.close()
    },
  }
}
