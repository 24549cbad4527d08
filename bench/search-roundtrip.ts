import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { startFakeConvoso } from '../test/support/convoso-server/fake-convoso'
import { createDispatcher } from '../src/main/ipc/dispatcher'
import { createSenderCheck } from '../src/main/ipc/trusted-sender'
import { createConvosoClient } from '../src/main/services/convoso/client'
import { EMPTY_FILTERS } from '../src/shared/filters'
import { startBenchCore } from './bench-core'
import { median, ms, p95 } from './stats'

/**
 * What the Convoso client adds to a search, against the fake Convoso with 25k
 * records: the same requests are sent through `createConvosoClient().search`
 * and as a bare `fetch` + `text()`, interleaved (alternating which goes first)
 * so drift in the machine hits both equally. `bareParse` adds JSON.parse to the
 * bare fetch, which separates parsing from the client's own overhead.
 * `handler` is the whole path a search from the window takes in main: the IPC
 * dispatcher (sender check, payload validation), the search service (filter
 * validation, session credentials) and the client.
 */

const APP_SENDER = { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true }

const TOKEN = 'bench-token-0000000000000000'
const RECORDS = 25_000
const WARMUP = 20
const ITERATIONS = 200
const PAGE_SIZES = [100, 1000] as const

export async function run(): Promise<Record<string, number>> {
  const server = await startFakeConvoso({ records: generateDemoRecords(RECORDS), tokens: [TOKEN] })
  const results: Record<string, number> = { 'roundtrip.records': RECORDS, 'roundtrip.iterations': ITERATIONS }
  const { core, dispose } = await startBenchCore(server.apiBase)
  const dispatch = createDispatcher(core.handlers, {
    isTrustedSender: createSenderCheck(['app://opt-out-desk']),
    log: () => undefined,
  })
  try {
    const connected = await dispatch('verifyAndSaveToken', { token: TOKEN }, APP_SENDER)
    if (!connected.ok) throw new Error(`could not connect: ${connected.error.message}`)
    const client = createConvosoClient()
    const url = `${server.apiBase}/sms-opt-out/search`

    for (const limit of PAGE_SIZES) {
      const pageCount = Math.floor(RECORDS / limit)
      // A fixed stride walks the pages in a scattered but repeatable order.
      const offsetAt = (i: number): number => ((i * 7) % pageCount) * limit

      const bare = async (offset: number, parse: boolean): Promise<number> => {
        const started = performance.now()
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            auth_token: TOKEN,
            offset: String(offset),
            limit: String(limit),
          }).toString(),
        })
        const text = await response.text()
        if (parse && (JSON.parse(text) as { success?: unknown }).success !== true)
          throw new Error('bare search failed')
        return performance.now() - started
      }
      const viaClient = async (offset: number): Promise<number> => {
        const started = performance.now()
        const result = await client.search({
          apiBase: server.apiBase,
          token: TOKEN,
          tokenOrigin: new URL(server.apiBase).origin,
          params: {},
          offset,
          limit,
        })
        const elapsed = performance.now() - started
        if (!result.ok) throw new Error(`client search failed: ${result.error.message}`)
        return elapsed
      }

      const viaHandler = async (offset: number, i: number): Promise<number> => {
        const started = performance.now()
        const result = await dispatch(
          'search',
          { requestId: `bench-${i}`, filters: EMPTY_FILTERS, offset, limit },
          APP_SENDER,
        )
        const elapsed = performance.now() - started
        if (!result.ok) throw new Error(`handler search failed: ${result.error.message}`)
        return elapsed
      }

      const samples = {
        bare: [] as number[],
        bareParse: [] as number[],
        client: [] as number[],
        handler: [] as number[],
      }
      for (let i = 0; i < WARMUP + ITERATIONS; i += 1) {
        const offset = offsetAt(i)
        let bareTime: number
        let bareParseTime: number
        let clientTime: number
        let handlerTime: number
        if (i % 2 === 0) {
          bareTime = await bare(offset, false)
          bareParseTime = await bare(offset, true)
          clientTime = await viaClient(offset)
          handlerTime = await viaHandler(offset, i)
        } else {
          handlerTime = await viaHandler(offset, i)
          clientTime = await viaClient(offset)
          bareParseTime = await bare(offset, true)
          bareTime = await bare(offset, false)
        }
        if (i >= WARMUP) {
          samples.bare.push(bareTime)
          samples.bareParse.push(bareParseTime)
          samples.client.push(clientTime)
          samples.handler.push(handlerTime)
        }
      }

      const prefix = `roundtrip.limit${limit}`
      results[`${prefix}.bareMedianMs`] = ms(median(samples.bare))
      results[`${prefix}.bareP95Ms`] = ms(p95(samples.bare))
      results[`${prefix}.bareParseMedianMs`] = ms(median(samples.bareParse))
      results[`${prefix}.clientMedianMs`] = ms(median(samples.client))
      results[`${prefix}.clientP95Ms`] = ms(p95(samples.client))
      results[`${prefix}.addedMedianMs`] = ms(median(samples.client) - median(samples.bare))
      results[`${prefix}.addedP95Ms`] = ms(p95(samples.client) - p95(samples.bare))
      results[`${prefix}.handlerMedianMs`] = ms(median(samples.handler))
      results[`${prefix}.handlerP95Ms`] = ms(p95(samples.handler))
      results[`${prefix}.handlerAddedMedianMs`] = ms(median(samples.handler) - median(samples.bare))
      results[`${prefix}.handlerAddedP95Ms`] = ms(p95(samples.handler) - p95(samples.bare))
    }
  } finally {
    await dispose()
    await server.close()
  }
  return results
}
