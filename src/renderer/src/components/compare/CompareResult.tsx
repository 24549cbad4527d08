import { useId, useMemo, useRef, type KeyboardEvent } from 'react'
import {
  COMPARE_LISTS,
  type CompareList,
  type CompareOutcome,
  type CompareSide,
} from '../../../../shared/compare'
import { describeFilters, toSearchParams, type SearchFilters } from '../../../../shared/filters'
import { MAX_OFFSET } from '../../../../shared/paging'
import { countOf, formatCount, formatDateTime } from '../../lib/format'
import { useCompareStore, type ComparePage, type CompareView } from '../../stores/compare'
import { useSearchStore } from '../../stores/search'
import { Alert, Spinner } from '../Alert'
import { InfoIcon } from '../Icons'
import { Pager } from '../Pager'
import { IntegrityBadge } from '../ReportBanner'
import { ReportBadge } from '../ReportParts'
import { ResultsGrid } from '../ResultsGrid'
import {
  ComparisonDetails,
  EMPTY_LIST_TEXT,
  extraColumnsFor,
  LIST_LABELS,
  LIST_MEANINGS,
} from './compare-lists'
import { CompareExportResult } from './CompareExport'

/**
 * A finished comparison: the two reports (older → newer), what weakens the
 * comparison, then one list at a time in the results grid, filtered by the
 * filter form and paged like the results.
 */
export function CompareResult({ view, outcome }: { view: CompareView; outcome: CompareOutcome }) {
  return (
    <>
      <div className="compare-sides-line">
        <SideLine label="Older" side={outcome.older} />
        <SideLine label="Newer" side={outcome.newer} />
      </div>
      <Notes outcome={outcome} />
      <CompareExportResult view={view} />
      <ListTabs view={view} outcome={outcome} />
    </>
  )
}

function SideLine({ label, side }: { label: string; side: CompareSide }) {
  return (
    <p className="compare-side-line">
      <span className="compare-side-label">{label}</span>{' '}
      <span className="compare-file-name" title={side.filePath}>
        {side.fileName}
      </span>{' '}
      <span className="muted">
        {side.generatedAt ? `${formatDateTime(side.generatedAt)} · ` : ''}
        {countOf(side.rows, 'row')}
      </span>{' '}
      <IntegrityBadge report={{ integrity: side.integrity, madeByApp: true }} />
      {side.partial ? <ReportBadge partial /> : null}
    </p>
  )
}

