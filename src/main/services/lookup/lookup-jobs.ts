import type { RequestOf, Responses } from '../../../shared/contract'
import {
  DEFAULT_LOOKUP_COUNTRY,
  isLookupCountry,
  MAX_LOOKUP_NUMBERS,
  parsePhoneListInSteps,
  type PhoneEntry,
  type PhoneList,
} from '../../../shared/lookup/phone-list'
import { countVerdicts, type LookupOutcome, type LookupVerdict } from '../../../shared/lookup/verdicts'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { JobRegistry } from '../../jobs/job-registry'
import type { Log } from '../../lib/log'
import { DEFAULT_RETRY_POLICY, RateGate, systemClock, type Clock, type RetryPolicy } from '../export/retry'
import type { SearchSource, SearchSources } from '../sources/search-source'
import { checkNumber } from './check-number'

export interface LookupJobs {
  start(request: RequestOf<'startLookup'>): Promise<Result<Responses['startLookup']>>
  /**
   * The verdicts of a finished lookup (done, or cancelled with what it had checked), kept after the
   * window acknowledged the job so they can still be exported. `not-found` with a message saying why
   * for a lookup that is unknown, still running or failed.
   */
  outcome(jobId: string): Result<LookupOutcome>
}

export interface LookupJobsDeps {
  sources: SearchSources
  jobs: JobRegistry
  /** Numbers asked at once: the same "requests at once" setting exports use. */
  concurrency: () => Promise<number>
  log: Log
  retryPolicy?: RetryPolicy
  clock?: Clock
  now?: () => Date
}

/** Finished lookups whose verdicts stay exportable (each at most 10,000 verdicts). */
export const KEPT_OUTCOMES = 5

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Failures that would be the same for every number: the lookup stops at the first, with that message. */
const STOPS_EVERYTHING: ReadonlySet<AppError['kind']> = new Set(['token-missing', 'token-rejected'])

function validation(message: string, field = 'text'): AppError {
  return { kind: 'validation', message, fieldErrors: { [field]: message } }
}

const count = (value: number): string => value.toLocaleString('en-US')

