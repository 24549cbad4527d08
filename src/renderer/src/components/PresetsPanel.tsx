import {
  useEffect,
  useId,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react'
import type { Preset } from '../../../shared/presets'
import { internalError } from '../lib/call'
import { isModified, suggestPresetName, summariseFilters } from '../lib/presets'
import { FIX_FILTERS_FIRST, usePresetsStore } from '../stores/presets'
import { useSearchStore } from '../stores/search'
import { Alert, Spinner } from './Alert'
import { focusFirstFilterError } from './FilterPanel'
import {
  BookmarkIcon,
  ChevronDownIcon,
  ExportIcon,
  GripIcon,
  ImportIcon,
  MoreIcon,
  PlusIcon,
  StarIcon,
} from './Icons'
import { ImportPreviewDialog } from './ImportPreviewDialog'
import { Menu, type MenuItem } from './Menu'
import { PresetNameDialog } from './PresetNameDialog'

type Dialog = { kind: 'save' } | { kind: 'rename'; id: string } | null

/** `snapshot.problem` (e.g. a damaged presets file was set aside), once, across the top of the workspace. */
export function PresetsProblem() {
  const problem = usePresetsStore((s) => s.problem)
  const dismissProblem = usePresetsStore((s) => s.dismissProblem)
  if (!problem) return null
  return (
    <div className="presets-problem">
      <Alert tone="warning" title="Your presets file had a problem" onDismiss={dismissProblem}>
        {problem}
      </Alert>
    </div>
  )
}

/** Where a dragged preset would land: an insertion slot, 0 (before the first) to n (after the last). */
type DropSlot = number | null

const ITEM_SHORTCUTS = 'Enter Alt+ArrowUp Alt+ArrowDown F2 Delete Shift+F10'

/**
 * Saved presets, above the filters: apply one with a click or Enter, manage it
 * from its actions menu, reorder by dragging or with Alt+↑/↓, save the form as
 * a new one, and move presets between computers with export and import.
 */
export function PresetsPanel() {
  const status = usePresetsStore((s) => s.status)
  const snapshot = usePresetsStore((s) => s.snapshot)
  const activePresetId = usePresetsStore((s) => s.activePresetId)
  const error = usePresetsStore((s) => s.error)
  const errorTitle = usePresetsStore((s) => s.errorTitle)
  const busy = usePresetsStore((s) => s.busy)
  const collapsed = usePresetsStore((s) => s.collapsed)
  const importPreview = usePresetsStore((s) => s.importPreview)
  const filters = useSearchStore((s) => s.filters)
  const pageSize = useSearchStore((s) => s.pageSize)
  const store = usePresetsStore.getState

  const [dialog, setDialog] = useState<Dialog>(null)
  const [focusId, setFocusId] = useState<string | null>(null)
  const [menu, setMenu] = useState<{
    id: string
    anchor: HTMLElement
    initialFocus: 'first' | 'last'
  } | null>(null)
  const [dragId, setDragId] = useState<string | null>(null)
  const [dropSlot, setDropSlot] = useState<DropSlot>(null)
  const applyRefs = useRef(new Map<string, HTMLButtonElement>())
  const actionRefs = useRef(new Map<string, HTMLButtonElement>())
  const saveRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const bodyId = useId()
  const menuId = useId()

  const presets = snapshot?.presets ?? []
  const defaultId = snapshot?.defaultId ?? null
  const active = presets.find((preset) => preset.id === activePresetId) ?? null
  const activeModified = active !== null && isModified(active, filters, pageSize)
  // Roving focus: one preset is in the Tab order; arrow keys move between them.
  const tabStop = presets.some((p) => p.id === focusId) ? focusId : (active?.id ?? presets[0]?.id ?? null)

  /** Scrolls the list so that preset shows (e.g. one just saved at the end of a long list). */
  function reveal(id: string | null | undefined) {
    if (!id) return
    requestAnimationFrame(() => applyRefs.current.get(id)?.scrollIntoView?.({ block: 'nearest' }))
  }

  useEffect(() => {
    reveal(activePresetId)
  }, [activePresetId])

  function focusPreset(id: string | undefined) {
    if (!id) return
    setFocusId(id)
    // After React has put the row where the new order wants it.
    requestAnimationFrame(() => applyRefs.current.get(id)?.focus())
  }

  function openSave() {
    if (!useSearchStore.getState().revealErrors()) {
      store().showError('The filters were not saved', internalError(FIX_FILTERS_FIRST))
      focusFirstFilterError()
      return
    }
    store().dismissError()
    setDialog({ kind: 'save' })
  }

  async function remove(preset: Preset) {
    const index = presets.findIndex((p) => p.id === preset.id)
    const hadFocus = Boolean(document.activeElement?.closest('.preset-item'))
    const removed = await store().remove(preset.id)
    if (!removed || !hadFocus) return
    const remaining = store().snapshot?.presets ?? []
    const next = remaining[Math.min(index, remaining.length - 1)]
    if (next) focusPreset(next.id)
    else saveRef.current?.focus()
  }

  async function moveBy(preset: Preset, delta: -1 | 1) {
    const moved = await store().moveBy(preset.id, delta)
    if (moved) focusPreset(preset.id)
  }

  function openMenu(preset: Preset, initialFocus: 'first' | 'last' = 'first') {
    const anchor = actionRefs.current.get(preset.id)
    if (anchor) setMenu({ id: preset.id, anchor, initialFocus })
  }

  function onItemKeyDown(event: KeyboardEvent<HTMLButtonElement>, preset: Preset, index: number) {
    const { key, altKey, shiftKey, ctrlKey, metaKey } = event
    if (ctrlKey || metaKey) return
    if (altKey && (key === 'ArrowUp' || key === 'ArrowDown')) {
      event.preventDefault()
      void moveBy(preset, key === 'ArrowUp' ? -1 : 1)
      return
    }
    if (altKey) return
    let target: Preset | undefined
    switch (key) {
      case 'ArrowUp':
        target = presets[index - 1]
        break
      case 'ArrowDown':
        target = presets[index + 1]
        break
      case 'Home':
        target = presets[0]
        break
      case 'End':
        target = presets[presets.length - 1]
        break
      case 'F2':
        event.preventDefault()
        setDialog({ kind: 'rename', id: preset.id })
        return
      case 'Delete':
        event.preventDefault()
        void remove(preset)
        return
      case 'F10':
        if (!shiftKey) return
        event.preventDefault()
        openMenu(preset)
        return
      case 'ContextMenu':
        event.preventDefault()
        openMenu(preset)
        return
      default:
        return
    }
    event.preventDefault()
    if (target) focusPreset(target.id)
  }

  function onActionsKeyDown(event: KeyboardEvent<HTMLButtonElement>, preset: Preset) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      openMenu(preset, event.key === 'ArrowUp' ? 'last' : 'first')
    }
  }

  // ----- Drag and drop (HTML5): the line shows where the preset will land.

  function onDragStart(event: DragEvent<HTMLLIElement>, preset: Preset) {
    setMenu(null)
    setDragId(preset.id)
    event.dataTransfer?.setData('text/plain', preset.name)
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move'
  }

  function onDragOver(event: DragEvent<HTMLLIElement>, index: number) {
    if (dragId === null) return
    event.preventDefault()
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move'
    const rect = event.currentTarget.getBoundingClientRect()
    const slot = event.clientY < rect.top + rect.height / 2 ? index : index + 1
    if (slot !== dropSlot) setDropSlot(slot)
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault()
    const id = dragId
    const slot = dropSlot
    setDragId(null)
    setDropSlot(null)
    if (id === null || slot === null) return
    const from = presets.findIndex((p) => p.id === id)
    if (from < 0) return
    const toIndex = slot > from ? slot - 1 : slot
    if (toIndex !== from) void store().move(id, toIndex)
  }

  function onDragEnd() {
    setDragId(null)
    setDropSlot(null)
  }

  const dragFrom = dragId === null ? -1 : presets.findIndex((p) => p.id === dragId)
  // A line right above or below the dragged preset would not move it: no line there.
  const visibleSlot =
    dropSlot !== null && dropSlot !== dragFrom && dropSlot !== dragFrom + 1 ? dropSlot : null

  const menuPreset = menu ? presets.find((p) => p.id === menu.id) : undefined
  const renaming = dialog?.kind === 'rename' ? presets.find((p) => p.id === dialog.id) : undefined

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
            {presets.length > 0 ? <span className="presets-count">{presets.length}</span> : null}
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
          <ul
            className={`preset-list${dragId !== null ? ' is-dragging' : ''}`}
            aria-label="Presets"
            aria-busy={busy}
            onDragOver={(event) => {
              if (dragId !== null) event.preventDefault()
            }}
            onDrop={onDrop}
          >
            {presets.map((preset, index) => (
              <PresetRow
                key={preset.id}
                preset={preset}
                index={index}
                isActive={preset.id === activePresetId}
                isDefault={preset.id === defaultId}
                modified={preset.id === activePresetId && activeModified}
                tabbable={preset.id === tabStop}
                menuOpen={menu?.id === preset.id}
                menuId={menuId}
                dragging={preset.id === dragId}
                dropBefore={visibleSlot === index}
                dropAfter={visibleSlot === index + 1 && index === presets.length - 1}
                applyRef={(element) => {
                  if (element) applyRefs.current.set(preset.id, element)
                  else applyRefs.current.delete(preset.id)
                }}
                actionsRef={(element) => {
                  if (element) actionRefs.current.set(preset.id, element)
                  else actionRefs.current.delete(preset.id)
                }}
                onApply={() => void store().apply(preset.id)}
                onUpdate={() => void store().updateFromCurrent(preset.id)}
                onFocus={() => setFocusId(preset.id)}
                onItemKeyDown={(event) => onItemKeyDown(event, preset, index)}
                onActionsKeyDown={(event) => onActionsKeyDown(event, preset)}
                onToggleMenu={() => (menu?.id === preset.id ? setMenu(null) : openMenu(preset))}
                onContextMenu={(event) => {
                  event.preventDefault()
                  openMenu(preset)
                }}
                onDragStart={(event) => onDragStart(event, preset)}
                onDragOver={(event) => onDragOver(event, index)}
                onDragEnd={onDragEnd}
              />
            ))}
          </ul>
        )}
      </div>

      {menu && menuPreset ? (
        <PresetActionsMenu
          id={menuId}
          anchor={menu.anchor}
          initialFocus={menu.initialFocus}
          preset={menuPreset}
          index={presets.indexOf(menuPreset)}
          count={presets.length}
          isDefault={menuPreset.id === defaultId}
          modified={isModified(menuPreset, filters, pageSize)}
          onClose={() => setMenu(null)}
          onRename={() => setDialog({ kind: 'rename', id: menuPreset.id })}
          onUpdate={() => void store().updateFromCurrent(menuPreset.id)}
          onDuplicate={() => void store().duplicate(menuPreset.id).then(reveal)}
          onDelete={() => void remove(menuPreset)}
          onSetDefault={(on) => void store().setDefault(on ? menuPreset.id : null)}
          onMove={(delta) => void moveBy(menuPreset, delta)}
        />
      ) : null}

      {dialog?.kind === 'save' ? (
        <PresetNameDialog
          mode="save"
          initialName={suggestPresetName(
            filters,
            presets.map((p) => p.name),
          )}
          takenNames={presets.map((p) => p.name)}
          description={
            <p>
              Keeps the current filters (<strong>{summariseFilters(filters)}</strong>) and {pageSize} rows per
              page.
            </p>
          }
          onSubmit={(name) => store().create(name)}
          onClose={() => setDialog(null)}
        />
      ) : null}

      {renaming ? (
        <PresetNameDialog
          mode="rename"
          initialName={renaming.name}
          takenNames={presets.filter((p) => p.id !== renaming.id).map((p) => p.name)}
          onSubmit={(name) => store().rename(renaming.id, name)}
          onClose={() => setDialog(null)}
        />
      ) : null}

      {importPreview ? <ImportPreviewDialog preview={importPreview} /> : null}
    </section>
  )
}

