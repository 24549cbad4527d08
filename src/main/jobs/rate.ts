/**
 * Rows per second over the last few seconds, so pages arriving in bursts do
 * not make the figure jump; no figure until a second has been watched.
 */

export const RATE_WINDOW_MS = 5_000
export const RATE_MIN_SPAN_MS = 1_000

export interface RateSample {
  at: number
  rows: number
}

/** Adds a sample and drops those older than the window (keeping one at or before its start). */
export function addSample(samples: readonly RateSample[], sample: RateSample): RateSample[] {
  const next = [...samples, sample]
  while (next.length > 2 && (next[1]?.at ?? Infinity) <= sample.at - RATE_WINDOW_MS) next.shift()
  return next
}

/** Rows per second across the samples, or null while they span less than `RATE_MIN_SPAN_MS`. */
export function measureRate(samples: readonly RateSample[]): number | null {
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (!first || !last) return null
  const span = last.at - first.at
  if (span < RATE_MIN_SPAN_MS) return null
  return Math.max(0, (last.rows - first.rows) / (span / 1000))
}
