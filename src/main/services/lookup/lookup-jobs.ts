import type { RequestOf, Responses } from '../../../shared/contract'
import {
  DEFAULT_LOOKUP_COUNTRY,
  isLookupCountry,
  MAX_LOOKUP_NUMBERS,
  parsePhoneList,
  type PhoneEntry,
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

  async function run(
    source: SearchSource,
    list: ReturnType<typeof parsePhoneList>,
    defaultCountry: string,
    lanes: number,
    signal: AbortSignal,
    report: (progress: { rowsDone: number }) => void,
  ): Promise<Result<LookupOutcome>> {
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
    if (signal.aborted) return fail({ kind: 'cancelled', message: 'The lookup was cancelled.' })
    const done = verdicts.filter((verdict): verdict is LookupVerdict => verdict !== undefined)
    return ok({
      verdicts: done,
      counts: countVerdicts(done),
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
    })
  }

  async function startJob(request: RequestOf<'startLookup'>): Promise<Result<Responses['startLookup']>> {
    const defaultCountry = request.defaultCountry ?? DEFAULT_LOOKUP_COUNTRY
    if (!isLookupCountry(defaultCountry)) {
      return fail(validation(`${defaultCountry} is not a country Opt-Out Desk knows.`, 'defaultCountry'))
    }
    const list = parsePhoneList(request.text, defaultCountry)
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
    const job = jobs.start({
      kind: 'lookup',
      name: `Lookup of ${count(list.entries.length)} ${list.entries.length === 1 ? 'number' : 'numbers'}`,
      filePath: '',
      phase: 'fetching',
      rowsExpected: numbers,
      unexpectedMessage: 'The lookup stopped unexpectedly. Try again.',
      run: ({ signal, report }) => run(source.data, list, defaultCountry, lanes, signal, report),
    })
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
  }
}