/**
 * Runs `work` on every item with at most `limit` running at once; stops taking
 * new items once `signal` aborts. Items already started finish.
 */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (!signal.aborted && next < items.length) {
      const index = next
      next += 1
      await work(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
}

/**
 * The lookup: a pasted list of numbers, each checked against the current
 * source (Convoso, or an opened report) as a job in the registry, so the window
 * sees progress, can cancel, and finds the verdicts after a reload. One lookup
 * runs at a time. A number that cannot be checked gets a "failed" verdict with
 * the reason; the others carry on.
 */
export function createLookupJobs({
  sources,
  jobs,
  concurrency,
  log,
  retryPolicy = DEFAULT_RETRY_POLICY,
  clock = systemClock,
  now = () => new Date(),
}: LookupJobsDeps): LookupJobs {
  let starting = false
  /** Finished lookups by job id, oldest first; a failed one is kept as its error. */
  const finished = new Map<string, Result<LookupOutcome>>()
  const running = new Set<string>()

  function keep(jobId: string, end: Result<LookupOutcome> & { partial?: LookupOutcome }): void {
    finished.set(jobId, end.ok || end.partial === undefined ? end : ok(end.partial))
    for (const old of [...finished.keys()].slice(0, Math.max(0, finished.size - KEPT_OUTCOMES))) {
      finished.delete(old)
    }
  }

  async function run(
    source: SearchSource,
    list: PhoneList,
    defaultCountry: string,
    lanes: number,
    signal: AbortSignal,
    report: (progress: { rowsDone: number }) => void,
  ): Promise<Result<LookupOutcome> & { partial?: LookupOutcome }> {
    const startedAt = now().toISOString()
    const verdicts: Array<LookupVerdict | undefined> = list.entries.map((entry) =>
      entry.kind === 'invalid' ? { verdict: 'invalid', entry } : undefined,
    )
    const toCheck = list.entries
      .map((entry, index) => ({ entry, index }))
      .filter((item): item is { entry: PhoneEntry; index: number } => item.entry.kind === 'number')
    // Linked to the job's signal, so a refused token stops the other lanes as a cancel would.
    const stop = new AbortController()
    const onAbort = (): void => stop.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    const retry = { policy: retryPolicy, clock, gate: new RateGate(clock), signal: stop.signal }
    let stoppedBy: AppError | undefined
    let checked = 0
    try {
      await forEachBounded(toCheck, lanes, stop.signal, async ({ entry, index }) => {
        const verdict = await checkNumber(source, entry, retry)
        if (stop.signal.aborted) return
        if (verdict.verdict === 'failed') {
          log(`lookup: a number could not be checked (${verdict.error.kind})`)
          if (STOPS_EVERYTHING.has(verdict.error.kind)) {
            stoppedBy ??= verdict.error
            stop.abort()
            return
          }
        }
        verdicts[index] = verdict
        checked += 1
        report({ rowsDone: checked })
      })
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
    if (stoppedBy) return fail(stoppedBy)
    // A cancel keeps every verdict it had; the numbers not asked yet say so.
    const all = verdicts.map(
      (verdict, index): LookupVerdict =>
        verdict ?? { verdict: 'not-checked', entry: list.entries[index] as PhoneEntry },
    )
    const cancelled = all.some((verdict) => verdict.verdict === 'not-checked')
    const outcome: LookupOutcome = {
      verdicts: all,
      completion: cancelled ? 'cancelled' : 'complete',
      counts: countVerdicts(all),
      inputCount: list.inputCount,
      duplicatesCollapsed: list.duplicatesCollapsed,
      defaultCountry,
      source: {
        kind: source.kind,
        apiBase: source.apiBase,
        ...(source.exportSource ? { reportFileName: source.exportSource.fileName } : {}),
      },
      startedAt,
      finishedAt: now().toISOString(),
    }
    if (!cancelled) return ok(outcome)
    return { ...fail({ kind: 'cancelled', message: 'The lookup was cancelled.' }), partial: outcome }
  }

  async function startJob(request: RequestOf<'startLookup'>): Promise<Result<Responses['startLookup']>> {
    const defaultCountry = request.defaultCountry ?? DEFAULT_LOOKUP_COUNTRY
    if (!isLookupCountry(defaultCountry)) {
      return fail(validation(`${defaultCountry} is not a country Opt-Out Desk knows.`, 'defaultCountry'))
    }
    // In steps, so a 10,000-number paste never holds main's thread for the whole parse.
    const list = await parsePhoneListInSteps(request.text, defaultCountry, nextTurn)
    if (list.entries.length === 0) return fail(validation('Paste at least one phone number to look up.'))
    if (list.entries.length > MAX_LOOKUP_NUMBERS) {
      return fail(
        validation(
          `That list has ${count(list.entries.length)} different entries; a lookup checks at most ${count(MAX_LOOKUP_NUMBERS)} at a time. Split the list and look up each part.`,
        ),
      )
    }
    const source = await sources.current()
    if (!source.ok) return source
    const numbers = list.entries.filter((entry) => entry.kind === 'number').length
    const lanes = await concurrency()
    let jobId = ''
    const job = jobs.start({
      kind: 'lookup',
      name: `Lookup of ${count(list.entries.length)} ${list.entries.length === 1 ? 'number' : 'numbers'}`,
      filePath: '',
      phase: 'fetching',
      rowsExpected: numbers,
      unexpectedMessage: 'The lookup stopped unexpectedly. Try again.',
      run: async ({ signal, report }) => {
        try {
          const end = await run(source.data, list, defaultCountry, lanes, signal, report)
          keep(jobId, end)
          return end
        } finally {
          running.delete(jobId)
        }
      },
    })
    // The registry starts the run on a later turn, so the id is known before `keep` needs it.
    jobId = job.jobId
    running.add(jobId)
    return ok({
      jobId: job.jobId,
      numbers,
      invalid: list.entries.length - numbers,
      duplicatesCollapsed: list.duplicatesCollapsed,
    })
  }

  return {
    async start(request) {
      if (starting || jobs.isRunning('lookup')) {
        return fail({
          kind: 'busy',
          message: 'A lookup is already running. Wait for it to finish or cancel it first.',
        })
      }
      starting = true
      try {
        return await startJob(request)
      } finally {
        starting = false
      }
    },

    outcome(jobId) {
      const kept = finished.get(jobId)
      if (kept?.ok) return kept
      if (kept) {
        return fail({
          kind: 'not-found',
          message: `That lookup failed, so it has no verdicts to save. ${kept.error.message}`,
        })
      }
      if (running.has(jobId)) {
        return fail({
          kind: 'not-found',
          message:
            'That lookup is still running. Wait for it to finish, or cancel it, then save its verdicts.',
        })
      }
      return fail({
        kind: 'not-found',
        message:
          'That lookup is no longer known to Opt-Out Desk (only the last five are kept). Run it again.',
      })
    },
  }
}
