import { useRef } from 'react'
import { formatCount } from '../lib/format'
import { useExportsStore } from '../stores/exports'
import { Alert } from './Alert'
import { Modal } from './Modal'

/**
 * Asked before an "all matching records" export starts when the filter
 * matches more than Convoso lets an app reach (1,001,000 rows as documented,
 * fewer on an account whose API refuses earlier offsets): narrow the filter,
 * or export the first rows as a report marked partial.
 */
export function OverCapDialog() {
  const phase = useExportsStore((s) => s.phase)
  const plan = useExportsStore((s) => s.plan)
  const request = useExportsStore((s) => s.request)
  const acceptPartial = useExportsStore((s) => s.acceptPartial)
  const declinePartial = useExportsStore((s) => s.declinePartial)
  const cancelRef = useRef<HTMLButtonElement>(null)
  if (phase !== 'confirming' || !plan) return null
  const cap = formatCount(plan.reachableRows)

  return (
    <Modal
      title={`Only the first ${cap} rows can be exported`}
      role="alertdialog"
      onClose={declinePartial}
      initialFocus={cancelRef}
      description={
        <p>
          The filter{request ? <> ({request.description})</> : null} matches{' '}
          <strong>{formatCount(plan.total)} opt-outs</strong>. Convoso lets an app reach the first {cap} rows
          of one filter only, so an export cannot hold all of them.
        </p>
      }
    >
      <Alert tone="info" title="To export every row">
        Narrow the filter by campaign or insert date and export each part separately.
      </Alert>
      <p className="muted">
        Or export the first {cap} rows now. The report will be <strong>marked partial</strong>, in the file
        and in the Reports list.
      </p>
      <div className="form-actions form-actions-end">
        <button ref={cancelRef} type="button" className="button" onClick={declinePartial}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void acceptPartial()}>
          {`Export the first ${cap} rows`}
        </button>
      </div>
    </Modal>
  )
}
