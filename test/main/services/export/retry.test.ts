import { describe, expect, it } from 'vitest'
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  RateGate,
  searchWithRetry,
  type RetryContext,
} from '../../../../src/main/services/export/retry'
import type { SearchPage } from '../../../../src/shared/records'
import { fail, ok, type AppError, type Result } from '../../../../src/shared/result'
import { virtualClock } from './helpers'

const PAGE: SearchPage = { offset: 0, limit: 10, total: 0, records: [] }

const ERRORS: Record<AppError['kind'], AppError> = {
  validation: { kind: 'validation', message: 'bad', fieldErrors: {} },
  'token-missing': { kind: 'token-missing', message: 'no token' },
  'token-rejected': { kind: 'token-rejected', message: 'Convoso rejected the API token.' },
  'keychain-unavailable': { kind: 'keychain-unavailable', message: 'no keychain' },
  convoso: {
    kind: 'convoso',
    message: 'Invalid Campaign ID.',
    code: '6006',
    serverText: 'Invalid Campaign ID',
  },
  network: { kind: 'network', message: 'Could not reach Convoso.' },
  timeout: { kind: 'timeout', message: 'Convoso did not answer.' },
  'rate-limited': { kind: 'rate-limited', message: 'Too many requests.', retryAfterSeconds: null },
  server: { kind: 'server', message: 'Convoso had a server error (HTTP 500).', status: 500 },
  'malformed-response': { kind: 'malformed-response', message: 'Unexpected response.' },
  cancelled: { kind: 'cancelled', message: 'Cancelled.' },
  'report-file': { kind: 'report-file', message: 'Not a report.' },
  busy: { kind: 'busy', message: 'An export is already running.' },
  'not-found': { kind: 'not-found', message: 'Not found.' },
  'file-system': { kind: 'file-system', message: 'Disk full.' },
  internal: { kind: 'internal', message: 'Oops.' },
}

function context(overrides: Partial<RetryContext> = {}): RetryContext & { sleeps: number[] } {
  const { clock, sleeps } = virtualClock()
  return {
    policy: DEFAULT_RETRY_POLICY,
    clock,
    gate: new RateGate(clock),
    signal: new AbortController().signal,
    sleeps,
    ...overrides,
  }
}

/** A search that answers from a script, one entry per call, then succeeds. */
function scripted(answers: AppError[]): { calls: number; search: () => Promise<Result<SearchPage>> } {
  const state = {
    calls: 0,
    search: async (): Promise<Result<SearchPage>> => {
      const answer = answers[state.calls]
      state.calls += 1
      return answer ? fail(answer) : ok(PAGE)
    },
  }
  return state
}

describe('which failures are retried', () => {
  it.each(['network', 'timeout', 'server', 'rate-limited'] as const)('retries %s', (kind) => {
    expect(isRetryable(ERRORS[kind])).toBe(true)
  })

  it.each([
    'convoso',
    'token-rejected',
    'token-missing',
    'malformed-response',
    'validation',
    'cancelled',
    'internal',
  ] as const)('never retries %s', (kind) => {
    expect(isRetryable(ERRORS[kind])).toBe(false)
  })
})

describe('backoff', () => {
  it('doubles per attempt with equal jitter and a ceiling', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 6000 }
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, policy, () => 0))).toEqual([
      500, 1000, 2000, 3000,
    ])
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, policy, () => 0.999999))).toEqual([
      1000, 2000, 4000, 6000,
    ])
  })
})

describe('searchWithRetry', () => {
  it.each(['network', 'timeout', 'server', 'rate-limited'] as const)(
    'recovers from a passing %s failure after backing off',
    async (kind) => {
      const ctx = context()
      const search = scripted([ERRORS[kind], ERRORS[kind]])
      const result = await searchWithRetry(search.search, 0, 10, ctx)
      expect(result).toEqual(ok(PAGE))
      expect(search.calls).toBe(3)
      expect(ctx.sleeps).toEqual([375, 750])
    },
  )

  it.each(['convoso', 'token-rejected', 'malformed-response', 'validation', 'cancelled'] as const)(
    'gives up on %s at once, with the original error',
    async (kind) => {
      const ctx = context()
      const search = scripted([ERRORS[kind]])
      const result = await searchWithRetry(search.search, 0, 10, ctx)
      expect(result).toEqual(fail(ERRORS[kind]))
      expect(search.calls).toBe(1)
      expect(ctx.sleeps).toEqual([])
    },
  )

  it('waits at least as long as Retry-After asks, and holds back other pages too', async () => {
    const ctx = context()
    const limited: AppError = { kind: 'rate-limited', message: 'Slow down.', retryAfterSeconds: 7 }
    const search = scripted([limited])
    const startedAt = ctx.clock.now()
    expect((await searchWithRetry(search.search, 0, 10, ctx)).ok).toBe(true)
    expect(ctx.sleeps).toEqual([7000])
    expect(ctx.clock.now() - startedAt).toBeGreaterThanOrEqual(7000)

    // A second page through the same gate, started before the wait ran out, waits for the rest of it.
    const other = context({ gate: new RateGate(ctx.clock), clock: ctx.clock })
    other.gate.holdUntil(ctx.clock.now() + 3000)
    await searchWithRetry(scripted([]).search, 1000, 10, other)
    expect(other.sleeps).toEqual([]) // the shared clock's sleeps are recorded on the first context
    expect(ctx.sleeps).toEqual([7000, 3000])
  })

  it('fails at once, with a clear message, when Retry-After is longer than it will wait', async () => {
    const ctx = context()
    const limited: AppError = { kind: 'rate-limited', message: 'Slow down.', retryAfterSeconds: 3600 }
    const search = scripted([limited])
    const result = await searchWithRetry(search.search, 0, 10, ctx)
    expect(search.calls).toBe(1)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.kind).toBe('rate-limited')
      expect(result.error.message).toContain('asked to wait 3600 seconds')
    }
  })

  it('stops after the retry budget with the last error and says so', async () => {
    const ctx = context()
    const down: AppError = { kind: 'server', message: 'Convoso had a server error (HTTP 503).', status: 503 }
    const search = scripted(Array.from({ length: 10 }, () => down))
    const result = await searchWithRetry(search.search, 0, 10, ctx)
    expect(search.calls).toBe(DEFAULT_RETRY_POLICY.maxAttempts)
    expect(ctx.sleeps).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts - 1)
    expect(result).toEqual(
      fail({
        kind: 'server',
        status: 503,
        message: 'Convoso had a server error (HTTP 503). (Gave up after 5 attempts.)',
      }),
    )
  })

  it('turns a cancel during the backoff into "cancelled" without another request', async () => {
    const controller = new AbortController()
    const ctx = context({ signal: controller.signal })
    const search = scripted([ERRORS.network, ERRORS.network])
    ctx.clock.sleep = async () => controller.abort()
    const result = await searchWithRetry(search.search, 0, 10, ctx)
    expect(search.calls).toBe(1)
    expect(result.ok ? 'ok' : result.error.kind).toBe('cancelled')
  })

  it('answers even when the injected search throws', async () => {
    const result = await searchWithRetry(
      async () => {
        throw new Error('bug')
      },
      0,
      10,
      context(),
    )
    expect(result.ok ? 'ok' : result.error.kind).toBe('internal')
  })
})
