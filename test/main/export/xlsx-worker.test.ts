import { createWriteStream, type WriteStream } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FORMULA_REASON, generateDemoRecords } from '../../../src/main/fake-convoso/dataset'
import { hashRows } from '../../../src/main/services/export/canonical-hash'
import { runExport, type RunExportOptions } from '../../../src/main/services/export/export-job'
import type { OptOutRecord } from '../../../src/shared/records'
import { xlsxWorkerScript } from '../../support/bundle-node-entries'
import { listDir, listSearch, tempDir, virtualClock, zipEntryText } from './helpers'

/**
 * The XLSX writer in its worker thread: the same workbook as on the main
 * thread, and a worker that cannot start, or dies, or a disk that is slow,
 * each handled like any other failure of the export. (The whole export-job
 * suite also runs against the worker.)
 */

const ROWS = 2500
const SOURCE: OptOutRecord[] = generateDemoRecords(ROWS, 77).map((row, index) =>
  index === 10 ? { ...row, reason: FORMULA_REASON } : index === 11 ? { ...row, reason: '  padded  ' } : row,
)
const GENERATED_AT = new Date(Date.UTC(2025, 5, 30, 23, 59, 59))

let worker: string
let dir: string
let cleanup: () => Promise<void>

beforeAll(async () => {
  worker = await xlsxWorkerScript()
})
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(() => cleanup())

function options(overrides: Partial<RunExportOptions> = {}): RunExportOptions {
  return {
    search: listSearch(() => SOURCE),
    params: {},
    scope: { kind: 'all' },
    format: 'xlsx',
    targetPath: join(dir, 'report.xlsx'),
    appVersion: '9.9.9',
    apiBase: 'https://api.convoso.com/v1',
    now: () => GENERATED_AT,
    clock: virtualClock().clock,
    xlsxWorkerScript: worker,
    ...overrides,
  }
}

/** A worker script of our own that loads the real one, then misbehaves as told. */
async function wrappedWorker(name: string, body: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, body.replace('REAL_WORKER', JSON.stringify(worker)), 'utf8')
  return path
}

describe('the worker-thread XLSX writer', () => {
  it('writes exactly the sheets the in-thread writer writes', async () => {
    const inThread = await runExport(
      options({ xlsxWorkerScript: undefined, targetPath: join(dir, 'a.xlsx') }),
    )
    const inWorker = await runExport(options({ targetPath: join(dir, 'b.xlsx') }))
    expect(inThread.ok && inWorker.ok).toBe(true)
    if (!inThread.ok || !inWorker.ok) return
    expect(inWorker.data.rowsSha256).toBe(hashRows(SOURCE))
    expect(inWorker.data.rowsWritten).toBe(ROWS)
    const [a, b] = await Promise.all([readFile(join(dir, 'a.xlsx')), readFile(join(dir, 'b.xlsx'))])
    for (const part of [
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/styles.xml',
      'xl/workbook.xml',
    ]) {
      const [left, right] = await Promise.all([zipEntryText(a, part), zipEntryText(b, part)])
      expect(right.length, part).toBeGreaterThan(0)
      expect(right, part).toBe(left)
    }
  })

  it('a worker that cannot start: a clear message, nothing saved', async () => {
    const broken = await wrappedWorker('broken-worker.js', "throw new Error('cannot load exceljs')\n")
    const result = await runExport(options({ xlsxWorkerScript: broken }))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.kind).toBe('internal')
    expect(result.error.message).toMatch(
      /^The spreadsheet writer stopped unexpectedly \(.*cannot load exceljs.*\)\. Nothing was saved; export again, or export as CSV\.$/,
    )
    expect(await listDir(dir)).toEqual(['broken-worker.js'])
  })

  it('a worker that dies mid-export: a clear message, nothing saved', async () => {
    const dying = await wrappedWorker(
      'dying-worker.js',
      [
        "const { parentPort } = require('node:worker_threads')",
        'require(REAL_WORKER)',
        'let batches = 0',
        "parentPort.on('message', (message) => {",
        "  if (message.kind === 'rows' && ++batches === 2) process.exit(3)",
        '})',
        '',
      ].join('\n'),
    )
    const result = await runExport(options({ xlsxWorkerScript: dying }))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.message).toContain('The spreadsheet writer stopped unexpectedly (exit code 3)')
    expect(await listDir(dir)).toEqual(['dying-worker.js'])
  })

  it('a slow disk holds the writer back instead of piling bytes up in memory', async () => {
    let mostBuffered = 0
    const slowDisk = (path: string): WriteStream => {
      const stream = createWriteStream(path, { flags: 'wx' })
      const write = stream._write.bind(stream)
      stream._write = (chunk: Buffer, encoding, callback) => {
        mostBuffered = Math.max(mostBuffered, stream.writableLength)
        setTimeout(() => write(chunk, encoding, callback), 2)
      }
      return stream
    }
    const result = await runExport(options({ fs: { createWriteStream: slowDisk } }))
    expect(result.ok && result.data.rowsSha256).toBe(hashRows(SOURCE))
    // One zip chunk at a time reaches the file stream; the rest waits in the worker.
    expect(mostBuffered).toBeGreaterThan(0)
    expect(mostBuffered).toBeLessThan(1024 * 1024)
  })
})
