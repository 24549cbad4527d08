import { z } from 'zod'
import { jsonFileText } from '../../lib/json-file-store'
import { presetSchema, searchFiltersSchema, pageSizeSchema } from '../../../shared/contract'
import { EMPTY_FILTERS } from '../../../shared/filters'
import { DEFAULT_PAGE_SIZE } from '../../../shared/paging'
import { validatePresetName, type Preset } from '../../../shared/presets'

/**
 * The presets file on disk, and how each older version becomes the current one.
 *   version 1: { version: 1, presets: [{ name, filters, isDefault? }] }  (no ids, no page size)
 *   version 2: { version: 2, defaultId, presets: Preset[] }
 */
export const PRESETS_FILE_VERSION = 2

export interface PresetsData {
  presets: Preset[]
  defaultId: string | null
}

const fileHeaderSchema = z.object({ version: z.number().int(), presets: z.array(z.unknown()) })

const v1EntrySchema = z.object({
  name: z.string(),
  filters: searchFiltersSchema.partial(),
  isDefault: z.boolean().optional(),
})

const v2FileSchema = z.object({
  version: z.literal(2),
  defaultId: z.string().nullable(),
  presets: z.array(z.unknown()),
})

export interface ParsedPresets {
  data: PresetsData
  /** One line per entry that could not be kept, e.g. `entry 3 ("Old"): filters.campaignId: expected string`. */
  rejected: string[]
  /** Set when the file as a whole could not be read (not JSON, unknown version…). */
  unreadable: string | null
  migratedFrom: number | null
}

export interface IdSource {
  newId(): string
  now(): string
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`)
    .join('; ')
}

/**
 * Reads whatever is on disk into current presets, keeping every entry that is
 * valid and saying which were not. Never throws.
 */
export function parsePresetsFile(text: string, ids: IdSource): ParsedPresets {
  const empty: PresetsData = { presets: [], defaultId: null }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { data: empty, rejected: [], unreadable: 'it is not valid JSON', migratedFrom: null }
  }
  const header = fileHeaderSchema.safeParse(json)
  if (!header.success) {
    return { data: empty, rejected: [], unreadable: 'it has no version or preset list', migratedFrom: null }
  }
  const { version } = header.data
  if (version === 1) return { ...migrateV1(header.data.presets, ids), unreadable: null, migratedFrom: 1 }
  if (version === PRESETS_FILE_VERSION) {
    const file = v2FileSchema.safeParse(json)
    if (!file.success) {
      return { data: empty, rejected: [], unreadable: describeIssues(file.error), migratedFrom: null }
    }
    const { kept, rejected } = keepValidEntries(file.data.presets, presetSchema, (preset, name, kept) =>
      kept.some((other) => other.id === preset.id) ? 'the same id appears twice' : { ...preset, name },
    )
    const defaultId = kept.some((preset) => preset.id === file.data.defaultId) ? file.data.defaultId : null
    return { data: { presets: kept, defaultId }, rejected, unreadable: null, migratedFrom: null }
  }
  return {
    data: empty,
    rejected: [],
    unreadable: `it was written by a newer Opt-Out Desk (presets version ${version})`,
    migratedFrom: null,
  }
}

function nameOf(entry: unknown): string {
  if (typeof entry === 'object' && entry !== null && 'name' in entry && typeof entry.name === 'string') {
    return ` ("${entry.name.slice(0, 40)}")`
  }
  return ''
}

/**
 * Keeps every entry that matches its schema and has a valid, unique name;
 * says for each other one why it was left out.
 */
function keepValidEntries<T extends { name: string }>(
  entries: readonly unknown[],
  schema: z.ZodType<T>,
  toPreset: (entry: T, name: string, kept: readonly Preset[]) => Preset | string,
): { kept: Preset[]; rejected: string[]; sources: T[] } {
  const kept: Preset[] = []
  const sources: T[] = []
  const rejected: string[] = []
  entries.forEach((entry, index) => {
    const label = `entry ${index + 1}${nameOf(entry)}`
    const parsed = schema.safeParse(entry)
    if (!parsed.success) {
      rejected.push(`${label}: ${describeIssues(parsed.error)}`)
      return
    }
    const name = validatePresetName(
      parsed.data.name,
      kept.map((other) => other.name),
    )
    const preset = 'error' in name ? name.error : toPreset(parsed.data, name.name, kept)
    if (typeof preset === 'string') {
      rejected.push(`${label}: ${preset}`)
      return
    }
    kept.push(preset)
    sources.push(parsed.data)
  })
  return { kept, rejected, sources }
}

function migrateV1(entries: unknown[], ids: IdSource): Omit<ParsedPresets, 'unreadable' | 'migratedFrom'> {
  const now = ids.now()
  const { kept, rejected, sources } = keepValidEntries(entries, v1EntrySchema, (entry, name) => ({
    id: ids.newId(),
    name,
    filters: { ...EMPTY_FILTERS, ...entry.filters },
    pageSize: DEFAULT_PAGE_SIZE,
    starter: false,
    createdAt: now,
    updatedAt: now,
  }))
  const defaultIndex = sources.findIndex((entry) => entry.isDefault === true)
  return { data: { presets: kept, defaultId: kept[defaultIndex]?.id ?? null }, rejected }
}

/** What presets.json holds for `data`. */
export function presetsFileContent(data: PresetsData): {
  version: number
  defaultId: string | null
  presets: Preset[]
} {
  return { version: PRESETS_FILE_VERSION, defaultId: data.defaultId, presets: data.presets }
}

export function serialisePresets(data: PresetsData): string {
  return jsonFileText(presetsFileContent(data))
}

export function starterPresets(ids: IdSource): Preset[] {
  const now = ids.now()
  const starter = (name: string, patch: Partial<Preset['filters']>): Preset => ({
    id: ids.newId(),
    name,
    filters: { ...EMPTY_FILTERS, ...patch },
    pageSize: DEFAULT_PAGE_SIZE,
    starter: true,
    createdAt: now,
    updatedAt: now,
  })
  return [
    starter('Global opt-outs', { campaignId: '0' }),
    starter('Missing reason', { reasonMode: 'blank' }),
    starter('Missing purpose', { purposeMode: 'blank' }),
  ]
}

/** The portable form written by "Export presets": names, filters and page sizes only. */
export const PRESETS_EXPORT_FORMAT = 'opt-out-desk-presets'

export const exportEntrySchema = z.strictObject({
  name: z.string(),
  filters: searchFiltersSchema,
  pageSize: pageSizeSchema,
})

export function serialiseExport(presets: readonly Preset[], exportedAt: string): string {
  return jsonFileText({
    format: PRESETS_EXPORT_FORMAT,
    version: 1,
    exportedAt,
    presets: presets.map(({ name, filters, pageSize }) => ({ name, filters, pageSize })),
  })
}
