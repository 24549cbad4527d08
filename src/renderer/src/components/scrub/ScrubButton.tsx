import { useScrubStore } from '../../stores/scrub'
import { FileTextIcon } from '../Icons'
import { SCRUB_OPENER_ID } from './ScrubWindow'

/** "Scrub a send list…" in the header: opens the scrub window in the workspace's place. */
export function ScrubButton() {
  const show = useScrubStore((s) => s.show)
  const open = useScrubStore((s) => s.open)
  return (
    <button
      id={SCRUB_OPENER_ID}
      type="button"
      className="button button-quiet"
      onClick={show}
      aria-pressed={open}
      title="Scrub a send list…"
    >
      <FileTextIcon />
      {/* A narrow window shows "Scrub…"; the whole name stays for assistive technology and the tooltip. */}
      <span className="scrub-open-long">Scrub a send list…</span>
      <span className="scrub-open-short" aria-hidden="true">
        Scrub…
      </span>
    </button>
  )
}
