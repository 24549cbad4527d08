import { useId, useRef, useState } from 'react'
import { internalError } from '../../lib/call'
import { focusTarget } from '../../lib/focus-targets'
import { isModified } from '../../lib/presets'
import { FIX_FILTERS_FIRST, usePresetsStore } from '../../stores/presets'
import { useSearchStore } from '../../stores/search'
import { Alert, Spinner } from '../Alert'
import { BookmarkIcon, ChevronDownIcon, ExportIcon, ImportIcon, PlusIcon } from '../Icons'
import { ImportPreviewDialog } from '../ImportPreviewDialog'
import { PresetList } from './PresetList'
import { RenamePresetDialog } from './RenamePresetDialog'
import { SavePresetDialog } from './SavePresetDialog'

type Dialog = { kind: 'save' } | { kind: 'rename'; id: string } | null

/**
 * Saved presets, above the filters: the list, save the form as a new one, and
 * move presets between computers with export and import. The section folds
 * away to its header, which then names the active preset.
 */
export function PresetsPanel() {
  const status = usePresetsStore((s) => s.status)
  const snapshot = usePresetsStore((s) => s.snapshot)
  const activePresetId = usePresetsStore((s) => s.activePresetId)
  const error = usePresetsStore((s) => s.error)
  const errorTitle = usePresetsStore((s) => s.errorTitle)
  const collapsed = usePresetsStore((s) => s.collapsed)
  const importPreview = usePresetsStore((s) => s.importPreview)
  const filters = useSearchStore((s) => s.filters)
  const pageSize = useSearchStore((s) => s.pageSize)
  const store = usePresetsStore.getState

  const [dialog, setDialog] = useState<Dialog>(null)
  const saveRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const bodyId = useId()

  const presets = snapshot?.presets ?? []
  const active = presets.find((preset) => preset.id === activePresetId) ?? null
  const activeModified = active !== null && isModified(active, filters, pageSize)
  const renaming = dialog?.kind === 'rename' ? presets.find((p) => p.id === dialog.id) : undefined

  function openSave() {
    if (!useSearchStore.getState().revealErrors()) {
      store().showError('The filters were not saved', internalError(FIX_FILTERS_FIRST))
      focusTarget('firstFilterError')
      return
    }
    store().dismissError()
    setDialog({ kind: 'save' })
  }

  return (
    <section className={`presets${collapsed ? ' is-collapsed' : ''}`} aria-labelledby={titleId}>
      <div className="presets-header">
        <h2 className="presets-heading">
          <button
            type="button"
            className="presets-toggle"
            aria-expanded={!collapsed}
            aria-controls={bodyId}
            onClick={() => store().setCollapsed(!collapsed)}
          >
            <ChevronDownIcon className="icon presets-chevron" />
            <span id={titleId}>Presets</span>
            {presets.length > 0 ? <span className="count-badge presets-count">{presets.length}</span> : null}
          </button>
        </h2>
        <div className="presets-tools">
          <button
            ref={saveRef}
            type="button"
            className="button button-small presets-save"
            aria-label="Save as preset"
            title="Save the current filters and page size as a preset"
            aria-haspopup="dialog"
            disabled={status !== 'ready'}
            onClick={openSave}
          >
            <PlusIcon />
            Save
          </button>
          <span className="presets-tools-separator" aria-hidden="true" />
          <button
            type="button"
            className="icon-button"
            aria-label="Import presets"
            title="Import presets from a file"
            aria-haspopup="dialog"
            onClick={() => void store().startImport()}
          >
            <ImportIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Export presets"
            title="Export presets to a file"
            disabled={presets.length === 0}
            onClick={() => void store().exportAll()}
          >
            <ExportIcon />
          </button>
        </div>
      </div>

      {collapsed && active ? (
        <p className="presets-collapsed-active" title={active.name}>
          <span className="sr-only">Active preset: </span>
          <span className="presets-collapsed-name">{active.name}</span>
          {activeModified ? <span className="presets-collapsed-modified"> • modified</span> : null}
        </p>
      ) : null}

      <div id={bodyId} className="presets-body" hidden={collapsed}>
        {error && status !== 'failed' ? (
          <Alert
            tone="error"
            title={errorTitle ?? undefined}
            onDismiss={() => store().dismissError()}
            className="presets-alert"
          >
            {error.message}
          </Alert>
        ) : null}

        {status === 'idle' || status === 'loading' ? (
          <p className="presets-loading" role="status">
            <Spinner /> Loading presets…
          </p>
        ) : status === 'failed' ? (
          <Alert
            tone="error"
            title="Presets could not be loaded"
            className="presets-alert"
            actions={
              <button type="button" className="button button-small" onClick={() => void store().load()}>
                Try again
              </button>
            }
          >
            {error?.message ?? 'Opt-Out Desk could not read your presets.'}
          </Alert>
        ) : presets.length === 0 ? (
          <div className="presets-empty">
            <BookmarkIcon className="icon presets-empty-icon" />
            <p>
              No presets yet. <strong>Save</strong> keeps the current filters so you can run them again in one
              click.
            </p>
          </div>
        ) : (
          <PresetList
            presets={presets}
            onRename={(preset) => setDialog({ kind: 'rename', id: preset.id })}
            onEmptied={() => saveRef.current?.focus()}
          />
        )}
      </div>

      {dialog?.kind === 'save' ? <SavePresetDialog onClose={() => setDialog(null)} /> : null}
      {renaming ? <RenamePresetDialog preset={renaming} onClose={() => setDialog(null)} /> : null}
      {importPreview ? <ImportPreviewDialog preview={importPreview} /> : null}
    </section>
  )
}
