import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createJobRegistry,
  PROGRESS_INTERVAL_MS,
  type JobContext,
  type JobEnd,
} from '../../../src/main/jobs/job-registry'
import { addSample, measureRate, RATE_WINDOW_MS } from '../../../src/main/jobs/rate'
import type { ExportResult } from '../../../src/shared/exports'
import type { JobStatus } from '../../../src/shared/jobs'
import { fail, ok } from '../../../src/shared/result'

const RESULT: ExportResult = {
  reportId: 'r1',
  filePath: '/reports/a.xlsx',
  fileSizeBytes: 10,
  rowsWritten: 3,
  partial: false,
  sha256: 'ab'.repeat(32),
  duplicatesRemoved: 0,
  dataChanged: false,
}

/** A run the test finishes when it chooses, holding on to its context. */
function controlledRun() {
  let context: JobContext | undefined
  let finish: (end: JobEnd<ExportResult>) => void = () => undefined
  const run = (given: JobContext) =>
    new Promise<JobEnd<ExportResult>>((resolve) => {
      context = given
      finish = resolve
      given.signal.addEventListener('abort', () => resolve(fail({ kind: 'cancelled', message: 'Stopped.' })))
    })
  return {
    run,
    context: () => {
      if (!context) throw new Error('the run has not started')
      return context
    },
    finish: (end: JobEnd<ExportResult>) => finish(end),
  }
}

function setup(options: { keepFinished?: number } = {}) {
  const logged: string[] = []
  const registry = createJobRegistry({ log: (line) => logged.push(line), ...options })
  const events: JobStatus[] = []
  registry.onChange((status) => events.push(status))
  return { registry, events, logged }
}

function startExport(registry: ReturnType<typeof setup>['registry'], run = controlledRun()) {
  const status = registry.start({
    kind: 'export',
    name: 'a.xlsx',
    filePath: '/reports/a.xlsx',
    phase: 'fetching',
    rowsExpected: 1000,
    unexpectedMessage: 'The export stopped unexpectedly. No file was written; try again.',
    run: run.run,
  })
  return { status, run }
}