interface PresetActionsMenuProps {
  id: string
  anchor: HTMLElement
  initialFocus: 'first' | 'last'
  preset: Preset
  index: number
  count: number
  isDefault: boolean
  /** The form differs from the preset, so "Update from current filters" has something to do. */
  modified: boolean
  onClose: () => void
  onRename: () => void
  onUpdate: () => void
  onDuplicate: () => void
  onDelete: () => void
  onSetDefault: (on: boolean) => void
  onMove: (delta: -1 | 1) => void
}

/** "Actions for <name>": everything that can be done to one preset. */
function PresetActionsMenu({
  id,
  anchor,
  initialFocus,
  preset,
  index,
  count,
  isDefault,
  modified,
  onClose,
  onRename,
  onUpdate,
  onDuplicate,
  onDelete,
  onSetDefault,
  onMove,
}: PresetActionsMenuProps) {
  const items: MenuItem[] = [
    { label: 'Rename', onSelect: onRename, shortcut: 'F2' },
    // Nothing to update when the form already matches.
    { label: 'Update from current filters', onSelect: onUpdate, disabled: !modified },
    { label: 'Duplicate', onSelect: onDuplicate },
    isDefault
      ? {
          label: "Don't run when the app opens",
          onSelect: () => onSetDefault(false),
          icon: <StarIcon filled />,
          separated: true,
        }
      : {
          label: 'Run when the app opens',
          onSelect: () => onSetDefault(true),
          icon: <StarIcon />,
          separated: true,
        },
    {
      label: 'Move up',
      onSelect: () => onMove(-1),
      disabled: index <= 0,
      shortcut: 'Alt+ArrowUp',
      separated: true,
    },
    {
      label: 'Move down',
      onSelect: () => onMove(1),
      disabled: index >= count - 1,
      shortcut: 'Alt+ArrowDown',
    },
    { label: 'Delete', onSelect: onDelete, danger: true, shortcut: 'Delete', separated: true },
  ]
  return (
    <Menu
      id={id}
      anchor={anchor}
      label={`Actions for ${preset.name}`}
      initialFocus={initialFocus}
      onClose={onClose}
      items={items}
    />
  )
}

