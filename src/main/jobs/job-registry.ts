import { randomUUID } from 'node:crypto'
import type { JobKind, JobOutcomes, JobPhase, JobProgress, JobStatus } from '../../shared/jobs'
import { fail, ok, type AppError, type Result } from '../../shared/result'
import { addSample, measureRate, type RateSample } from './rate'

/**
 * Every long task main runs for the window, in one place: the services start
 * jobs here (exports, opening a report), the window lists, cancels and
 * acknowledges them, and each change goes to the listeners (the window's
 * `jobChanged` event). Progress is throttled per job, the latest figures
 * winning and the last always delivered; a new phase and a state change go
 * out at once.
 * Plain Node: no Electron here.
 */

/** What a job's run reports; anything left out keeps its last value. */
export type ProgressUpdate = Partial<Omit<JobProgress, 'rowsPerSecond'>>

export interface JobContext {
  signal: AbortSignal
  report(progress: ProgressUpdate): void
}

/**
 * How a run ends: a Result, and on failure whether it left a file at the job's path. A cancelled run
 * may hand back `partial`, what it had done (a lookup's verdicts so far): the cancelled status carries it.
 */
export type JobEnd<T> =
  { ok: true; data: T } | { ok: false; error: AppError; fileLeftBehind?: boolean; partial?: T }

export interface StartJob<K extends JobKind> {
  kind: K
  name: string
  filePath: string
  phase: JobPhase
  rowsExpected?: number | null
  run(context: JobContext): Promise<JobEnd<JobOutcomes[K]>>
  /** Shown if the run throws (a bug): what stopped and what to do. The thrown detail goes to the log only. */
  unexpectedMessage: string
}

export interface JobRegistry {
  start<K extends JobKind>(job: StartJob<K>): JobStatus<K>
  /** Ok(true) when the job was running and is now stopping; ok(false) when it had ended. */
  cancel(jobId: string): Result<boolean>
  /** Ok(true) when a finished job was forgotten; ok(false) while it runs. */
  acknowledge(jobId: string): Result<boolean>
  /** Running jobs and unacknowledged finished ones, oldest first. */
  list(): JobStatus[]
  get(jobId: string): JobStatus | undefined
  /** Whether a job of this kind is running. */
  isRunning(kind: JobKind): boolean
  /** Stops every running job (app quitting). */
  cancelAll(): void
  /** Sees every change of every job; returns the unsubscribe function. */
  onChange(listener: (status: JobStatus) => void): () => void
}

export interface JobRegistryOptions {
  log: (line: string) => void
  /** Finished jobs kept until acknowledged; the oldest beyond this are dropped. */
  keepFinished?: number
  /** At most one progress event per job per this many ms. */
  progressIntervalMs?: number
  now?: () => number
  newId?: () => string
}

export const DEFAULT_KEEP_FINISHED = 20
/** Ten progress events a second per job at most. */
export const PROGRESS_INTERVAL_MS = 100

interface Entry {
  status: JobStatus
  controller: AbortController
  samples: RateSample[]
  lastSent: number
  timer: ReturnType<typeof setTimeout> | undefined
  finishedAt: number
}

function jobNotFound(): AppError {
  return { kind: 'not-found', message: 'That task is not known to Opt-Out Desk any more; it may have ended.' }
}

