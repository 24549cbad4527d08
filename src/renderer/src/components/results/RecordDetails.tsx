import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { campaignLabel, type OptOutRecord } from '../../../../shared/records'
import { phoneDisplay } from '../../lib/format'
import { useSearchStore } from '../../stores/search'
import { CloseIcon } from '../Icons'
import { BLANK_MARKER, isBlank } from './columns'
import { recordCopyText, scopeText } from './copy-text'
import { CopyStatusText, useCopy } from './useCopy'

/** A value in full, or the "(blank)" marker when Convoso stored nothing. */
function Value({ text }: { text: string }) {
  return isBlank(text) ? <span className="cell-blank">{BLANK_MARKER}</span> : <>{text}</>
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="record-detail">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

interface RecordDetailsProps {
  record: OptOutRecord
  /** A new positive number each time the panel should take focus (Enter on a row); 0 leaves focus in the grid. */
  focusRequest: number
  onClose: () => void
  /** Shown under the fields (e.g. what a comparison found about this record). */
  children?: ReactNode
}

/**
 * Every field of one opt-out record in full (the grid cuts long reasons short), with the number
 * formatted for its country beside Convoso's exact text, "Search this number" and "Copy". A panel
 * beside the grid, not a modal: a click on a row shows it without taking focus from the grid, so
 * arrow keys and Ctrl/Cmd+C keep working and the panel follows the focused row.
 */
export function RecordDetails({ record, focusRequest, onClose, children }: RecordDetailsProps) {
  const { status, copy } = useCopy()
  const titleId = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (focusRequest > 0) headingRef.current?.focus()
  }, [focusRequest])

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    onClose()
  }
  const phone = phoneDisplay(record.phone_code, record.phone_number)
  const campaign = campaignLabel(record)

  function searchThisNumber() {
    const search = useSearchStore.getState()
    // Every opt-out of this number, wherever it applies: the other filters would hide some.
    search.clearFilters()
    search.setFilter('phoneNumber', record.phone_number)
    search.setFilter('phoneCode', record.phone_code)
    void search.search()
  }

  return (
    <section className="record-panel" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <div className="record-panel-header">
        <h2 id={titleId} ref={headingRef} tabIndex={-1} className="record-panel-title">
          Opt-out record {record.id}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the record details">
          <CloseIcon />
        </button>
      </div>
      <dl className="record-details">
        <Detail term="Phone number">
          {phone ? (
            <>
              <span className="record-phone">{phone.national}</span>{' '}
              <span className="record-detail-note">{phone.international}</span>
              <span className="record-detail-note record-detail-exact">
                As Convoso stores it: <code>{record.phone_number}</code>
              </span>
            </>
          ) : (
            <>
              <code>
                <Value text={record.phone_number} />
              </code>
              <span className="record-detail-note record-detail-exact">
                Shown as Convoso stores it (not a number this app can format).
              </span>
            </>
          )}
        </Detail>
        <Detail term="Phone code">
          <Value text={record.phone_code} />
        </Detail>
        <Detail term="Opt-out">{scopeText(record)}</Detail>
        <Detail term="Campaign">
          {record.campaign_id}
          {campaign ? ` · ${campaign}` : null}
        </Detail>
        <Detail term="Reason">
          <span className="record-detail-long">
            <Value text={record.reason} />
          </span>
        </Detail>
        <Detail term="Purpose">
          <Value text={record.purpose} />
        </Detail>
        <Detail term="Insert date">
          <Value text={record.insert_date} />
          <span className="record-detail-note record-detail-exact">Convoso&apos;s own clock, as stored</span>
        </Detail>
        <Detail term="Record ID">{record.id}</Detail>
        {Object.entries(record.extra ?? {}).map(([name, value]) => (
          <Detail key={name} term={name}>
            <span className="record-detail-long">
              <Value text={value} />
            </span>
          </Detail>
        ))}
      </dl>
      {children}
      <div className="record-details-actions">
        <button type="button" className="button button-primary" onClick={searchThisNumber}>
          Search this number
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void copy(recordCopyText(record), 'the record')}
        >
          Copy
        </button>
        <CopyStatusText status={status} />
      </div>
      <p className="record-details-hint">&quot;Search this number&quot; clears the other filters.</p>
    </section>
  )
}
