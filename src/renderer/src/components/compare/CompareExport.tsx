import { useRef, useState } from 'react'
import { countOf, fileNameOf } from '../../lib/format'
import { useCompareStore, type CompareView } from '../../stores/compare'
import { Alert, Spinner } from '../Alert'
import { ChevronDownIcon, ExportIcon, FileTextIcon, SpreadsheetIcon } from '../Icons'
import { Menu } from '../Menu'
import { FORMAT_NAMES, HashText } from '../ReportParts'

/**
 * "Export comparison": the comparison as a report of its own (main asks where and writes it):
 * one workbook with a sheet per list and a Report sheet, or one CSV per list.
 */
export function CompareExportMenu({ view }: { view: CompareView }) {
  const exportAs = useCompareStore((s) => s.exportAs)
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const saving = view.exported?.phase === 'saving'
  const open = anchor !== null && !saving

  return (
    <div className="export-action" title={saving ? 'The comparison is being saved.' : undefined}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-small export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={saving}
        onClick={() => setAnchor(open ? null : buttonRef.current)}
      >
        {saving ? <Spinner /> : <ExportIcon />}
        Export comparison
        <ChevronDownIcon className="icon export-chevron" />
      </button>
      {open ? (
        <Menu
          className="menu-export"
          align="end"
          anchor={anchor}
          label="Export comparison"
          items={[
            {
              label: 'Comparison as Excel',
              hint: 'a sheet per list',
              icon: <SpreadsheetIcon />,
              onSelect: () => void exportAs('xlsx'),
            },
            {
              label: 'Comparison as CSV',
              hint: 'a file per list',
              icon: <FileTextIcon />,
              onSelect: () => void exportAs('csv'),
            },
          ]}
          onClose={() => setAnchor(null)}
        />
      ) : null}
    </div>
  )
}

/** The files the comparison was written to, each with its rows and SHA-256, or why it was not. */
export function CompareExportResult({ view }: { view: CompareView }) {
  const dismiss = useCompareStore((s) => s.dismissExport)
  const exported = view.exported
  if (!exported) return null
  switch (exported.phase) {
    case 'saving':
      return (
        <p className="compare-export-saving" role="status">
          <Spinner /> Saving the comparison as {FORMAT_NAMES[exported.format]}…
        </p>
      )
    case 'error':
      return (
        <Alert tone="error" title="The comparison was not saved" onDismiss={dismiss}>
          {exported.error.message}
        </Alert>
      )
    case 'saved': {
      const first = exported.files[0]?.path ?? ''
      const folder = first.slice(0, first.length - fileNameOf(first).length).replace(/[\\/]$/, '')
      return (
        <Alert
          tone="info"
          title={
            exported.files.length === 1
              ? 'Comparison saved'
              : `Comparison saved as ${exported.files.length} files`
          }
          onDismiss={dismiss}
          className="compare-export-saved"
        >
          In <span className="compare-export-folder">{folder}</span>
          <ul className="compare-export-files">
            {exported.files.map((file) => {
              const name = fileNameOf(file.path)
              return (
                <li key={file.path}>
                  <span className="export-file" title={file.path}>
                    {name}
                  </span>{' '}
                  <span className="muted">{countOf(file.rows, 'row')}</span>{' '}
                  <HashText sha256={file.sha256} fileName={name} />
                </li>
              )
            })}
          </ul>
        </Alert>
      )
    }
  }
}
