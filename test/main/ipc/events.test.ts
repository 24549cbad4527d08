import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import { sweptEvents, type EventSink } from '../../../src/main/ipc/events'
import type { Events } from '../../../src/shared/contract'
import type { JobStatus } from '../../../src/shared/jobs'
import { EventRecorder, createTestCore } from '../../support/test-core'
import { ScriptedDialogs } from '../../support/desktop-doubles'
import { settledJob } from '../../support/jobs'

const TOKEN = 'tok3n-9f8e7d6c5b4a3210'

const STATUS: JobStatus<'export'> = {
  jobId: 'j1',
  kind: 'export',
  name: 'a.xlsx',
  filePath: '/a.xlsx',
  startedAt: '2026-11-30T00:00:00.000Z',
  state: 'failed',
  phase: 'fetching',
  rowsDone: 0,
  rowsExpected: 2,
  bytesDone: 0,
  bytesTotal: 0,
  rowsPerSecond: null,
  error: { kind: 'convoso', message: `Convoso said: bad token ${TOKEN}`, code: '5001', serverText: TOKEN },
  fileLeftBehind: false,
}

describe('the events half of the contract', () => {
  it('is typed: each event name carries its own payload type', () => {
    expectTypeOf<Events['jobChanged']>().toEqualTypeOf<JobStatus>()
    expectTypeOf<Parameters<EventSink>>().toEqualTypeOf<['jobChanged', JobStatus]>()
  })

  it('sweeps every payload for tokens with the answers’ sweep before the sink sees it', () => {
    const recorder = new EventRecorder()
    const logged: string[] = []
    const send = sweptEvents(
      recorder.sink,
      () => [TOKEN],
      (line) => logged.push(line),
    )
    send('jobChanged', STATUS)
    expect(recorder.events).toHaveLength(1)
    const text = JSON.stringify(recorder.events)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(TOKEN.slice(2, 10))
    expect(recorder.events[0]?.payload).toMatchObject({
      jobId: 'j1',
      state: 'failed',
      error: { code: '5001' },
    })
    expect(logged.join('\n')).toMatch(/Removed a token from the jobs:changed event at \.error\.message/)
    expect(logged.join('\n')).not.toContain(TOKEN)
  })

  it('withholds a payload that cannot be walked, and survives a sink that throws', () => {
    const recorder = new EventRecorder()
    const logged: string[] = []
    const looped: Record<string, unknown> = { ...STATUS }
    Object.defineProperty(looped, 'trap', {
      enumerable: true,
      get() {
        throw new Error('no')
      },
    })
    sweptEvents(
      recorder.sink,
      () => [TOKEN],
      (line) => logged.push(line),
    )('jobChanged', looped as unknown as JobStatus)
    expect(recorder.events).toEqual([])
    expect(logged.join('\n')).toContain('withheld')
    const throwing: EventSink = () => {
      throw new Error('window gone')
    }
    expect(() =>
      sweptEvents(
        throwing,
        () => [],
        (line) => logged.push(line),
      )('jobChanged', STATUS),
    ).not.toThrow()
  })
})

describe('the core pushes job events', () => {
  let userDataDir: string
  beforeEach(async () => {
    userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-events-'))
  })
  afterEach(() => rm(userDataDir, { recursive: true, force: true }))

  it('an open’s start, progress and outcome reach the sink; listJobs, acknowledgeJob and cancelJob answer', async () => {
    const recorder = new EventRecorder()
    const dialogs = new ScriptedDialogs()
    const core = createTestCore({ userDataDir, dialogs, events: recorder.sink })
    const started = await core.handlers.viewReportAtPath({ path: join(userDataDir, 'missing.csv') })
    if (!started.ok) throw new Error(started.error.message)
    const { jobId } = started.data
    const listed = await core.handlers.listJobs(undefined)
    expect(listed).toMatchObject({ ok: true, data: [{ jobId, kind: 'open-report', name: 'missing.csv' }] })
    await settledJob(core.jobs, jobId, 'open-report')
    const mine = recorder.events.filter((entry) => entry.payload.jobId === jobId)
    expect(mine[0]).toMatchObject({ event: 'jobChanged', payload: { state: 'running', phase: 'reading' } })
    expect(mine.at(-1)).toMatchObject({ payload: { state: 'failed', error: { kind: 'report-file' } } })
    expect(await core.handlers.cancelJob({ jobId })).toEqual({ ok: true, data: false })
    expect(await core.handlers.acknowledgeJob({ jobId })).toEqual({ ok: true, data: true })
    expect(await core.handlers.listJobs(undefined)).toEqual({ ok: true, data: [] })
    expect(await core.handlers.acknowledgeJob({ jobId })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
    await core.dispose()
  })
})
