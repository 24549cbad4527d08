import {
  CellStyleModule,
  ClientSideRowModelModule,
  ModuleRegistry,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  TooltipModule,
  ValidationModule,
  type CellClickedEvent,
  type CellContextMenuEvent,
  type CellFocusedEvent,
  type CellKeyDownEvent,
  type ColDef,
  type GridApi,
  type IRowNode,
  type RowSelectionOptions,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useEffect, useMemo, useRef, useState, type ClipboardEvent, type ReactNode } from 'react'
import { RECORD_FIELDS, type OptOutRecord, type RecordField } from '../../../shared/records'
import { Menu, type MenuItem } from './Menu'
import { COLUMN_DEFS } from './results/columns'
import { cellCopyText, phoneCopyText, rowsCopyText } from './results/copy-text'
import { RecordDetails } from './results/RecordDetails'
import { CopyStatusText, useCopy } from './results/useCopy'
import 'ag-grid-community/styles/ag-grid.css'
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css'
import '../styles/grid.css'

export { COLUMN_DEFS }

// Only what the grid uses. The legacy CSS themes are imported as files (see grid.css):
// the Theming API would inject <style> elements, which the renderer's CSP refuses.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  CellStyleModule,
  TooltipModule,
  RowSelectionModule,
  // getDisplayedRowAtIndex (the details follow the focused row) and ensureIndexVisible (focus back to its cell).
  RowApiModule,
  ScrollApiModule,
  ...(import.meta.env.DEV ? [ValidationModule] : []),
])

const DEFAULT_COL_DEF: ColDef<OptOutRecord> = {
  resizable: true,
  sortable: true,
  suppressMovable: false,
}

/**
 * Rows are selected with Ctrl/Cmd+click, Shift+click or Space, never by a plain click: a plain
 * click opens the row's details, and Ctrl/Cmd+C copies the focused cell unless rows are selected.
 */
const ROW_SELECTION: RowSelectionOptions<OptOutRecord> = {
  mode: 'multiRow',
  checkboxes: false,
  headerCheckbox: false,
  enableClickSelection: false,
}

/** `false` hands Tab back to the browser, so focus moves to the next control after the grid. */
const leaveGrid = (): false => false

const isRecordField = (colId: string): colId is RecordField =>
  (RECORD_FIELDS as readonly string[]).includes(colId)

/** Text the user is selecting inside a cell keeps the browser's own copy. */
const hasTextSelection = (): boolean => (window.getSelection()?.toString() ?? '') !== ''

/** The selected rows in the order the grid shows them (the user may have sorted the page). */
function selectedRecords(api: GridApi<OptOutRecord>): OptOutRecord[] {
  return api
    .getSelectedNodes()
    .filter((node): node is IRowNode<OptOutRecord> & { data: OptOutRecord } => node.data !== undefined)
    .sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0))
    .map((node) => node.data)
}

const rowsLabel = (count: number): string => (count === 1 ? 'the row' : `${count} rows`)

interface CellTarget {
  record: OptOutRecord
  field: RecordField
  rowIndex: number
}

type CellEvent =
  CellKeyDownEvent<OptOutRecord> | CellClickedEvent<OptOutRecord> | CellContextMenuEvent<OptOutRecord>

function targetOf(params: CellEvent): CellTarget | null {
  const field = params.column.getColId()
  if (!params.data || params.rowIndex === null || !isRecordField(field)) return null
  return { record: params.data, field, rowIndex: params.rowIndex }
}

function cellElementOf(event: Event | null | undefined): HTMLElement | null {
  const target = event?.target
  return target instanceof Element ? target.closest<HTMLElement>('.ag-cell') : null
}

interface ResultsGridProps {
  records: OptOutRecord[]
  /** Columns shown right after the record ID, in view without scrolling (e.g. a comparison's "Changes"). */
  extraColumns?: ColDef<OptOutRecord>[]
  /** More to show in a row's details panel, under its fields. */
  moreDetails?: (record: OptOutRecord) => ReactNode
}

/**
 * The page of records on screen. Row identity is left to the grid: a new page
 * replaces every row, and a duplicate id from Convoso must not break rendering.
 * A click or Enter shows a row's details beside the grid; Ctrl/Cmd+C, the context menu
 * (right-click, Shift+F10 or the menu key) and the details copy through main.
 */
