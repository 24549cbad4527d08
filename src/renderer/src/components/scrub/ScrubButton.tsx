import { useScrubStore } from '../../stores/scrub'
import { ShortLabel } from '../ShortLabel'
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
      <ShortLabel long="Scrub a send list…" short="Scrub…" />
    </button>
  )
}
