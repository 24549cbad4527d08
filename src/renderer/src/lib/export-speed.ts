import type { JobStatus } from '../../../shared/jobs'
import { formatCount, formatDuration } from './format'

/** The figures of an export job that its speed and time left are worked out from. */
export type ExportFigures = Pick<JobStatus<'export'>, 'rowsDone' | 'rowsExpected' | 'rowsPerSecond'>

export interface ExportProgressShare {
  written: number
  /** Never below `written`: main's estimate can be short when rows arrive that the plan did not count. */
  expected: number
  /** 0 to 1. */
  fraction: number
  /** Whole percent, rounded down so 100 means every row is written. */
  percent: number
}

/** How far the export is, for the meter. */
export function progressShare(status: ExportFigures | null): ExportProgressShare {
  const written = status?.rowsDone ?? 0
  const expected = Math.max(status?.rowsExpected ?? 0, written)
  const fraction = expected > 0 ? written / expected : 0
  return { written, expected, fraction, percent: Math.floor(fraction * 100) }
}

/** Seconds until the job is done at the current speed; null when unknown (not measured, or stalled). */
export function secondsLeft(status: ExportFigures | null): number | null {
  if (!status || status.rowsExpected === null) return null
  const { rowsPerSecond } = status
  if (rowsPerSecond === null || rowsPerSecond <= 0) return null
  return Math.max(0, status.rowsExpected - status.rowsDone) / rowsPerSecond
}

/** "1,200 rows/s", or that the speed is not known yet. */
export function speedText(status: ExportFigures | null): string {
  const rowsPerSecond = status?.rowsPerSecond ?? null
  return rowsPerSecond === null ? 'Measuring speed…' : `${formatCount(rowsPerSecond)} rows/s`
}

/** "About 20 s left"; while no row arrives (speed 0), that the export waits for Convoso. */
export function timeLeftText(status: ExportFigures | null): string {
  const left = secondsLeft(status)
  if (left !== null) return `About ${formatDuration(left)} left`
  return status?.rowsPerSecond === 0 ? 'Waiting for Convoso…' : 'Estimating time left…'
}
