import { useRef, useState } from 'react'
import type { ScrubOutputs } from '../../../../shared/scrub-result'
import { countOf, fileNameOf } from '../../lib/format'
import { useScrubStore } from '../../stores/scrub'
import { Alert, Spinner } from '../Alert'
import { ChevronDownIcon, ExportIcon, FileTextIcon, FolderIcon, SpreadsheetIcon } from '../Icons'
import { Menu } from '../Menu'
import { FORMAT_NAMES, HashText } from '../ReportParts'

const KIND_LABELS: Record<ScrubOutputs['files'][number]['kind'], string> = {
  clean: 'Clean list (ready for the dialer)',
  suppressed: 'Suppressed list, with reasons',
  report: 'Scrub report',
}

/** "Save outputs": the clean list, the suppressed list and the scrub report, as Excel or CSV. */
export function SaveOutputs() {
  const save = useScrubStore((s) => s.save)
  const saveOutputs = useScrubStore((s) => s.saveOutputs)
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const saving = save.phase === 'saving'
  const open = anchor !== null && !saving

  return (
    <div className="export-action">
      <button
        ref={buttonRef}
        type="button"
        className="button button-small button-primary export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={saving}
        onClick={() => setAnchor(open ? null : buttonRef.current)}
      >
        {saving ? <Spinner /> : <ExportIcon />}
        Save outputs
        <ChevronDownIcon className="icon export-chevron" />
      </button>
      {open ? (
        <Menu
          className="menu-export"
          align="end"
          anchor={anchor}
          label="Save outputs"
          items={[
            {
              label: 'Outputs as Excel',
              icon: <SpreadsheetIcon />,
              onSelect: () => void saveOutputs('xlsx'),
            },
            { label: 'Outputs as CSV', icon: <FileTextIcon />, onSelect: () => void saveOutputs('csv') },
          ]}
          onClose={() => setAnchor(null)}
        />
      ) : null}
    </div>
  )
}

/** Where the outputs went: each file with its rows and SHA-256, and Show in folder; or why they were not saved. */
export function SavedOutputs() {
  const save = useScrubStore((s) => s.save)
  const dismiss = useScrubStore((s) => s.dismissSave)
  const showInFolder = useScrubStore((s) => s.showInFolder)
  switch (save.phase) {
    case 'idle':
      return null
    case 'saving':
      return (
        <p className="scrub-reading" role="status">
          <Spinner /> Saving the outputs as {FORMAT_NAMES[save.format]}…
        </p>
      )
    case 'error':
      return (
        <Alert tone="error" title="The outputs were not saved" onDismiss={dismiss}>
          {save.error.message}
        </Alert>
      )
    case 'saved': {
      const first = save.outputs.files[0]?.path ?? ''
      const folder = first.slice(0, first.length - fileNameOf(first).length).replace(/[\\/]$/, '')
      return (
        <section className="scrub-saved" aria-label="Saved outputs">
          <p className="scrub-saved-title" role="status">
            Outputs saved: {countOf(save.outputs.files.length, 'file')}
          </p>
          {folder ? <p className="scrub-saved-folder">In {folder}</p> : null}
          <ul className="scrub-saved-files">
            {save.outputs.files.map((file) => (
              <li key={file.path}>
                <span className="scrub-saved-kind">{KIND_LABELS[file.kind]}</span>
                <span className="scrub-saved-name" title={file.path}>
                  {fileNameOf(file.path)}
                </span>
                <span className="muted">{countOf(file.rows, 'row')}</span>
                <HashText sha256={file.sha256} fileName={fileNameOf(file.path)} />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Show ${fileNameOf(file.path)} in its folder`}
                  title="Show in folder"
                  onClick={() => void showInFolder(file.path)}
                >
                  <FolderIcon />
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="link-button" onClick={dismiss}>
            Dismiss
          </button>
        </section>
      )
    }
  }
}
