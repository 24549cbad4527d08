import { MAX_OFFSET } from '../../../shared/paging'
import type { SearchPage } from '../../../shared/records'
import type { AppError, Result } from '../../../shared/result'

/** Convoso's code for an offset it will not serve ("Invalid offset value"). */
export const OFFSET_REFUSED_CODE = '7231'

/** Probes spent finding a limit: enough to bisect 0…1,000,000 to the exact row (2^20 > 10^6). */
const MAX_PROBES = 21

export function isOffsetRefusal(error: AppError): boolean {
  return error.kind === 'convoso' && error.code === OFFSET_REFUSED_CODE
}

/** Asks for one row at `offset`, with the caller's filters, token and host bound in. */
export type OffsetProbe = (offset: number, signal?: AbortSignal) => Promise<Result<SearchPage>>

export interface OffsetLimits {
  /**
   * The highest offset this API host is known or assumed to accept: Convoso's
   * documented 1,000,000 until a refusal has taught otherwise.
   */
  maxOffset(apiBase: string): number
  /** Records that `offset` was served, so a later refusal is only searched for above it. */
  accepted(apiBase: string, offset: number): void
  /** True when the host has already served `offset` (or a higher one) in this run. */
  served(apiBase: string, offset: number): boolean
  /**
   * After the host refused `refusedOffset`, finds the highest offset it still
   * serves (bisecting with one-row probes) and remembers it for the host.
   * Resolves to the limit found, or undefined when a probe failed for another
   * reason (network, token) and nothing was learned.
   */
  learn(
    apiBase: string,
    refusedOffset: number,
    probe: OffsetProbe,
    signal?: AbortSignal,
  ): Promise<number | undefined>
}

/** Limits are per host: one Convoso account may be configured with a lower cap than the documentation's. */
function hostKey(apiBase: string): string {
  try {
    return new URL(apiBase).host.toLowerCase()
  } catch {
    return apiBase
  }
}

/**
 * What the app has learned about how far each API host lets it page. Some
 * servers refuse offsets well below the documented 1,000,000 (clients that
 * assume 100,000 exist); the pager and export must use the real limit, so a
 * refusal is turned into a number instead of a dead end. Kept for the app's
 * run: a new start re-learns it from the first refusal, in a handful of
 * one-row requests, so a changed account limit is never stale for long.
 */
export function createOffsetLimits(): OffsetLimits {
  const limits = new Map<string, { max: number; highestAccepted: number }>()
  const entry = (apiBase: string) => {
    const key = hostKey(apiBase)
    let found = limits.get(key)
    if (!found) {
      found = { max: MAX_OFFSET, highestAccepted: 0 }
      limits.set(key, found)
    }
    return found
  }

  return {
    maxOffset: (apiBase) => limits.get(hostKey(apiBase))?.max ?? MAX_OFFSET,

    served: (apiBase, offset) => offset <= (limits.get(hostKey(apiBase))?.highestAccepted ?? 0),

    accepted(apiBase, offset) {
      const known = entry(apiBase)
      if (offset > known.highestAccepted) known.highestAccepted = offset
      // A server that serves past what it once refused has had its limit raised.
      if (offset > known.max) known.max = Math.min(MAX_OFFSET, offset)
    },

    async learn(apiBase, refusedOffset, probe, signal) {
      if (refusedOffset <= 0) return undefined
      const known = entry(apiBase)
      // A refusal below an offset once served means the account's limit was lowered: start again from 0.
      if (known.highestAccepted >= refusedOffset) known.highestAccepted = 0
      let low = known.highestAccepted
      let high = refusedOffset
      for (let probes = 0; high - low > 1; probes += 1) {
        if (probes >= MAX_PROBES || signal?.aborted) return undefined
        const middle = low + Math.floor((high - low) / 2)
        const answer = await probe(middle, signal)
        if (answer.ok) low = middle
        else if (isOffsetRefusal(answer.error)) high = middle
        else return undefined
      }
      known.highestAccepted = low
      known.max = low
      return low
    },
  }
}