export function ResultsGrid({ records, extraColumns, moreDetails }: ResultsGridProps) {
  const columnDefs = useMemo(
    () =>
      extraColumns ? [...COLUMN_DEFS.slice(0, 1), ...extraColumns, ...COLUMN_DEFS.slice(1)] : COLUMN_DEFS,
    [extraColumns],
  )
  const gridRef = useRef<AgGridReact<OptOutRecord>>(null)
  const [details, setDetails] = useState<OptOutRecord | null>(null)
  // A new number each time the details should take focus (Enter, the menu); 0 after a click.
  const [detailsFocus, setDetailsFocus] = useState(0)
  const focusRequests = useRef(0)
  // The grid cell focus returns to when the details close.
  const lastCell = useRef<{ rowIndex: number; colId: string } | null>(null)
  // Items are worked out when the menu opens (they depend on the selection then); `records` is the page it opened on.
  const [menu, setMenu] = useState<{
    anchor: HTMLElement
    target: CellTarget
    items: MenuItem[]
    records: OptOutRecord[]
  } | null>(null)
  // Where Shift+click extends a selection from.
  const selectionAnchor = useRef<number | null>(null)
  const { status, copy, copied } = useCopy()

  useEffect(() => {
    selectionAnchor.current = null
  }, [records])

  function selected(): OptOutRecord[] {
    const api = gridRef.current?.api
    return api ? selectedRecords(api) : []
  }

  function showDetails(record: OptOutRecord, takeFocus: boolean) {
    setDetails(record)
    if (takeFocus) focusRequests.current += 1
    setDetailsFocus(takeFocus ? focusRequests.current : 0)
  }

  function closeDetails() {
    setDetails(null)
    const api = gridRef.current?.api
    const cell = lastCell.current
    if (!api || !cell) return
    api.ensureIndexVisible(cell.rowIndex)
    api.setFocusedCell(cell.rowIndex, cell.colId)
  }

  function onCellFocused(params: CellFocusedEvent<OptOutRecord>) {
    const { rowIndex, column } = params
    if (rowIndex === null || !column || typeof column === 'string') return
    lastCell.current = { rowIndex, colId: column.getColId() }
    // The open details follow the row the keyboard is on.
    const record = params.api.getDisplayedRowAtIndex(rowIndex)?.data
    if (record) setDetails((shown) => (shown && shown !== record ? record : shown))
  }

  /** Ctrl/Cmd+C takes the selected rows, or else the focused cell. */
  function copyOf(target: CellTarget): { text: string; what: string } {
    const rows = selected()
    return rows.length > 0
      ? { text: rowsCopyText(rows), what: rowsLabel(rows.length) }
      : { text: cellCopyText(target.record, target.field), what: 'the cell' }
  }

  function focusedTarget(): CellTarget | null {
    const api = gridRef.current?.api
    const focused = api?.getFocusedCell()
    if (!api || !focused) return null
    const record = api.getDisplayedRowAtIndex(focused.rowIndex)?.data
    const field = focused.column.getColId()
    return record && isRecordField(field) ? { record, field, rowIndex: focused.rowIndex } : null
  }

  /**
   * Edit → Copy in the app menu (and Cmd+C on macOS, where the menu may take the key before the
   * page sees it) reach the grid as a `copy` event: the event itself carries the text.
   */
  function onCopy(event: ClipboardEvent<HTMLDivElement>) {
    if (event.defaultPrevented || hasTextSelection()) return
    const target = focusedTarget()
    if (!target) return
    const { text, what } = copyOf(target)
    event.clipboardData.setData('text/plain', text)
    event.preventDefault()
    copied(what)
  }

  function menuItems(target: CellTarget): MenuItem[] {
    const rows = selected()
    const copyRows = rows.length > 1 && rows.includes(target.record) ? rows : [target.record]
    return [
      {
        label: 'Copy cell',
        onSelect: () => void copy(cellCopyText(target.record, target.field), 'the cell'),
      },
      {
        label: copyRows.length > 1 ? `Copy ${copyRows.length} selected rows` : 'Copy row',
        onSelect: () => void copy(rowsCopyText(copyRows), rowsLabel(copyRows.length)),
      },
      {
        label: 'Copy phone number',
        onSelect: () => void copy(phoneCopyText(target.record), 'the phone number'),
      },
      {
        label: 'Show details',
        onSelect: () => showDetails(target.record, true),
        separated: true,
        shortcut: 'Enter',
      },
    ]
  }

  function openMenu(params: CellEvent, event: Event | null | undefined) {
    const target = targetOf(params)
    const anchor = cellElementOf(event)
    if (!target || !anchor) return
    event?.preventDefault()
    setMenu({ anchor, target, items: menuItems(target), records })
  }

  function onCellKeyDown(params: CellKeyDownEvent<OptOutRecord>) {
    const event = params.event
    if (!(event instanceof KeyboardEvent)) return
    const target = targetOf(params)
    if (!target) return
    const command = event.ctrlKey || event.metaKey
    if (event.key === 'Enter' && !command && !event.shiftKey && !event.altKey) {
      event.preventDefault()
      showDetails(target.record, true)
    } else if (command && !event.altKey && event.key.toLowerCase() === 'c') {
      if (hasTextSelection()) return
      event.preventDefault()
      const { text, what } = copyOf(target)
      void copy(text, what)
    } else if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      openMenu(params, event)
    } else if (event.key === 'Escape') {
      if (details) setDetails(null)
      else if (selected().length > 0) gridRef.current?.api.deselectAll()
    }
  }

  function onCellClicked(params: CellClickedEvent<OptOutRecord>) {
    const event = params.event
    const target = targetOf(params)
    if (!target || !(event instanceof MouseEvent)) return
    const { node } = params
    if (event.ctrlKey || event.metaKey) {
      node.setSelected(!node.isSelected())
      selectionAnchor.current = target.rowIndex
      return
    }
    const api = gridRef.current?.api
    if (event.shiftKey && api) {
      const from = Math.min(selectionAnchor.current ?? target.rowIndex, target.rowIndex)
      const to = Math.max(selectionAnchor.current ?? target.rowIndex, target.rowIndex)
      const nodes: IRowNode<OptOutRecord>[] = []
      api.forEachNodeAfterFilterAndSort((row) => {
        if (row.rowIndex !== null && row.rowIndex >= from && row.rowIndex <= to) nodes.push(row)
      })
      api.setNodesSelected({ nodes, newValue: true })
      return
    }
    selectionAnchor.current = target.rowIndex
    // Dragging across a value to select its text is not a request for the details.
    if (!hasTextSelection()) showDetails(target.record, false)
  }

  return (
    <>
      {/* Before the grid in the page, beside it on screen: Tab from the grid still goes straight to the pager. */}
      {details ? (
        <RecordDetails record={details} focusRequest={detailsFocus} onClose={closeDetails}>
          {moreDetails?.(details)}
        </RecordDetails>
      ) : null}
      <div className="grid-frame ag-theme-quartz" onCopy={onCopy}>
        <AgGridReact<OptOutRecord>
          ref={gridRef}
          theme="legacy"
          rowData={records}
          columnDefs={columnDefs}
          defaultColDef={DEFAULT_COL_DEF}
          rowSelection={ROW_SELECTION}
          enableCellTextSelection
          ensureDomOrder
          suppressDragLeaveHidesColumns
          preventDefaultOnContextMenu
          rowHeight={36}
          headerHeight={40}
          animateRows={false}
          tooltipShowMode="whenTruncated"
          tooltipShowDelay={400}
          // One Tab stop: arrow keys move between cells and headers, Tab leaves the grid for the pager.
          tabToNextCell={leaveGrid}
          tabToNextHeader={leaveGrid}
          onCellKeyDown={onCellKeyDown}
          onCellFocused={onCellFocused}
          onCellClicked={onCellClicked}
          onCellContextMenu={(params) => openMenu(params, params.event)}
        />
      </div>
      <CopyStatusText status={status} className="grid-copy-status" />
      {/* A new page takes the menu's row away, and the menu with it. */}
      {menu && menu.records === records ? (
        <Menu
          anchor={menu.anchor}
          label={`Record ${menu.target.record.id}`}
          items={menu.items}
          onClose={() => setMenu(null)}
        />
      ) : null}
    </>
  )
}
