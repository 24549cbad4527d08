import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runExport, type RunExportOptions } from '../../../../src/main/services/export/export-job'
import { MAX_PAGES_IN_FLIGHT } from '../../../../src/main/services/export/worker-sink'
import { fail } from '../../../../src/shared/result'
import { TEST_WORKERS } from '../../../support/workers'
import { listDir, listSearch, records, tempDir, virtualClock } from './helpers'

/**
 * The export's writer thread as main sees it (services/export/worker-sink.ts),
 * against scripted writers (test/main/lib/fixtures/scripted-writer.mjs): main
 * never has more than MAX_PAGES_IN_FLIGHT pages unanswered, a cancel stops a
 * writer stuck mid-page, and a writer that dies fails the export with nothing
 * left behind and the old file kept.
 */

const SCRIPTED = { script: join(__dirname, '../../lib/fixtures/scripted-writer.mjs') }
const SOURCE = records(12_000)
const OLD_REPORT = 'the previous report\r\n'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  delete process.env['FIXTURE_WRITER']
  await cleanup()
})

function options(overrides: Partial<RunExportOptions> = {}): RunExportOptions {
  return {
    search: listSearch(() => SOURCE),
    params: {},
    scope: { kind: 'all' },
    format: 'csv',
    filePath: join(dir, 'opt-outs.csv'),
    appVersion: '1.0.0',
    apiBase: 'http://127.0.0.1:9/v1',
    clock: virtualClock().clock,
    writer: SCRIPTED,
    ...overrides,
  }
}

describe('the export writer in a worker', () => {
  it(`has at most ${MAX_PAGES_IN_FLIGHT} pages sent and not yet written, and uses that window`, async () => {
    process.env['FIXTURE_WRITER'] = 'window'
    const result = await runExport(options())
    expect(result.ok ? 'ok' : result.error.message).toBe('ok')
    expect(result.ok && result.data.rowsWritten).toBe(SOURCE.length)
    // The scripted writer answered each page late and wrote down the most it ever held at once.
    expect(await readFile(join(dir, 'opt-outs.csv'), 'utf8')).toBe(`max-held=${MAX_PAGES_IN_FLIGHT}\r\n`)
  })

  it('a cancel stops a writer stuck mid-page: cancelled, nothing saved, the old file kept', async () => {
    process.env['FIXTURE_WRITER'] = 'hang'
    await writeFile(join(dir, 'opt-outs.csv'), OLD_REPORT)
    const controller = new AbortController()
    let pagesSent = 0
    const result = await runExport(
      options({
        signal: controller.signal,
        onProgress: ({ phase }) => {
          // The second page is on its way to the writer, which spins on it and never reads another message.
          if (phase === 'writing' && (pagesSent += 1) === 2) controller.abort()
        },
      }),
    )
    expect(result).toEqual(
      fail({ kind: 'cancelled', message: 'The export was cancelled. Nothing was saved.' }),
    )
    expect(await listDir(dir)).toEqual(['opt-outs.csv'])
    expect(await readFile(join(dir, 'opt-outs.csv'), 'utf8')).toBe(OLD_REPORT)
  })

  it.each(['exit', 'throw'])(
    'a writer that dies mid-export (%s) fails it with a message, nothing saved, the old file kept',
    async (mode) => {
      process.env['FIXTURE_WRITER'] = mode
      await writeFile(join(dir, 'opt-outs.csv'), OLD_REPORT)
      const result = await runExport(options())
      expect(result).toEqual(
        fail({
          kind: 'internal',
          message:
            'The part of Opt-Out Desk that writes the file stopped unexpectedly. Nothing was saved; export again.',
        }),
      )
      expect(await listDir(dir)).toEqual(['opt-outs.csv'])
      expect(await readFile(join(dir, 'opt-outs.csv'), 'utf8')).toBe(OLD_REPORT)
    },
  )

  it('a writer that runs out of memory fails the export the same way', async () => {
    const result = await runExport(
      options({
        writer: {
          script: join(__dirname, '../../lib/fixtures/dying-worker.mjs'),
          resourceLimits: { maxOldGenerationSizeMb: 32 },
        },
        format: 'xlsx',
        filePath: join(dir, 'grow.xlsx'),
      }),
    )
    expect(result.ok ? 'ok' : result.error.message).toBe(
      'The part of Opt-Out Desk that writes the file ran out of memory. Nothing was saved; export again.',
    )
    expect(await listDir(dir)).toEqual([])
  })

  it('keeps the bytes the worker writes before the first page arrives (a slow or retried first page)', async () => {
    // The worker starts while the first page is fetched and writes the workbook's first parts at once.
    // A first page slower than the worker's start (here 3 s; exceljs loads in about 1 s) used to lose
    // those bytes: the workbook failed its own check. On a machine too slow for the worker to write
    // first, this runs the ordinary path and still must pass.
    const slowFirst = listSearch(() => SOURCE.slice(0, 2500))
    let calls = 0
    const search: RunExportOptions['search'] = async (offset, limit) => {
      calls += 1
      if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 3000))
      return slowFirst(offset, limit)
    }
    const target = join(dir, 'slow-first.xlsx')
    const result = await runExport(
      options({ search, format: 'xlsx', writer: TEST_WORKERS.exportWriter, filePath: target }),
    )
    expect(result.ok ? result.data.rowsWritten : result.error.message).toBe(2500)
    const onMain = await runExport(
      options({ search: slowFirst, format: 'xlsx', writer: undefined, filePath: join(dir, 'main.xlsx') }),
    )
    expect(result.ok && onMain.ok && result.data.sha256 === onMain.data.sha256).toBe(true)
  }, 60_000)

  it('the real writer in its worker writes the same file as on main', async () => {
    const target = (name: string) => join(dir, name)
    const inWorker = await runExport(
      options({ writer: TEST_WORKERS.exportWriter, filePath: target('worker.csv') }),
    )
    const onMain = await runExport(options({ writer: undefined, filePath: target('main.csv') }))
    expect(inWorker.ok && onMain.ok).toBe(true)
    if (!inWorker.ok || !onMain.ok) return
    expect(inWorker.data.sha256).toBe(onMain.data.sha256)
    expect(inWorker.data.fileSha256).toBe(onMain.data.fileSha256)
    expect(await readFile(target('worker.csv'))).toEqual(await readFile(target('main.csv')))
    // Two whole exports: a loaded CI machine takes well over the default 30 s.
  }, 180_000)
})