/** Lets the run start and settle (it runs after a microtask, and settles through a few more). */
const settle = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-30T00:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('job registry', () => {
  it('announces a new job at once, running, with its kind, name, phase and expected rows', async () => {
    const { registry, events } = setup()
    const { status } = startExport(registry)
    expect(events).toEqual([status])
    expect(status).toMatchObject({
      kind: 'export',
      name: 'a.xlsx',
      state: 'running',
      phase: 'fetching',
      rowsDone: 0,
      rowsExpected: 1000,
      rowsPerSecond: null,
    })
    expect(registry.list()).toEqual([status])
    expect(registry.isRunning('export')).toBe(true)
    expect(registry.isRunning('open-report')).toBe(false)
  })

  it('throttles progress to ten events a second per job, the latest figures winning, the last always sent', async () => {
    const { registry, events } = setup()
    const { run } = startExport(registry)
    await settle()
    events.length = 0
    // 50 reports in 250 ms: at most one event per 100 ms, plus the trailing one.
    for (let i = 1; i <= 50; i += 1) {
      run.context().report({ phase: 'writing', rowsDone: i * 10 })
      await vi.advanceTimersByTimeAsync(5)
    }
    await vi.advanceTimersByTimeAsync(PROGRESS_INTERVAL_MS)
    expect(events.length).toBeGreaterThanOrEqual(2)
    expect(events.length).toBeLessThanOrEqual(4)
    // The trailing event carries the last figures reported.
    expect(events.at(-1)).toMatchObject({ state: 'running', phase: 'writing', rowsDone: 500 })
    // Nothing more once quiet.
    const count = events.length
    await vi.advanceTimersByTimeAsync(1000)
    expect(events.length).toBe(count)
  })

  it('keeps events of one job at least 100 ms apart', async () => {
    const { registry } = setup()
    const at: number[] = []
    registry.onChange((status) => {
      if (status.state === 'running' && status.rowsDone > 0) at.push(Date.now())
    })
    const { run } = startExport(registry)
    await settle()
    for (let i = 1; i <= 100; i += 1) {
      run.context().report({ rowsDone: i })
      await vi.advanceTimersByTimeAsync(3)
    }
    await vi.advanceTimersByTimeAsync(PROGRESS_INTERVAL_MS)
    for (let i = 1; i < at.length; i += 1) {
      expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS)
    }
    expect(at.length).toBeLessThanOrEqual(5)
  })

  it('sends a new phase at once, so a short phase (verifying, then saving) is never overtaken unseen', async () => {
    const { registry, events } = setup()
    const { run } = startExport(registry)
    await settle()
    run.context().report({ phase: 'writing', rowsDone: 10 })
    run.context().report({ phase: 'verifying' })
    run.context().report({ phase: 'saving' })
    expect(events.slice(1).map((status) => status.phase)).toEqual(['writing', 'verifying', 'saving'])
    // The phase events took the throttle's place: no trailing duplicate follows.
    await vi.advanceTimersByTimeAsync(PROGRESS_INTERVAL_MS * 2)
    expect(events).toHaveLength(4)
  })

  it('sends the outcome at once, never held back by the throttle, and no stale progress after it', async () => {
    const { registry, events } = setup()
    const { run, status } = startExport(registry)
    await settle()
    run.context().report({ rowsDone: 1 })
    run.context().report({ rowsDone: 2 })
    run.finish(ok(RESULT))
    await settle()
    expect(events.at(-1)).toMatchObject({ jobId: status.jobId, state: 'done', outcome: RESULT })
    const count = events.length
    await vi.advanceTimersByTimeAsync(1000)
    expect(events.length).toBe(count)
    expect(events.filter((event) => event.state === 'running').every((event) => event.rowsDone <= 2)).toBe(
      true,
    )
  })

  it('measures a smoothed rate in rows per second once a second has been watched', async () => {
    const { registry } = setup()
    const { run, status } = startExport(registry)
    await settle()
    run.context().report({ rowsDone: 1000 })
    expect(registry.get(status.jobId)?.rowsPerSecond).toBeNull()
    await vi.advanceTimersByTimeAsync(1000)
    run.context().report({ rowsDone: 3000 })
    await vi.advanceTimersByTimeAsync(1000)
    run.context().report({ rowsDone: 5000 })
    expect(registry.get(status.jobId)?.rowsPerSecond).toBe(2500)
  })

  it('cancel aborts the run and the job ends cancelled; a second cancel says it had ended', async () => {
    const { registry, events } = setup()
    const { status } = startExport(registry)
    await settle()
    expect(registry.cancel(status.jobId)).toEqual({ ok: true, data: true })
    await settle()
    expect(events.at(-1)).toMatchObject({ jobId: status.jobId, state: 'cancelled' })
    expect(registry.cancel(status.jobId)).toEqual({ ok: true, data: false })
    expect(registry.cancel('no-such-job')).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })

  it('a cancelled run that hands back what it had done ends cancelled carrying it; one that does not carries nothing', async () => {
    const { registry, events } = setup()
    const kept = { ...RESULT, rowsWritten: 1 }
    const keeping = registry.start({
      kind: 'export',
      name: 'a.xlsx',
      filePath: '',
      phase: 'fetching',
      unexpectedMessage: 'Stopped unexpectedly.',
      run: ({ signal }) =>
        new Promise<JobEnd<ExportResult>>((resolve) =>
          signal.addEventListener('abort', () =>
            resolve({ ok: false, error: { kind: 'cancelled', message: 'Stopped.' }, partial: kept }),
          ),
        ),
    })
    const { status: plain } = startExport(registry)
    await settle()
    registry.cancelAll()
    await settle()
    const ended = (jobId: string) => events.filter((event) => event.jobId === jobId).at(-1)
    expect(ended(keeping.jobId)).toMatchObject({ state: 'cancelled', outcome: kept })
    expect(registry.get(keeping.jobId)).toMatchObject({ state: 'cancelled', outcome: kept })
    expect(ended(plain.jobId)).toMatchObject({ state: 'cancelled' })
    expect(ended(plain.jobId)).not.toHaveProperty('outcome')
  })

  it('a failure keeps the run’s AppError and whether a file was left behind', async () => {
    const { registry, events } = setup()
    const { run } = startExport(registry)
    await settle()
    run.finish({
      ok: false,
      error: { kind: 'network', message: 'Convoso stopped answering.' },
      fileLeftBehind: true,
    })
    await settle()
    expect(events.at(-1)).toMatchObject({
      state: 'failed',
      error: { kind: 'network', message: 'Convoso stopped answering.' },
      fileLeftBehind: true,
      filePath: '/reports/a.xlsx',
    })
  })

  it('a run that throws becomes failed with the job’s own message; the raw text goes to the log only', async () => {
    const { registry, events, logged } = setup()
    registry.start({
      kind: 'open-report',
      name: 'b.xlsx',
      filePath: '/reports/b.xlsx',
      phase: 'reading',
      unexpectedMessage: 'The report could not be opened because of an unexpected error.',
      run: async () => {
        throw new Error('ENOENT: raw detail /secret/place')
      },
    })
    await settle()
    const last = events.at(-1)
    expect(last).toMatchObject({
      kind: 'open-report',
      state: 'failed',
      error: { kind: 'internal', message: 'The report could not be opened because of an unexpected error.' },
      fileLeftBehind: false,
    })
    expect(JSON.stringify(last)).not.toMatch(/ENOENT|secret/)
    expect(logged.join('\n')).toContain('ENOENT')
  })

  it('acknowledge drops a finished job, keeps a running one, and says not-found for an unknown one', async () => {
    const { registry } = setup()
    const { run, status } = startExport(registry)
    await settle()
    expect(registry.acknowledge(status.jobId)).toEqual({ ok: true, data: false })
    expect(registry.list()).toHaveLength(1)
    run.finish(ok(RESULT))
    await settle()
    expect(registry.list()).toMatchObject([{ state: 'done' }])
    expect(registry.acknowledge(status.jobId)).toEqual({ ok: true, data: true })
    expect(registry.list()).toEqual([])
    expect(registry.get(status.jobId)).toBeUndefined()
    expect(registry.acknowledge(status.jobId)).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })

  it('keeps a bounded number of unacknowledged finished jobs, dropping the oldest, never a running one', async () => {
    const { registry } = setup({ keepFinished: 3 })
    const running = startExport(registry)
    const ids: string[] = []
    for (let i = 0; i < 6; i += 1) {
      const { status, run } = startExport(registry)
      ids.push(status.jobId)
      await settle()
      run.finish(ok(RESULT))
      await settle()
    }
    const listed = registry.list().map((status) => status.jobId)
    expect(listed).toEqual([running.status.jobId, ...ids.slice(3)])
  })

  it('cancelAll stops every running job (the app quitting)', async () => {
    const { registry, events } = setup()
    const first = startExport(registry)
    const second = startExport(registry)
    await settle()
    registry.cancelAll()
    await settle()
    expect(registry.isRunning('export')).toBe(false)
    const ended = events.filter((event) => event.state === 'cancelled').map((event) => event.jobId)
    expect(ended.sort()).toEqual([first.status.jobId, second.status.jobId].sort())
  })

  it('a listener can unsubscribe; one that throws does not stop the others', async () => {
    const { registry, events, logged } = setup()
    const seen: JobStatus[] = []
    const stop = registry.onChange((status) => seen.push(status))
    registry.onChange(() => {
      throw new Error('listener broke')
    })
    startExport(registry)
    expect(seen).toHaveLength(1)
    expect(events).toHaveLength(1)
    stop()
    startExport(registry)
    expect(seen).toHaveLength(1)
    expect(events).toHaveLength(2)
    expect(logged.join('\n')).toContain('listener broke')
  })
})

describe('rate', () => {
  it('measures rows per second over the samples once they span a second', () => {
    expect(measureRate([{ at: 0, rows: 0 }])).toBeNull()
    expect(
      measureRate([
        { at: 0, rows: 0 },
        { at: 500, rows: 4000 },
      ]),
    ).toBeNull()
    expect(
      measureRate([
        { at: 0, rows: 0 },
        { at: 1000, rows: 0 },
        { at: 2000, rows: 6000 },
      ]),
    ).toBe(3000)
  })

  it('forgets samples older than the window, so the rate follows the recent pace', () => {
    let samples = [{ at: 0, rows: 0 }]
    // 10,000 rows/s for ten seconds, then 1,000 rows/s.
    for (let t = 1; t <= 10; t += 1) samples = addSample(samples, { at: t * 1000, rows: t * 10_000 })
    for (let t = 11; t <= 20; t += 1) {
      samples = addSample(samples, { at: t * 1000, rows: 100_000 + (t - 10) * 1000 })
    }
    expect(samples[0]?.at).toBeGreaterThanOrEqual(20_000 - RATE_WINDOW_MS - 1000)
    expect(measureRate(samples)).toBe(1000)
  })
})
