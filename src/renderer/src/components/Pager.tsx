import { useId, useState, type FormEvent } from 'react'
import {
  clampPage,
  MAX_OFFSET,
  PAGE_SIZES,
  pagerState,
  type PageSize,
  type PagerState,
} from '../../../shared/paging'
import { formatCount } from '../lib/format'
import { useSearchStore, type ResultsPage } from '../stores/search'
import { ChevronLeftIcon, ChevronRightIcon, FirstPageIcon, LastPageIcon } from './Icons'

/** "Showing 1,001–2,000 of 12,345", or what to say when a page has no rows. */
export function rangeText(pager: PagerState): string {
  if (pager.total === 0) return 'No matches'
  if (pager.firstRow === 0) return `No rows on this page · ${formatCount(pager.total)} matches in all`
  return `Showing ${formatCount(pager.firstRow)}–${formatCount(pager.lastRow)} of ${formatCount(pager.total)}`
}

/**
 * Why the last pages are missing when a result is bigger than Convoso lets any
 * app page through, or than this account's API host serves (it may refuse
 * earlier than the documented 1,000,000 offset; main learns where).
 */
export function capText(pager: PagerState, maxOffset: number = MAX_OFFSET): string | null {
  if (pager.unreachableRows <= 0) return null
  const reachable = pager.total - pager.unreachableRows
  const who = maxOffset < MAX_OFFSET ? 'This Convoso account lets apps' : 'Convoso lets apps'
  return `${who} page through the first ${formatCount(reachable)} matches only; narrow the filters (campaign or insert date) to see the rest.`
}

/** What the pager shows a page of: the search's results, or another list's page (a comparison's). */
export type PagerPage = Pick<ResultsPage, 'total' | 'offset' | 'pageSize' | 'maxOffset'> & {
  records: readonly unknown[]
}

/** Where the pager's page size and page changes go when they are not the search's. */
export interface PagerControls {
  pageSize: PageSize
  setPageSize: (size: PageSize) => Promise<void>
  goToPage: (page: number) => Promise<void>
}

export function Pager({ results, controls }: { results: PagerPage; controls?: PagerControls }) {
  const searchPageSize = useSearchStore((s) => s.pageSize)
  const searchSetPageSize = useSearchStore((s) => s.setPageSize)
  const searchGoToPage = useSearchStore((s) => s.goToPage)
  const pageSize = controls?.pageSize ?? searchPageSize
  const setPageSize = controls?.setPageSize ?? searchSetPageSize
  const goToPage = controls?.goToPage ?? searchGoToPage
  const sizeId = useId()
  const pager = pagerState(
    results.total,
    results.offset,
    results.pageSize,
    results.records.length,
    results.maxOffset,
  )
  const { page, pageCount } = pager
  const cap = capText(pager, results.maxOffset)
  const atStart = page <= 1
  const atEnd = page >= pageCount

  return (
    <div className="pager-area">
      <nav className="pager" aria-label="Result pages">
        <div className="pager-size">
          <label htmlFor={sizeId}>Rows per page</label>
          <select
            id={sizeId}
            className="select select-small"
            value={pageSize}
            onChange={(event) => void setPageSize(Number(event.target.value) as PageSize)}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {formatCount(size)}
              </option>
            ))}
          </select>
        </div>

        <p className="pager-range" aria-live="polite">
          {rangeText(pager)}
        </p>

        <div className="pager-nav">
          <button
            type="button"
            className="icon-button"
            onClick={() => void goToPage(1)}
            disabled={atStart}
            aria-label="First page"
            title="First page"
          >
            <FirstPageIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => void goToPage(page - 1)}
            disabled={atStart}
            aria-label="Previous page"
            title="Previous page"
          >
            <ChevronLeftIcon />
          </button>
          <GoToPage
            key={`${page}/${pageCount}`}
            page={page}
            pageCount={pageCount}
            results={results}
            goToPage={goToPage}
          />
          <button
            type="button"
            className="icon-button"
            onClick={() => void goToPage(page + 1)}
            disabled={atEnd}
            aria-label="Next page"
            title="Next page"
          >
            <ChevronRightIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => void goToPage(pageCount)}
            disabled={atEnd}
            aria-label="Last page"
            title="Last page"
          >
            <LastPageIcon />
          </button>
        </div>
      </nav>
      {cap ? (
        <p className="pager-cap" role="note">
          {cap}
        </p>
      ) : null}
    </div>
  )
}

/** "Page [N] of M": typed pages are clamped to the reachable range before anything is asked. */
function GoToPage({
  page,
  pageCount,
  results,
  goToPage,
}: {
  page: number
  pageCount: number
  results: PagerPage
  goToPage: (page: number) => Promise<void>
}) {
  const [draft, setDraft] = useState(String(page))
  const inputId = useId()

  function onSubmit(event: FormEvent) {
    event.preventDefault()
    const requested = Number.parseInt(draft.trim(), 10)
    if (Number.isNaN(requested)) {
      setDraft(String(page))
      return
    }
    const target = clampPage(requested, results.total, results.pageSize, results.maxOffset)
    setDraft(String(target))
    if (target !== page) void goToPage(target)
  }

  return (
    <form className="pager-goto" onSubmit={onSubmit} noValidate>
      <label htmlFor={inputId}>Page</label>
      <input
        id={inputId}
        aria-label="Go to page"
        className="input input-small pager-input"
        type="text"
        inputMode="numeric"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onFocus={(event) => event.target.select()}
        aria-describedby={`${inputId}-of`}
        title="Type a page number and press Enter"
      />
      <span id={`${inputId}-of`}>of {formatCount(pageCount)}</span>
      <button type="submit" className="button button-small">
        Go
      </button>
    </form>
  )
}
