const HOUR = 3_600_000

/** How long ago an ISO time was, as a person says it: "12 minutes", "5 hours", "3 days"; null when unreadable. */
export function ageText(iso: string | null | undefined, now: number = Date.now()): string | null {
  if (!iso) return null
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return null
  const ms = Math.max(0, now - then)
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return 'less than a minute'
  if (minutes < 60) return plural(minutes, 'minute')
  const hours = Math.floor(ms / HOUR)
  if (hours < 48) return plural(hours, 'hour')
  return plural(Math.floor(hours / 24), 'day')
}

/** True when the time is longer ago than `maxHours` (or cannot be read: an undated snapshot is not fresh). */
export function olderThan(
  iso: string | null | undefined,
  maxHours: number,
  now: number = Date.now(),
): boolean {
  if (!iso) return true
  const then = Date.parse(iso)
  return Number.isNaN(then) || now - then > maxHours * HOUR
}

function plural(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`
}
