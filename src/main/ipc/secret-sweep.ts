import { secretScanner, type SecretScanner, type SecretsProvider } from '../lib/redact'

/**
 * The last check on everything main hands the window (answers and events):
 * a copy with every string and key that holds a token, or an 8-character run
 * of one, scrubbed. `ok: false` when the value could not even be walked; such
 * a value must not leave main.
 */
export function sweepSecrets(
  value: unknown,
  secrets: SecretsProvider,
): { ok: true; value: unknown; places: string[] } | { ok: false } {
  let scanner: SecretScanner
  try {
    scanner = secretScanner(secrets())
  } catch {
    scanner = secretScanner([])
  }
  const places: string[] = []
  try {
    return { ok: true, value: sweep(value, scanner, '', places, 0), places }
  } catch {
    return { ok: false }
  }
}

/** Deep enough for any answer main gives; anything deeper is dropped rather than walked forever. */
const MAX_DEPTH = 32

/**
 * A copy of `value` with every string (and object key) the scanner flags
 * scrubbed; the same object when nothing was found. Answers are plain data
 * (they cross a structured clone), so arrays and plain objects are all there is.
 */
function sweep(
  value: unknown,
  scanner: SecretScanner,
  path: string,
  places: string[],
  depth: number,
): unknown {
  if (typeof value === 'string') {
    if (!scanner.leaks(value)) return value
    places.push(path || 'the whole value')
    return scanner.scrub(value)
  }
  if (typeof value !== 'object' || value === null) return value
  if (depth > MAX_DEPTH) return null
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item, index) => {
      const next = sweep(item, scanner, `${path}[${index}]`, places, depth + 1)
      if (next !== item) (copy ??= [...value])[index] = next
    })
    return copy ?? value
  }
  let copy: Record<string, unknown> | undefined
  const entries = Object.entries(value)
  entries.forEach(([key, item], index) => {
    const safeKey = scanner.leaks(key) ? scanner.scrub(key) : key
    if (safeKey !== key) places.push(`${path}.<key>`)
    const next = sweep(item, scanner, `${path}.${safeKey}`, places, depth + 1)
    if (next === item && safeKey === key) {
      // Unchanged, but once a copy exists everything after the first change must go into it too.
      if (copy !== undefined) define(copy, key, item)
      return
    }
    if (copy === undefined) {
      // Rebuild in order, so keys keep their place; defineProperty never touches a prototype.
      copy = {}
      for (const [earlierKey, earlier] of entries.slice(0, index)) define(copy, earlierKey, earlier)
    }
    define(copy, safeKey, next)
  })
  if (copy !== undefined) return copy
  return value
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
