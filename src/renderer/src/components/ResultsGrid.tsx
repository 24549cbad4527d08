import {
  CellStyleModule,
  ClientSideRowModelModule,
  ModuleRegistry,
  TooltipModule,
  ValidationModule,
  type ColDef,
  type ValueGetterParams,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import {
  campaignLabel,
  RECORD_FIELD_LABELS,
  RECORD_FIELDS,
  type OptOutRecord,
  type RecordField,
} from '../../../shared/records'
import { compareRecordValues } from '../lib/compare'
import 'ag-grid-community/styles/ag-grid.css'
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css'
import '../styles/grid.css'

// Only what the grid uses. The legacy CSS themes are imported as files (see grid.css):
// the Theming API would inject <style> elements, which the renderer's CSP refuses.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  CellStyleModule,
  TooltipModule,
  ...(import.meta.env.DEV ? [ValidationModule] : []),
])

const NUMERIC_FIELDS = new Set<RecordField>(['id', 'phone_code', 'phone_number', 'campaign_id'])

// Fixed widths for the short values; reason and campaign name share what is left.
const WIDTHS: Record<RecordField, { width?: number; flex?: number; minWidth: number }> = {
  id: { width: 96, minWidth: 80 },
  phone_code: { width: 100, minWidth: 80 },
  phone_number: { width: 132, minWidth: 110 },
  reason: { flex: 3, minWidth: 180 },
  purpose: { width: 100, minWidth: 90 },
  insert_date: { width: 172, minWidth: 150 },
  campaign_id: { width: 112, minWidth: 90 },
  campaign_name: { flex: 2, minWidth: 130 },
}

export const COLUMN_DEFS: ColDef<OptOutRecord>[] = RECORD_FIELDS.map((field) => {
  const column: ColDef<OptOutRecord> = {
    colId: field,
    headerName: RECORD_FIELD_LABELS[field],
    ...WIDTHS[field],
    comparator: compareRecordValues,
    cellClass: NUMERIC_FIELDS.has(field) || field === 'insert_date' ? 'cell-numeric' : undefined,
    // Long reasons and campaign names show in full on hover (only when cut off, see tooltipShowMode).
    tooltip: field === 'reason' || field === 'campaign_name' ? true : undefined,
  }
  if (field === 'campaign_name') {
    // Campaign 0 is the global list; Convoso leaves its name empty.
    column.valueGetter = (params: ValueGetterParams<OptOutRecord>) =>
      params.data ? campaignLabel(params.data) : ''
  } else {
    // Shown exactly as Convoso sent it: insert dates are never parsed or shifted.
    column.field = field
  }
  return column
})

const DEFAULT_COL_DEF: ColDef<OptOutRecord> = {
  resizable: true,
  sortable: true,
  suppressMovable: false,
}

/** `false` hands Tab back to the browser, so focus moves to the next control after the grid. */
const leaveGrid = (): false => false

interface ResultsGridProps {
  records: OptOutRecord[]
}

/**
 * The page of records on screen. Row identity is left to the grid: a new page
 * replaces every row, and a duplicate id from Convoso must not break rendering.
 */
export function ResultsGrid({ records }: ResultsGridProps) {
  return (
    <div className="grid-frame ag-theme-quartz">
      <AgGridReact<OptOutRecord>
        theme="legacy"
        rowData={records}
        columnDefs={COLUMN_DEFS}
        defaultColDef={DEFAULT_COL_DEF}
        enableCellTextSelection
        ensureDomOrder
        suppressDragLeaveHidesColumns
        rowHeight={36}
        headerHeight={40}
        animateRows={false}
        tooltipShowMode="whenTruncated"
        tooltipShowDelay={400}
        // One Tab stop: arrow keys move between cells and headers, Tab leaves the grid for the pager.
        tabToNextCell={leaveGrid}
        tabToNextHeader={leaveGrid}
      />
    </div>
  )
}
