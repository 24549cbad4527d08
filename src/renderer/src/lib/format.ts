/** Numbers in the user's own locale, e.g. `12,345` in en-US. */
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

export function formatCount(value: number): string {
  return numberFormat.format(value)
}

/** `1 opt-out`, `12,345 opt-outs`. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`
}
