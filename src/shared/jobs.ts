import type { CompareOutcome } from './compare'
import type { ExportResult } from './exports'
import type { LookupOutcome } from './lookup/verdicts'
import type { ReportInfo } from './offline'
import type { AppError } from './result'

/**
 * One model for every long task main runs for the window (exports, opening a
 * report, and later ones): main pushes each change as a `jobChanged` event and
 * answers `listJobs`, so a reloaded window finds what is still running.
 */

/** What each kind of job gives when it is done. */
export interface JobOutcomes {
  export: ExportResult
  'open-report': ReportInfo
  /** A pasted list of numbers checked one by one: a verdict for each. */
  lookup: LookupOutcome
  /** Two reports compared by record id: counts, summary and notes (the lists are searched with searchComparison). */
  compare: CompareOutcome
}

export type JobKind = keyof JobOutcomes

/**
 * - `fetching`: asking the source for rows; `writing`: rows going into the file;
 * - `verifying`: reading the written file back; `saving`: moving it into place;
 * - `reading`: reading a report from disk.
 */
export type JobPhase = 'fetching' | 'writing' | 'verifying' | 'saving' | 'reading'

/** How far a job has come; main fills it in and computes the rate. */
export interface JobProgress {
  phase: JobPhase
  rowsDone: number
  /** Rows the job expects to handle, as far as it knows; null when it cannot know (reading a file). */
  rowsExpected: number | null
  bytesDone: number
  /** 0 while unknown. */
  bytesTotal: number
  /** Rows per second over the last few seconds, measured in main; null until a second has been watched. */
  rowsPerSecond: number | null
}

interface JobBase<K extends JobKind> extends JobProgress {
  jobId: string
  kind: K
  /** The file's name, for display (a lookup: what it checks, e.g. "Lookup of 3 numbers"). */
  name: string
  /** The file the job writes or reads; '' for a job with no file (a lookup). */
  filePath: string
  /** ISO 8601. */
  startedAt: string
}

type StatusOf<K extends JobKind> =
  | (JobBase<K> & { state: 'running' })
  | (JobBase<K> & { state: 'done'; outcome: JobOutcomes[K] })
  | (JobBase<K> & {
      state: 'failed'
      error: AppError
      /** True when a file (at `filePath`) was left on disk after the failure. */
      fileLeftBehind: boolean
    })
  | (JobBase<K> & {
      state: 'cancelled'
      /**
       * What the job had done when it was cancelled, for kinds that keep it: a lookup's verdicts so far
       * (its other numbers marked 'not-checked'). Absent for the others (a cancelled export leaves nothing).
       */
      outcome?: JobOutcomes[K]
    })

/** One job's status, a union by `state`; `JobStatus` alone is any kind's. */
export type JobStatus<K extends JobKind = JobKind> = K extends JobKind ? StatusOf<K> : never
