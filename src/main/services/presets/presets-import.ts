import { z } from 'zod'
import type { SearchFilters } from '../../../shared/filters'
import {
  presetFiltersProblem,
  presetNameKey,
  uniquePresetName,
  validatePresetName,
  type ImportPreview,
  type Preset,
} from '../../../shared/presets'
import type { PageSize } from '../../../shared/paging'
import { exportEntrySchema, PRESETS_EXPORT_FORMAT } from './presets-file'

/** Bounds on what an import reads, so a hostile file cannot exhaust memory or the UI. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024
export const IMPORT_MAX_ENTRIES = 1000

export interface ImportCandidate {
  name: string
  filters: SearchFilters
  pageSize: PageSize
}

export type ImportPlan = Omit<ImportPreview, 'previewId' | 'fileName'> & { candidates: ImportCandidate[] }

const exportFileSchema = z.object({
  format: z.literal(PRESETS_EXPORT_FORMAT),
  version: z.literal(1),
  presets: z.array(z.unknown()),
})

const sameFilters = (a: ImportCandidate | Preset, b: ImportCandidate | Preset): boolean =>
  a.pageSize === b.pageSize && JSON.stringify(a.filters) === JSON.stringify(b.filters)

/**
 * Works out what importing a presets file would do, without doing it: entries
 * to add (renamed "Name (2)" on a clash), entries skipped with the reason. A
 * file that is not a presets export at all is an error, not an empty plan.
 */
export function planImport(
  text: string,
  existing: readonly Preset[],
): { plan: ImportPlan } | { error: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return {
      error:
        'This is not an Opt-Out Desk presets file (it is not JSON). Choose a file made with "Export presets".',
    }
  }
  const file = exportFileSchema.safeParse(json)
  if (!file.success) {
    const version =
      typeof json === 'object' && json !== null && 'format' in json && json.format === PRESETS_EXPORT_FORMAT
        ? ' It may come from a newer version of the app.'
        : ''
    return {
      error: `This is not an Opt-Out Desk presets file.${version} Choose a file made with "Export presets".`,
    }
  }

  const plan: ImportPlan = { toAdd: [], skipped: [], candidates: [] }
  const names = existing.map((preset) => preset.name)
  const entries = file.data.presets
  entries.slice(0, IMPORT_MAX_ENTRIES).forEach((entry, index) => {
    const parsed = exportEntrySchema.safeParse(entry)
    const rawName =
      typeof entry === 'object' && entry !== null && 'name' in entry && typeof entry.name === 'string'
        ? entry.name.slice(0, 100)
        : null
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
      plan.skipped.push({
        entry: index + 1,
        name: rawName,
        reason: `${where}${issue?.message ?? 'not a preset'}`,
      })
      return
    }
    const valid = validatePresetName(parsed.data.name, [])
    if ('error' in valid) {
      plan.skipped.push({ entry: index + 1, name: rawName, reason: valid.error })
      return
    }
    const problem = presetFiltersProblem(parsed.data.filters)
    if (problem) {
      plan.skipped.push({ entry: index + 1, name: rawName, reason: `filters.${problem}` })
      return
    }
    const candidate: ImportCandidate = { ...parsed.data, name: valid.name }
    const key = presetNameKey(candidate.name)
    const twin = [...existing, ...plan.candidates].find((other) => presetNameKey(other.name) === key)
    if (twin && sameFilters(twin, candidate)) {
      plan.skipped.push({
        entry: index + 1,
        name: candidate.name,
        reason: 'An identical preset already exists.',
      })
      return
    }
    const name = uniquePresetName(candidate.name, names)
    names.push(name)
    plan.candidates.push({ ...candidate, name })
    plan.toAdd.push({ name, renamedFrom: name === candidate.name ? null : candidate.name })
  })
  if (entries.length > IMPORT_MAX_ENTRIES) {
    plan.skipped.push({
      entry: IMPORT_MAX_ENTRIES + 1,
      name: null,
      reason: `Only the first ${IMPORT_MAX_ENTRIES.toLocaleString('en-US')} entries of a file are read; ${(entries.length - IMPORT_MAX_ENTRIES).toLocaleString('en-US')} more were ignored.`,
    })
  }
  return { plan }
}
