import { toSearchParams, type SearchFilters } from './filters'
import type { PageSize } from './paging'

/**
 * A saved review: filters plus page size under a name. Tokens and API
 * addresses are never part of a preset, nor of an exported presets file.
 */
export interface Preset {
  id: string
  name: string
  filters: SearchFilters
  pageSize: PageSize
  /** One of the presets offered on first run; deletable like any other. */
  starter: boolean
  createdAt: string
  updatedAt: string
}

export interface PresetsSnapshot {
  /** In the user's order. */
  presets: Preset[]
  /** The preset that runs when the app opens, if any. */
  defaultId: string | null
  /** Set when the presets file could not be used as it was: says what happened and where the backup is. */
  problem: string | null
}

export const PRESET_NAME_MAX = 80

/** Trims and checks a preset name; `taken` holds the other presets' names. */
export function validatePresetName(
  raw: string,
  taken: readonly string[],
): { name: string } | { error: string } {
  const name = raw.trim().replace(/\s+/g, ' ')
  if (name === '') return { error: 'Give the preset a name.' }
  if (name.length > PRESET_NAME_MAX) {
    return { error: `Use at most ${PRESET_NAME_MAX} characters (this one has ${name.length}).` }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { error: 'Remove the control characters from the name.' }
  const key = presetNameKey(name)
  if (taken.some((other) => presetNameKey(other) === key)) {
    return { error: `A preset called "${name}" already exists (names ignore upper and lower case).` }
  }
  return { name }
}

/** Names are unique regardless of case. */
export function presetNameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en-US')
}

/** "Name", "Name (2)", "Name (3)" … : the first that is free, kept within the length limit. */
export function uniquePresetName(wanted: string, taken: readonly string[]): string {
  const keys = new Set(taken.map(presetNameKey))
  const base = wanted.trim().replace(/\s+\(\d+\)$/, '') || 'Preset'
  if (!keys.has(presetNameKey(wanted))) return wanted.trim()
  for (let n = 2; ; n += 1) {
    const suffix = ` (${n})`
    const candidate = `${base.slice(0, PRESET_NAME_MAX - suffix.length)}${suffix}`
    if (!keys.has(presetNameKey(candidate))) return candidate
  }
}

/** What an import would do, shown to the user before anything is added. */
export interface ImportPreview {
  previewId: string
  fileName: string
  toAdd: { name: string; renamedFrom: string | null }[]
  skipped: { entry: number; name: string | null; reason: string }[]
}

export interface ImportOutcome {
  snapshot: PresetsSnapshot
  added: number
  skipped: number
}

export interface PresetsExportOutcome {
  filePath: string
  count: number
}

/**
 * A preset keeps only filters that can be searched (the form refuses to save others, and main checks
 * again for a hand-edited or imported file): the first problem as "field: what is wrong", or null.
 */
export function presetFiltersProblem(filters: SearchFilters): string | null {
  const checked = toSearchParams(filters)
  if (checked.ok) return null
  const [field, message] = Object.entries(checked.fieldErrors)[0] ?? ['filters', 'not a filter']
  return `${field}: ${message}`
}
