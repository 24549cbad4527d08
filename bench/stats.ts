/** Summaries shared by the benchmarks: order statistics, not means, so one GC pause cannot skew them. */

export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))
  return sorted[index] as number
}

export const median = (samples: readonly number[]): number => percentile(samples, 0.5)
export const p95 = (samples: readonly number[]): number => percentile(samples, 0.95)

/** Rounds to microseconds so the printed milliseconds stay readable. */
export const ms = (value: number): number => Math.round(value * 1000) / 1000
