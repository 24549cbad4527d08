import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workerScrubRunner, type ScrubRunner } from '../../../../src/main/services/scrub/scrub-runner'
import type { OptOutRecord } from '../../../../src/shared/records'
import { settledJob } from '../../../support/jobs'
import { TEST_WORKERS } from '../../../support/workers'
import { exportReport, tempDir } from '../offline/helpers'
import { record } from './doubles'
import { harness, openReport, writeList } from './harness'

/**
 * The scrub as the app runs it: the built scrub worker, with the send-list module's real reader and
 * normaliser, against a real opened report. The worker is kept between scrubs (it holds the
 * snapshot), a cancel stops a scrub without stopping the worker, and the outputs are written there.
 */

const SNAPSHOT: OptOutRecord[] = [
  record({ id: '21', phone_code: '44', phone_number: '7700900123', campaign_id: '0', reason: 'STOP' }),
  record({ id: '22', phone_code: '1', phone_number: '8181233567', campaign_id: '0' }),
]

let dir: string
let cleanup: () => Promise<void>
let snapshotPath: string
let runner: ScrubRunner

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  snapshotPath = (
    await exportReport(dir, SNAPSHOT, 'xlsx', { now: () => new Date(), filePath: join(dir, 'all.xlsx') })
  ).path
  runner = workerScrubRunner(TEST_WORKERS.scrub, () => undefined)
})
afterAll(async () => {
  await runner.dispose()
  await cleanup()
})

describe('the scrub worker', () => {
  it('scrubs a UK list against the opened report, holds the snapshot, and writes the outputs', async () => {
    const list = await writeList(dir, 'uk.csv', [
      'Name,Mobile',
      'Ann,07700 900123',
      'Bob,+44 7700 900123',
      'Cy,001 818 123 3567',
      'Di,07700 900124',
      'Ed,hello',
    ])
    const h = harness({ runner })
    h.lists.set('uk', list)
    h.opened.report = await openReport(snapshotPath)
    const outcome = await h.run({ listId: 'uk', defaultCountry: 'GB' })
    expect(outcome.counts).toEqual({ 'do-not-send': 2, review: 0, clear: 1, invalid: 1, duplicate: 1 })
    expect(outcome.input.rows).toBe(5)
    // Its rows went to the worker as a copy: the opened report is still searchable in main.
    expect(h.opened.report?.search({}, 0, 10).records.map((row) => row.id)).toEqual(['21', '22'])
    const again = await h.run({ listId: 'uk', defaultCountry: 'GB', campaignId: '5' })
    expect(again.counts).toEqual(outcome.counts)
    expect(h.log.filter((line) => line.includes('snapshot held'))).toHaveLength(1)

    h.dialogs.nextReportPath = join(dir, 'uk-out.csv')
    const saved = await h.scrub.saveOutputs({ scrubId: outcome.scrubId, format: 'csv' })
    if (!saved.ok || saved.data === null) throw new Error('save failed')
    const clean = saved.data.files.find((file) => file.kind === 'clean')
    expect(await readFile(clean?.path ?? '', 'utf8')).toBe('Name,Mobile\r\nDi,07700 900124\r\n')
  }, 120_000)

  it('stops a scrub on cancel and goes on serving the next one', async () => {
    const rows = ['Name,Phone']
    for (let index = 0; index < 300_000; index += 1)
      rows.push(`n${index},+1 213 ${String(5_000_000 + index)}`)
    const big = await writeList(dir, 'big.csv', rows)
    const small = await writeList(dir, 'small.csv', ['Name,Phone', 'Ann,+1 818 123 3567'])
    const h = harness({ runner })
    h.lists.set('big', big)
    h.lists.set('small', small)
    const request = {
      phoneColumn: 1,
      codeColumn: null,
      defaultCountry: 'US',
      snapshot: { kind: 'path' as const, path: snapshotPath },
      campaignId: null,
      purposeScoped: 'hold' as const,
    }
    const started = await h.scrub.start({ listId: 'big', ...request })
    if (!started.ok) throw new Error(started.error.message)
    await new Promise((resolve) => setTimeout(resolve, 50))
    h.registry.cancel(started.data.jobId)
    const status = await settledJob(h.registry, started.data.jobId, 'scrub')
    expect(status.state).toBe('cancelled')
    const next = await h.run({ listId: 'small', ...request })
    expect(next.counts['do-not-send']).toBe(1)
  }, 120_000)
})
