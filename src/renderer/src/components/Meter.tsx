import type { ReactNode } from 'react'

/**
 * The app's one progress meter (export, report opening, lookup): a bar that
 * screen readers read as `valueText`, and the stats line under it. The fill is
 * a transform so the bar animates without relayout.
 */
export function Meter({
  label,
  now,
  max,
  valueText,
  children,
}: {
  /** Omitted where the surrounding region already names what progresses. */
  label?: string
  now: number
  max: number
  valueText: string
  /** The stats line's items. */
  children: ReactNode
}) {
  const fraction = max > 0 ? Math.min(1, Math.max(0, now / max)) : 0
  return (
    <>
      <div
        className="meter"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={now}
        aria-valuetext={valueText}
      >
        <div className="meter-fill" style={{ transform: `scaleX(${fraction})` }} />
      </div>
      <p className="meter-stats">{children}</p>
    </>
  )
}
