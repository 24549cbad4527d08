import type { CompareOutcome } from '../../../shared/compare'
import type { RowStore } from '../offline/row-store'
import type { MatchResult } from './match'

/** A finished comparison: its outcome, both reports' rows and the match, for search and export. */
export interface Comparison {
  outcome: CompareOutcome
  older: RowStore
  newer: RowStore
  match: MatchResult
}

/** How many finished comparisons stay searchable and exportable after the window has shown them. */
export const KEPT_COMPARISONS = 3

/**
 * The last few finished comparisons by id. Each holds two reports' rows (about
 * 100 MB for two million-row reports), so older ones are let go.
 */
export interface KeptComparisons {
  keep(comparison: Comparison): void
  get(compareId: string): Comparison | undefined
  /** True when it was kept and is now let go. */
  drop(compareId: string): boolean
}

export function createKeptComparisons(limit = KEPT_COMPARISONS): KeptComparisons {
  const kept = new Map<string, Comparison>()
  return {
    keep(comparison) {
      kept.delete(comparison.outcome.compareId)
      kept.set(comparison.outcome.compareId, comparison)
      for (const id of [...kept.keys()].slice(0, Math.max(0, kept.size - limit))) kept.delete(id)
    },
    get: (compareId) => kept.get(compareId),
    drop: (compareId) => kept.delete(compareId),
  }
}
