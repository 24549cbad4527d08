const DIGITS = /^\d+$/

/**
 * Orders the string values Convoso sends. Digit strings compare as numbers
 * without converting them (ids and phone numbers may exceed 2^53 or keep
 * leading zeros); everything else compares as text. Blanks sort last.
 */
export function compareRecordValues(a: unknown, b: unknown): number {
  const left = typeof a === 'string' ? a : a == null ? '' : String(a)
  const right = typeof b === 'string' ? b : b == null ? '' : String(b)
  if (left === right) return 0
  if (left === '') return 1
  if (right === '') return -1
  if (DIGITS.test(left) && DIGITS.test(right)) {
    const l = left.replace(/^0+(?=\d)/, '')
    const r = right.replace(/^0+(?=\d)/, '')
    if (l.length !== r.length) return l.length - r.length
    if (l !== r) return l < r ? -1 : 1
    return left.length - right.length
  }
  return left.localeCompare(right, undefined, { sensitivity: 'base', numeric: true })
}
