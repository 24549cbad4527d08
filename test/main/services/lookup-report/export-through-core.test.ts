import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../../src/main/core'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import type { Result } from '../../../../src/shared/result'
import { ScriptedDialogs } from '../../../support/desktop-doubles'
import { settledJob } from '../../../support/jobs'
import { createTestCore } from '../../../support/test-core'

function data<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`)
  return result.data
}

describe('a lookup saved as a report, through the real handlers', () => {
  let core: Core | undefined
  let dir: string | undefined

  afterEach(async () => {
    await core?.dispose()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('looks up numbers in demo mode, is acknowledged by the window, and is still saved with its verdicts', async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-lookup-core-'))
    const dialogs = new ScriptedDialogs()
    core = createTestCore({ userDataDir: dir, dialogs })
    const { handlers } = core
    data(await handlers.startDemo(undefined))
    const page = data(
      await handlers.search({
        requestId: 'r1',
        filters: { ...EMPTY_FILTERS, campaignId: '0' },
        offset: 0,
        limit: 1,
      }),
    )
    const known = page.page.records[0]
    if (!known) throw new Error('the demo data has no global opt-out')

    const started = data(await handlers.startLookup({ text: `${known.phone_number}\nnot a number` }))
    expect(started).toMatchObject({ numbers: 1, invalid: 1 })
    const status = await settledJob(core.jobs, started.jobId, 'lookup')
    expect(status.state).toBe('done')
    data(await handlers.acknowledgeJob({ jobId: started.jobId }))

    dialogs.nextReportPath = join(dir, 'lookup.csv')
    const saved = data(await handlers.exportLookupReport({ jobId: started.jobId, format: 'csv' }))
    expect(saved).toMatchObject({
      filePath: dialogs.nextReportPath,
      format: 'csv',
      entries: 2,
      completion: 'complete',
    })
    const lines: string[][] = parse(await readFile(dialogs.nextReportPath), {
      bom: true,
      relax_column_count: true,
    })
    const header = lines.findIndex((fields) => fields[0] === 'Entry')
    const table = lines.slice(header + 1)
    expect(saved?.rows).toBe(table.length)
    const verdictColumn = lines[header]?.indexOf('Verdict') ?? -1
    const recordColumn = lines[header]?.indexOf('Opt-out record ID') ?? -1
    expect(
      table.filter((row) => row[verdictColumn] === 'Opted out').map((row) => row[recordColumn]),
    ).toContain(known.id)
    expect(table.at(-1)?.[verdictColumn]).toBe('Not a valid number')
    expect(Object.fromEntries(lines.slice(0, header).map(([label, value]) => [label, value]))).toMatchObject({
      'App version': 'test',
      Completeness: 'Complete: the number checked',
    })

    // Closing the dialog writes nothing and says so with null.
    dialogs.nextReportPath = null
    expect(await handlers.exportLookupReport({ jobId: started.jobId, format: 'xlsx' })).toEqual({
      ok: true,
      data: null,
    })
  })
})
