import { countOf, fileNameOf, folderOf } from '../../lib/format'
import { useCompareStore, type CompareView } from '../../stores/compare'
import { Alert, Spinner } from '../Alert'
import { FolderIcon } from '../Icons'
import { ExportFormatMenu } from '../ExportFormatMenu'
import { FORMAT_NAMES, HashText } from '../ReportParts'

/**
 * "Export comparison": the comparison as a report of its own (main asks where and writes it):
 * one workbook with a sheet per list and a Report sheet, or one CSV per list.
 */
export function CompareExportMenu({ view }: { view: CompareView }) {
  const exportAs = useCompareStore((s) => s.exportAs)
  const saving = view.exported?.phase === 'saving'
  return (
    <ExportFormatMenu
      label="Export comparison"
      what="Comparison"
      hints={{ xlsx: 'a sheet per list', csv: 'a file per list' }}
      saving={saving}
      unavailable={saving ? 'The comparison is being saved.' : null}
      onChoose={(format) => void exportAs(format)}
    />
  )
}

/** The files the comparison was written to, each with its rows and SHA-256, or why it was not. */
export function CompareExportResult({ view }: { view: CompareView }) {
  const dismiss = useCompareStore((s) => s.dismissExport)
  const showInFolder = useCompareStore((s) => s.showInFolder)
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
      const folder = folderOf(exported.files[0]?.path ?? '')
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
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Show ${name} in its folder`}
                    title="Show in folder"
                    onClick={() => void showInFolder(file.path)}
                  >
                    <FolderIcon />
                  </button>
                </li>
              )
            })}
          </ul>
        </Alert>
      )
    }
  }
}