/** How the filters differ and what weakens the comparison; the same filters said in one quiet line. */
function Notes({ outcome }: { outcome: CompareOutcome }) {
  const { warnings, filterNotes, filtersMatch } = outcome
  if (warnings.length === 0 && filterNotes.length === 0) {
    return (
      <p className="compare-same-filters">
        <InfoIcon />
        Both reports were made with the same filters ({outcome.newer.filtersDescription || 'all records'}).
      </p>
    )
  }
  const title =
    warnings.length > 0
      ? 'Read this before relying on the comparison'
      : filtersMatch
        ? 'About the filters'
        : 'The reports were made with different filters'
  return (
    <Alert tone="warning" title={title} className="compare-notes">
      <ul className="compare-notes-list">
        {[...warnings, ...filterNotes].map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </Alert>
  )
}

function ListTabs({ view, outcome }: { view: CompareView; outcome: CompareOutcome }) {
  const showList = useCompareStore((s) => s.showList)
  const tabRefs = useRef(new Map<CompareList, HTMLButtonElement>())
  const baseId = useId()
  const tabId = (list: CompareList) => `${baseId}-tab-${list}`
  const panelId = `${baseId}-panel`

  function select(list: CompareList, focus: boolean) {
    if (focus) tabRefs.current.get(list)?.focus()
    if (list !== view.list || !view.page) void showList(list)
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = COMPARE_LISTS.indexOf(view.list)
    const last = COMPARE_LISTS.length - 1
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null
    if (next === null) return
    event.preventDefault()
    select(COMPARE_LISTS[next] ?? view.list, true)
  }

  return (
    <>
      <div className="compare-toolbar">
        <div className="compare-tabs" role="tablist" aria-label="Comparison lists" onKeyDown={onKeyDown}>
          {COMPARE_LISTS.map((list) => {
            const selected = list === view.list
            const count = outcome.counts[list]
            return (
              <button
                key={list}
                ref={(element) => {
                  if (element) tabRefs.current.set(list, element)
                  else tabRefs.current.delete(list)
                }}
                id={tabId(list)}
                type="button"
                role="tab"
                className={`compare-tab${list === 'removed' && count > 0 ? ' is-finding' : ''}`}
                aria-selected={selected}
                aria-controls={panelId}
                tabIndex={selected ? 0 : -1}
                onClick={() => select(list, false)}
              >
                {LIST_LABELS[list]} <span className="count-badge">{formatCount(count)}</span>
              </button>
            )
          })}
        </div>
      </div>
      <div
        id={panelId}
        role="tabpanel"
        aria-labelledby={tabId(view.list)}
        className="compare-list"
        aria-busy={view.pageLoading}
      >
        <ListBody view={view} total={outcome.counts[view.list]} />
      </div>
    </>
  )
}

function ListBody({ view, total }: { view: CompareView; total: number }) {
  const page = view.page?.list === view.list ? view.page : null
  const goToPage = useCompareStore((s) => s.goToPage)
  const setPageSize = useCompareStore((s) => s.setPageSize)
  const controls = useMemo(
    () => ({ pageSize: view.pageSize, goToPage, setPageSize }),
    [view.pageSize, goToPage, setPageSize],
  )
  return (
    <>
      <p className="compare-meaning">
        <InfoIcon />
        <span>
          {LIST_MEANINGS[view.list]} {page ? <FilterLine page={page} total={total} /> : null}
        </span>
      </p>
      {view.pageError ? (
        <Alert tone="error" title="The list could not be shown">
          {view.pageError.message}
        </Alert>
      ) : null}
      <div className={`results-body${view.pageLoading ? ' is-loading' : ''}`}>
        {page ? (
          <ListRows page={page} total={total} />
        ) : view.pageLoading ? (
          <p className="compare-loading" role="status">
            <Spinner /> Reading the list…
          </p>
        ) : null}
      </div>
      {page && page.total > 0 ? (
        <div className="results-footer">
          <Pager results={{ ...page, records: page.rows, maxOffset: MAX_OFFSET }} controls={controls} />
        </div>
      ) : null}
    </>
  )
}

function hasFilters(filters: SearchFilters): boolean {
  const checked = toSearchParams(filters)
  return checked.ok && Object.keys(checked.params).length > 0
}

/** Which filters narrow the list, with the way back to all of it. */
function FilterLine({ page, total }: { page: ComparePage; total: number }) {
  const filter = useCompareStore((s) => s.filter)
  const clearForm = useSearchStore((s) => s.clearFilters)
  if (!hasFilters(page.filters)) {
    return total > 0 ? <span className="muted">The filters on the left narrow the list.</span> : null
  }
  const checked = toSearchParams(page.filters)
  const described = checked.ok ? describeFilters(checked.params) : 'the filters'
  return (
    <strong className="compare-filter-line">
      {formatCount(page.total)} of {formatCount(total)} match {described}.{' '}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          clearForm()
          void filter(useSearchStore.getState().filters)
        }}
      >
        Show every record
      </button>
    </strong>
  )
}

function ListRows({ page, total }: { page: ComparePage; total: number }) {
  const columns = useMemo(() => extraColumnsFor(page.list, page.rows), [page])
  const records = useMemo(() => page.rows.map((row) => row.record), [page])
  const byRecord = useMemo(() => new Map(page.rows.map((row) => [row.record, row])), [page])
  if (page.rows.length === 0) {
    return (
      <div className="empty-state">
        <h2 className="empty-state-title">
          {total === 0 ? EMPTY_LIST_TEXT[page.list] : 'No records of this list match these filters'}
        </h2>
      </div>
    )
  }
  return (
    <ResultsGrid
      records={records}
      extraColumns={columns}
      moreDetails={(record) => <ComparisonDetails row={byRecord.get(record)} />}
    />
  )
}
