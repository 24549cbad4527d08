import { useRef, useState } from 'react'
import type { ReportFormat } from '../../../shared/exports'
import { Spinner } from './Alert'
import { ChevronDownIcon, ExportIcon, FileTextIcon, SpreadsheetIcon } from './Icons'
import { Menu } from './Menu'

/**
 * A small "Export …" menu button offering Excel or CSV, for a result saved as one report
 * (a lookup's verdicts, a comparison). Disabled with `unavailable` as its tooltip; a spinner
 * while `saving`.
 */
export function ExportFormatMenu({
  label,
  what,
  hints,
  saving,
  unavailable,
  onChoose,
}: {
  /** The button's text and the menu's name, e.g. "Export verdicts". */
  label: string
  /** What is saved, starting the items: "Verdicts" → "Verdicts as Excel". */
  what: string
  hints?: Partial<Record<ReportFormat, string>>
  saving: boolean
  unavailable: string | null
  onChoose: (format: ReportFormat) => void
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const open = anchor !== null && unavailable === null

  return (
    <div className="export-action" title={unavailable ?? undefined}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-small export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={unavailable !== null}
        onClick={() => setAnchor(open ? null : buttonRef.current)}
      >
        {saving ? <Spinner /> : <ExportIcon />}
        {label}
        <ChevronDownIcon className="icon export-chevron" />
      </button>
      {open ? (
        <Menu
          className="menu-export"
          align="end"
          anchor={anchor}
          label={label}
          items={[
            {
              label: `${what} as Excel`,
              hint: hints?.xlsx,
              icon: <SpreadsheetIcon />,
              onSelect: () => onChoose('xlsx'),
            },
            {
              label: `${what} as CSV`,
              hint: hints?.csv,
              icon: <FileTextIcon />,
              onSelect: () => onChoose('csv'),
            },
          ]}
          onClose={() => setAnchor(null)}
        />
      ) : null}
    </div>
  )
}