export function createJobRegistry({
  log,
  keepFinished = DEFAULT_KEEP_FINISHED,
  progressIntervalMs = PROGRESS_INTERVAL_MS,
  now = () => Date.now(),
  newId = () => randomUUID(),
}: JobRegistryOptions): JobRegistry {
  const entries = new Map<string, Entry>()
  const listeners = new Set<(status: JobStatus) => void>()
  let finishedCount = 0

  function emit(entry: Entry): void {
    entry.lastSent = now()
    const snapshot = { ...entry.status } as JobStatus
    for (const listener of listeners) {
      try {
        listener(snapshot)
      } catch (error) {
        log(`jobs: a listener failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  function clearTimer(entry: Entry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer)
    entry.timer = undefined
  }

  function progressChanged(entry: Entry): void {
    if (entry.timer !== undefined) return
    const wait = entry.lastSent + progressIntervalMs - now()
    if (wait <= 0) {
      emit(entry)
      return
    }
    // The trailing event carries the latest figures, whatever arrived in between.
    entry.timer = setTimeout(() => {
      entry.timer = undefined
      if (entry.status.state === 'running') emit(entry)
    }, wait)
  }

  function finish(entry: Entry, status: JobStatus): void {
    clearTimer(entry)
    entry.status = status
    entry.finishedAt = ++finishedCount
    emit(entry)
    dropOldFinished()
  }

  function dropOldFinished(): void {
    const finished = [...entries.entries()]
      .filter(([, entry]) => entry.status.state !== 'running')
      .sort(([, a], [, b]) => a.finishedAt - b.finishedAt)
    for (const [jobId] of finished.slice(0, Math.max(0, finished.length - keepFinished)))
      entries.delete(jobId)
  }

  return {
    start<K extends JobKind>(job: StartJob<K>): JobStatus<K> {
      const jobId = newId()
      const controller = new AbortController()
      const initial = {
        jobId,
        kind: job.kind,
        name: job.name,
        filePath: job.filePath,
        startedAt: new Date(now()).toISOString(),
        state: 'running',
        phase: job.phase,
        rowsDone: 0,
        rowsExpected: job.rowsExpected ?? null,
        bytesDone: 0,
        bytesTotal: 0,
        rowsPerSecond: null,
      } as JobStatus<K>
      const entry: Entry = {
        status: initial,
        controller,
        samples: [{ at: now(), rows: 0 }],
        lastSent: 0,
        timer: undefined,
        finishedAt: 0,
      }
      entries.set(jobId, entry)
      emit(entry)

      const report = (update: ProgressUpdate): void => {
        if (entry.status.state !== 'running') return
        const rowsDone = update.rowsDone ?? entry.status.rowsDone
        const newPhase = update.phase !== undefined && update.phase !== entry.status.phase
        entry.samples = addSample(entry.samples, { at: now(), rows: rowsDone })
        entry.status = {
          ...entry.status,
          ...update,
          rowsDone,
          rowsPerSecond: measureRate(entry.samples),
        } as JobStatus
        // A new phase ("Checking the file…") goes out at once: a job has only a handful, and a throttled
        // one could be overtaken by the next and never be seen.
        if (newPhase) {
          clearTimer(entry)
          emit(entry)
        } else progressChanged(entry)
      }

      const base = () => {
        const { state: _state, ...rest } = entry.status as JobStatus & Record<string, unknown>
        delete rest['outcome']
        delete rest['error']
        delete rest['fileLeftBehind']
        return rest as Omit<JobStatus, 'state'>
      }

      void Promise.resolve()
        .then(() => job.run({ signal: controller.signal, report }))
        .then(
          (end) => {
            if (!end.ok && (end.error.kind === 'cancelled' || controller.signal.aborted)) {
              const kept = end.partial !== undefined ? { outcome: end.partial } : {}
              finish(entry, { ...base(), state: 'cancelled', ...kept } as JobStatus)
            } else if (!end.ok) {
              finish(entry, {
                ...base(),
                state: 'failed',
                error: end.error,
                fileLeftBehind: end.fileLeftBehind ?? false,
              } as JobStatus)
            } else {
              finish(entry, { ...base(), state: 'done', outcome: end.data } as JobStatus)
            }
          },
          (error: unknown) => {
            log(
              `${job.kind} ${jobId} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            )
            finish(entry, {
              ...base(),
              state: 'failed',
              error: { kind: 'internal', message: job.unexpectedMessage },
              fileLeftBehind: false,
            } as JobStatus)
          },
        )
      return { ...initial }
    },

    cancel(jobId) {
      const entry = entries.get(jobId)
      if (!entry) return fail(jobNotFound())
      if (entry.status.state !== 'running') return ok(false)
      entry.controller.abort()
      return ok(true)
    },

    acknowledge(jobId) {
      const entry = entries.get(jobId)
      if (!entry) return fail(jobNotFound())
      if (entry.status.state === 'running') return ok(false)
      entries.delete(jobId)
      return ok(true)
    },

    list: () => [...entries.values()].map((entry) => ({ ...entry.status }) as JobStatus),

    get(jobId) {
      const entry = entries.get(jobId)
      return entry ? ({ ...entry.status } as JobStatus) : undefined
    },

    isRunning: (kind) =>
      [...entries.values()].some((entry) => entry.status.kind === kind && entry.status.state === 'running'),

    cancelAll() {
      for (const entry of entries.values()) if (entry.status.state === 'running') entry.controller.abort()
    },

    onChange(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
