import { useId, useRef, useState, type KeyboardEvent } from 'react'
import { exportRowCap } from '../../../shared/exports'
import { useFocusTarget } from '../lib/focus-targets'
import { countOf, formatCount } from '../lib/format'
import { exportUnavailableReason, isExportBusy, useExportsStore, type ExportChoice } from '../stores/exports'
import { useSearchStore } from '../stores/search'
import { Spinner } from './Alert'
import { ChevronDownIcon, ExportIcon, FileTextIcon, SpreadsheetIcon } from './Icons'
import { Menu, type MenuItem } from './Menu'

/**
 * "Export" beside the results: this page or all matching records, as Excel or
 * CSV. Exports the results on screen (their filters, offset and page size),
 * never unsaved edits in the form. One export at a time.
 */
export function ExportMenu() {
  const results = useSearchStore((s) => s.results)
  const searching = useSearchStore((s) => s.loading)
  const phase = useExportsStore((s) => s.phase)
  const begin = useExportsStore((s) => s.begin)
  const [menu, setMenu] = useState<{ anchor: HTMLElement; initialFocus: 'first' | 'last' } | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  useFocusTarget('exportAction', () => {
    const button = buttonRef.current
    if (!button || button.disabled) return false
    button.focus()
    return true
  })
  const menuId = useId()
  const reasonId = useId()

  const reason = exportUnavailableReason(phase, results, searching)
  const busy = isExportBusy(phase)
  const open = menu !== null && reason === null && results !== null

  function openMenu(initialFocus: 'first' | 'last') {
    if (buttonRef.current && reason === null) setMenu({ anchor: buttonRef.current, initialFocus })
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      openMenu(event.key === 'ArrowUp' ? 'last' : 'first')
    }
  }

  function choose(choice: ExportChoice) {
    void begin(choice)
  }

  let items: MenuItem[] = []
  if (results) {
    const pageRows = results.records.length
    const pageHint = pageRows === 0 ? 'no rows' : countOf(pageRows, 'row')
    const reachable = exportRowCap(results.maxOffset)
    const allHint =
      results.total > reachable ? `first ${formatCount(reachable)}` : countOf(results.total, 'row')
    items = [
      {
        label: 'This page as Excel',
        hint: pageHint,
        icon: <SpreadsheetIcon />,
        disabled: pageRows === 0,
        onSelect: () => choose({ scope: 'page', format: 'xlsx' }),
      },
      {
        label: 'This page as CSV',
        hint: pageHint,
        icon: <FileTextIcon />,
        disabled: pageRows === 0,
        onSelect: () => choose({ scope: 'page', format: 'csv' }),
      },
      {
        label: 'All matching records as Excel',
        hint: allHint,
        icon: <SpreadsheetIcon />,
        separated: true,
        onSelect: () => choose({ scope: 'all', format: 'xlsx' }),
      },
      {
        label: 'All matching records as CSV',
        hint: allHint,
        icon: <FileTextIcon />,
        onSelect: () => choose({ scope: 'all', format: 'csv' }),
      },
    ]
  }

  return (
    <div className="export-action" title={reason ?? undefined}>
      {busy ? (
        <span className="export-busy" aria-hidden="true">
          One export at a time
        </span>
      ) : null}
      {reason ? (
        <span id={reasonId} className="sr-only">
          {reason}
        </span>
      ) : null}
      <button
        ref={buttonRef}
        type="button"
        className="button export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-describedby={reason ? reasonId : undefined}
        disabled={reason !== null}
        onClick={() => (open ? setMenu(null) : openMenu('first'))}
        onKeyDown={onKeyDown}
      >
        {phase === 'planning' || phase === 'starting' ? <Spinner /> : <ExportIcon />}
        Export
        <ChevronDownIcon className="icon export-chevron" />
      </button>
      {open ? (
        <Menu
          id={menuId}
          className="menu-export"
          align="end"
          anchor={menu.anchor}
          label="Export"
          initialFocus={menu.initialFocus}
          items={items}
          onClose={() => setMenu(null)}
        />
      ) : null}
    </div>
  )
}