interface PresetRowProps {
  preset: Preset
  index: number
  isActive: boolean
  isDefault: boolean
  modified: boolean
  tabbable: boolean
  menuOpen: boolean
  menuId: string
  dragging: boolean
  dropBefore: boolean
  dropAfter: boolean
  applyRef: (element: HTMLButtonElement | null) => void
  actionsRef: (element: HTMLButtonElement | null) => void
  onApply: () => void
  onUpdate: () => void
  onFocus: () => void
  onItemKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void
  onActionsKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void
  onToggleMenu: () => void
  onContextMenu: (event: MouseEvent) => void
  onDragStart: (event: DragEvent<HTMLLIElement>) => void
  onDragOver: (event: DragEvent<HTMLLIElement>) => void
  onDragEnd: () => void
}

function PresetRow({
  preset,
  isActive,
  isDefault,
  modified,
  tabbable,
  menuOpen,
  menuId,
  dragging,
  dropBefore,
  dropAfter,
  applyRef,
  actionsRef,
  onApply,
  onUpdate,
  onFocus,
  onItemKeyDown,
  onActionsKeyDown,
  onToggleMenu,
  onContextMenu,
  onDragStart,
  onDragOver,
  onDragEnd,
}: PresetRowProps) {
  const modifiedId = useId()
  const summary = `${summariseFilters(preset.filters)} · ${preset.pageSize} rows per page`
  const classes = [
    'preset-item',
    isActive ? 'is-active' : '',
    modified ? 'is-modified' : '',
    menuOpen ? 'is-menu-open' : '',
    dragging ? 'is-dragging' : '',
    dropBefore ? 'drop-before' : '',
    dropAfter ? 'drop-after' : '',
  ]
    .filter(Boolean)
    .join(' ')

  return (
    <li
      className={classes}
      draggable
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onContextMenu={onContextMenu}
    >
      <span className="preset-grip" aria-hidden="true" title="Drag to reorder">
        <GripIcon />
      </span>
      <button
        ref={applyRef}
        type="button"
        className="preset-apply"
        tabIndex={tabbable ? 0 : -1}
        aria-current={isActive ? 'true' : undefined}
        aria-describedby={modified ? modifiedId : undefined}
        aria-keyshortcuts={ITEM_SHORTCUTS}
        title={`${summary}\nClick to run · drag or Alt+↑/↓ to reorder`}
        onClick={onApply}
        onFocus={onFocus}
        onKeyDown={onItemKeyDown}
      >
        <span className="preset-name">{preset.name}</span>
        {isDefault ? (
          <span className="preset-default" title="Runs when the app opens">
            <StarIcon filled width={13} height={13} />
            <span className="sr-only">, runs when the app opens</span>
          </span>
        ) : null}
        {preset.starter ? (
          <span className="preset-tag">
            <span className="sr-only">, </span>Starter
          </span>
        ) : null}
      </button>
      <button
        ref={actionsRef}
        type="button"
        className="icon-button preset-actions"
        tabIndex={tabbable ? 0 : -1}
        aria-label={`Actions for ${preset.name}`}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        aria-controls={menuOpen ? menuId : undefined}
        onClick={onToggleMenu}
        onFocus={onFocus}
        onKeyDown={onActionsKeyDown}
      >
        <MoreIcon />
      </button>
      {modified ? (
        <div className="preset-modified">
          <span id={modifiedId} className="preset-modified-text">
            <span className="preset-modified-dot" aria-hidden="true" />
            Modified
            <span className="sr-only"> since it was applied</span>
          </span>
          <button
            type="button"
            className="link-button preset-update"
            aria-describedby={modifiedId}
            title="Save the current filters and page size into this preset"
            onClick={onUpdate}
          >
            Update
          </button>
        </div>
      ) : null}
    </li>
  )
}
