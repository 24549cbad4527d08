import { useRef } from 'react'
import type { ImportPreview } from '../../../shared/presets'
import { countOf } from '../lib/format'
import { usePresetsStore } from '../stores/presets'
import { Alert, Spinner } from './Alert'
import { Modal } from './Modal'

type Skipped = ImportPreview['skipped'][number]

/** Rows listed by name; a file of a thousand presets still shows a dialog, not a wall. */
const SHOWN_MAX = 100

/** Skipped entries that share a reason share a row (a file of junk is one line, not a thousand). */
export function groupSkipped(skipped: readonly Skipped[]): { reason: string; entries: Skipped[] }[] {
  const groups = new Map<string, Skipped[]>()
  for (const entry of skipped) {
    const group = groups.get(entry.reason)
    if (group) group.push(entry)
    else groups.set(entry.reason, [entry])
  }
  return Array.from(groups, ([reason, entries]) => ({ reason, entries }))
}

function entryLabel(entry: Skipped, capital: boolean): string {
  if (entry.name !== null) return `“${entry.name}”`
  return `${capital ? 'Entry' : 'entry'} ${entry.entry}`
}

/** `“Weekly”`, `Entry 6`, or `996 entries: entry 5, entry 6, entry 7 and 993 more`. */
export function describeEntries(entries: readonly Skipped[]): string {
  const [first] = entries
  if (entries.length === 1 && first) return entryLabel(first, true)
  const shown = entries.slice(0, 3).map((entry) => entryLabel(entry, false))
  const rest = entries.length - shown.length
  const list = rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ')
  return `${countOf(entries.length, 'entry', 'entries')}: ${list}`
}

/** Shows what an import would add, rename and skip; nothing is added until the user confirms. */
export function ImportPreviewDialog({ preview }: { preview: ImportPreview }) {
  const importing = usePresetsStore((s) => s.importing)
  const importError = usePresetsStore((s) => s.importError)
  const confirmImport = usePresetsStore((s) => s.confirmImport)
  const cancelImport = usePresetsStore((s) => s.cancelImport)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const { toAdd, skipped } = preview
  const count = toAdd.length

  function close() {
    if (!importing) cancelImport()
  }

  return (
    <Modal
      title="Import presets"
      onClose={close}
      initialFocus={count > 0 ? confirmRef : closeRef}
      description={
        <p>
          From <strong className="import-file">{preview.fileName}</strong>.{' '}
          {count > 0 ? 'Nothing is added until you confirm.' : null}
        </p>
      }
    >
      <div className="import-preview">
        {count === 0 ? (
          <Alert tone="warning" title="Nothing in this file can be added">
            {skipped.length > 0
              ? 'Every entry was skipped; the reasons are below.'
              : 'The file holds no presets.'}
          </Alert>
        ) : (
          <section aria-labelledby="import-added-title">
            <h3 id="import-added-title" className="import-section-title">
              To add <span className="count-badge count-badge-accent">{count}</span>
            </h3>
            <ul className="import-list">
              {toAdd.slice(0, SHOWN_MAX).map((entry, index) => (
                <li key={index} className="import-row">
                  {entry.renamedFrom !== null ? (
                    <>
                      <span className="import-name">
                        <span className="import-old">“{entry.renamedFrom}”</span>
                        <span aria-hidden="true"> → </span>
                        <span className="sr-only"> will be imported as </span>
                        <span>“{entry.name}”</span>
                      </span>
                      <span className="import-note">Renamed: a preset with that name exists.</span>
                    </>
                  ) : (
                    <span className="import-name">“{entry.name}”</span>
                  )}
                </li>
              ))}
              {count > SHOWN_MAX ? (
                <li className="import-row import-more">and {countOf(count - SHOWN_MAX, 'more preset')}</li>
              ) : null}
            </ul>
          </section>
        )}

        {skipped.length > 0 ? (
          <section aria-labelledby="import-skipped-title">
            <h3 id="import-skipped-title" className="import-section-title">
              Skipped <span className="count-badge">{skipped.length}</span>
            </h3>
            <ul className="import-list">
              {groupSkipped(skipped).map((group) => (
                <li key={group.reason} className="import-row import-row-skipped">
                  <span className="import-name">{describeEntries(group.entries)}</span>
                  <span className="import-note">{group.reason}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>

      {importError ? <Alert tone="error">{importError.message}</Alert> : null}

      <div className="form-actions form-actions-end">
        {count > 0 ? (
          <>
            <button type="button" className="button" onClick={close} disabled={importing}>
              Cancel
            </button>
            <button
              ref={confirmRef}
              type="button"
              className="button button-primary"
              onClick={() => void confirmImport()}
              disabled={importing}
            >
              {importing ? <Spinner /> : null}
              {`Import ${countOf(count, 'preset')}`}
            </button>
          </>
        ) : (
          <button ref={closeRef} type="button" className="button button-primary" onClick={close}>
            Close
          </button>
        )}
      </div>
    </Modal>
  )
}
