import type { SearchParams } from '../../../shared/filters'
import type { SearchPage } from '../../../shared/records'
import { ok, type Result } from '../../../shared/result'
import type { ConvosoClient } from '../convoso/client'
import type { ExportSource } from '../export'
import type { OpenedReport } from '../offline/types'
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
  /** What a report made from this source records as its API base. */
  readonly apiBase: string
  /** Set when the rows come from a report file; recorded in reports exported from it. */
  readonly exportSource?: ExportSource
}

export interface SearchSources {
  /** The opened report when there is one, otherwise Convoso with the session's credentials. */
  current(): Promise<Result<SearchSource>>
}

export function convosoSource(convoso: ConvosoClient, credentials: Credentials): SearchSource {
  return {
    kind: 'convoso',
    apiBase: credentials.apiBase,
    search: (params, offset, limit, signal) =>
      convoso.search({ ...credentials, params, offset, limit, signal }),
  }
}

export function reportSource(report: OpenedReport): SearchSource {
  const { info } = report
  return {
    kind: 'report',
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
  openedReport,
}: {
  session: Session
  convoso: ConvosoClient
  openedReport: () => OpenedReport | undefined
}): SearchSources {
  return {
    async current() {
      const report = openedReport()
      if (report) return ok(reportSource(report))
      const credentials = await session.credentials()
      if (!credentials.ok) return credentials
      return ok(convosoSource(convoso, credentials.data))
    },
  }
}
