import { createHash } from 'node:crypto'
import { SEARCH_PARAM_FIELDS, type SearchParams } from '../../../shared/filters'
import { MAX_OFFSET } from '../../../shared/paging'
import type { SearchPage } from '../../../shared/records'
import { ok, type AppError, type Result } from '../../../shared/result'
import type { ConvosoClient } from '../convoso/client'
import { createOffsetLimits, isOffsetRefusal, type OffsetLimits } from '../convoso/offset-limits'
import type { ExportSource } from '../export'
import type { OpenedReport } from '../offline/types'
import { isDayRange, searchDayRange } from '../search/day-range-search'
import { createDayTotals, type DayTotals } from '../search/day-range-totals'
import type { Credentials, Session } from '../session/session'

/**
 * Where search pages come from: Convoso, or an exported report opened from
 * disk. Search, export and everything the window shows go through this one
 * interface, so they work the same on either and never ask which one it is.
 */
export interface SearchSource {
  readonly kind: 'convoso' | 'report'
  search(
    params: SearchParams,
    offset: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Result<SearchPage>>
  /**
   * The highest offset this source serves: Convoso's documented 1,000,000, or
   * the lower limit the API host showed when it refused an offset.
   */
  maxOffset(): number
  /** True when the source is known to serve `offset`, so nothing needs asking to be sure. */
  serves(offset: number): boolean
  /** What a report made from this source records as its API base. */
  readonly apiBase: string
  /** Set when the rows come from a report file; recorded in reports exported from it. */
  readonly exportSource?: ExportSource
}

export interface SearchSources {
  /** The opened report when there is one, otherwise Convoso with the session's credentials. */
  current(): Promise<Result<SearchSource>>
}

const count = (value: number): string => value.toLocaleString('en-US')

/** What the user is told once the host's real limit is known: the numbers, and what to do. */
export function offsetLimitError(refused: AppError & { kind: 'convoso' }, maxOffset: number): AppError {
  return {
    ...refused,
    message:
      `Convoso refused to page this far: this account's API serves rows up to offset ${count(maxOffset)} only ` +
      `(the first ${count(maxOffset + 1)} matches of a search; Convoso documents ${count(MAX_OFFSET + 1)}). ` +
      'Narrow the filters by campaign or insert date to reach the rest.',
  }
}

/**
 * What a day's cached total belongs to: the host, the token (as a hash: the cache never holds it) and
 * every filter but the date, so a total never answers for another account or another search.
 */
function dayTotalsScope(credentials: Credentials, params: SearchParams): string {
  const token = createHash('sha256').update(credentials.token).digest('hex')
  const filters = SEARCH_PARAM_FIELDS.map((field) => (field === 'insert_date' ? '' : (params[field] ?? '')))
  return JSON.stringify([credentials.apiBase, token, filters])
}

/**
 * Convoso with the session's credentials. A refused offset (7231) is not a dead
 * end: the source finds the host's real limit, remembers it, and says it, so
 * the pager and export stop at what this account can reach. An insert-date
 * range becomes one search per day (day-range-search.ts).
 */
export function convosoSource(
  convoso: ConvosoClient,
  credentials: Credentials,
  limits: OffsetLimits,
  totals: DayTotals = createDayTotals(),
): SearchSource {
  const { apiBase } = credentials
  const searchDay: SearchSource['search'] = async (params, offset, limit, signal) => {
    const answer = await convoso.search({ ...credentials, params, offset, limit, signal })
    if (answer.ok) {
      limits.accepted(apiBase, offset)
      return answer
    }
    const { error } = answer
    if (error.kind !== 'convoso' || !isOffsetRefusal(error)) return answer
    const probe = (at: number, probeSignal?: AbortSignal) =>
      convoso.search({ ...credentials, params, offset: at, limit: 1, signal: probeSignal })
    const learned = await limits.learn(apiBase, offset, probe, signal)
    return learned === undefined ? answer : { ok: false, error: offsetLimitError(error, learned) }
  }
  return {
    kind: 'convoso',
    apiBase,
    maxOffset: () => limits.maxOffset(apiBase),
    serves: (offset) => limits.served(apiBase, offset),
    search(params, offset, limit, signal) {
      if (!isDayRange(params)) return searchDay(params, offset, limit, signal)
      const scope = dayTotalsScope(credentials, params)
      return searchDayRange({ params, offset, limit, signal, searchDay, totals, scope })
    },
  }
}

export function reportSource(report: OpenedReport): SearchSource {
  const { info } = report
  return {
    kind: 'report',
    // A report holds at most what one Convoso filter can reach, so paging never needs more.
    maxOffset: () => MAX_OFFSET,
    serves: (offset) => offset <= MAX_OFFSET,
    apiBase: info.apiBase ?? 'none (rows read from a report file)',
    exportSource: {
      fileName: info.fileName,
      ...(info.generatedAt ? { generatedAt: info.generatedAt } : {}),
      ...(info.recordedSha256 ? { sha256: info.recordedSha256 } : {}),
    },
    // In memory and synchronous: a cancelled request simply has nothing left to stop.
    search: async (params, offset, limit) => ok(report.search(params, offset, limit)),
  }
}

export function createSearchSources({
  session,
  convoso,
  limits = createOffsetLimits(),
  dayTotals = createDayTotals(),
  openedReport,
}: {
  session: Session
  convoso: ConvosoClient
  /** One per app, so what one search learns about the host's limit serves the next and every export. */
  limits?: OffsetLimits
  /** One per app too: a range's day totals serve its next pages and its export. */
  dayTotals?: DayTotals
  openedReport: () => OpenedReport | undefined
}): SearchSources {
  return {
    async current() {
      const report = openedReport()
      if (report) return ok(reportSource(report))
      const credentials = await session.credentials()
      if (!credentials.ok) return credentials
      return ok(convosoSource(convoso, credentials.data, limits, dayTotals))
    },
  }
}
