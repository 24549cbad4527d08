import type { SearchPage } from '../../../shared/records'
import type { AppError, Result } from '../../../shared/result'

/**
 * Retrying one page of an export. Kept in-house rather than taken from a
 * library: `exponential-backoff` 3.1 sleeps with a bare `setTimeout` that an
 * AbortSignal cannot cut short (a cancel would wait out the backoff) and draws
 * jitter from `Math.random`; `p-retry` 6 is ESM-only (it would have to be bundled)
 * and cannot replace its own delay with the server's Retry-After. Both would
 * also need fake timers in tests, where this takes an injected clock.
 */

/** One page of the search the export runs; the caller binds token, API base and filters. */
export type SearchFn = (offset: number, limit: number, signal: AbortSignal) => Promise<Result<SearchPage>>

export interface RetryPolicy {
  /** Attempts per page, the first included. */
  maxAttempts: number
  /** Backoff before the second attempt; doubled for each attempt after it. */
  baseDelayMs: number
  maxDelayMs: number
  /**
   * A Retry-After longer than this is not waited out: the export fails at once
   * with Convoso's message, rather than sitting silent for an hour.
   */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 120_000,
}

/** Time as the retry loop sees it; tests pass a virtual one. */
export interface Clock {
  now(): number
  /** Resolves after `ms`, or as soon as `signal` aborts (it never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>
  /** Uniform in [0, 1). */
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted || ms <= 0) {
        resolve()
        return
      }
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done, { once: true })
    }),
  random: () => Math.random(),
}

/**
 * Transient failures are retried; answers that would come back the same
 * (a business error, a refused token, a body we cannot read, a bad request)
 * or that the user chose (cancel) are not.
 */
export function isRetryable(error: AppError): boolean {
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'server':
    case 'rate-limited':
      return true
    default:
      return false
  }
}

/**
 * "Equal jitter": half the exponential step for sure, the other half at random,
 * so pages that failed together do not all come back at the same instant but
 * every retry still backs off. `attempt` is the attempt that just failed (1-based).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(step / 2 + random() * (step / 2))
}

/**
 * Shared by every page of one export: a 429 with Retry-After on one page holds
 * back the others too, since they would be refused for the same reason.
 */
export class RateGate {
  private notBefore = 0

  constructor(private readonly clock: Clock) {}

  holdUntil(time: number): void {
    this.notBefore = Math.max(this.notBefore, time)
  }

  async wait(signal: AbortSignal): Promise<void> {
    // Re-read after each sleep: another page may have pushed the time back.
    for (let wait = this.notBefore - this.clock.now(); wait > 0 && !signal.aborted;) {
      await this.clock.sleep(wait, signal)
      wait = this.notBefore - this.clock.now()
    }
  }
}

export interface RetryContext {
  policy: RetryPolicy
  clock: Clock
  gate: RateGate
  signal: AbortSignal
  /** Told before each wait, e.g. for a log line. */
  onRetry?: (info: { offset: number; attempt: number; delayMs: number; error: AppError }) => void
}

const cancelled = (): AppError => ({ kind: 'cancelled', message: 'The export was cancelled.' })

/**
 * Fetches one page, retrying transient failures. Never throws; the error after
 * the last attempt carries the server's own message and says it was retried.
 */
export async function searchWithRetry(
  search: SearchFn,
  offset: number,
  limit: number,
  context: RetryContext,
): Promise<Result<SearchPage>> {
  const { policy, clock, gate, signal } = context
  let last: AppError | undefined
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    await gate.wait(signal)
    if (signal.aborted) return { ok: false, error: cancelled() }
    let result: Result<SearchPage>
    try {
      result = await search(offset, limit, signal)
    } catch {
      // The injected search promises never to throw; a bug in it must still end the export cleanly.
      result = {
        ok: false,
        error: { kind: 'internal', message: 'The search failed unexpectedly while exporting.' },
      }
    }
    if (signal.aborted) return { ok: false, error: cancelled() }
    if (result.ok) return result
    last = result.error
    if (!isRetryable(last)) return result
    if (attempt === policy.maxAttempts) break

    let delayMs = backoffDelayMs(attempt, policy, clock.random)
    if (last.kind === 'rate-limited' && last.retryAfterSeconds !== null) {
      const askedMs = last.retryAfterSeconds * 1000
      if (askedMs > policy.maxRetryAfterMs) {
        return {
          ok: false,
          error: {
            ...last,
            message: `${last.message} Convoso asked to wait ${last.retryAfterSeconds} seconds; try the export again later.`,
          },
        }
      }
      delayMs = Math.max(delayMs, askedMs)
      gate.holdUntil(clock.now() + askedMs)
    }
    context.onRetry?.({ offset, attempt, delayMs, error: last })
    await clock.sleep(delayMs, signal)
  }
  if (!last) return { ok: false, error: cancelled() }
  return {
    ok: false,
    error: { ...last, message: `${last.message} (Gave up after ${policy.maxAttempts} attempts.)` },
  }
}
