import { z } from 'zod'
import type { Settings } from '../../../shared/contract'
import { fail, ok, type Result } from '../../../shared/result'
import { createJsonFileStore } from '../../lib/json-file-store'
import {
  DEFAULT_API_BASE,
  DEFAULT_EXPORT_CONCURRENCY,
  MAX_EXPORT_CONCURRENCY,
  MIN_EXPORT_CONCURRENCY,
} from '../../../shared/settings'
import { isLookupCountry } from '../../../shared/lookup/phone-list'
import {
  DEFAULT_SEND_LIST_COUNTRY,
  DEFAULT_SNAPSHOT_MAX_AGE_HOURS,
  MAX_SNAPSHOT_MAX_AGE_HOURS,
  MIN_SNAPSHOT_MAX_AGE_HOURS,
} from '../../../shared/scrub'
import { normaliseApiBase } from '../convoso/api-base'

const SETTINGS_VERSION = 1
const settingsFileSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  apiBase: z.string(),
  // Added after the first release; older files simply lack it.
  exportConcurrency: z.number().int().min(MIN_EXPORT_CONCURRENCY).max(MAX_EXPORT_CONCURRENCY).optional(),
  // Issue 14 (scrub). A value this version cannot use (hand-edited) falls back to its default alone,
  // rather than making the whole file read as damaged.
  sendListCountry: z.unknown().optional(),
  snapshotMaxAgeHours: z.unknown().optional(),
})
const DEFAULTS: Settings = {
  apiBase: DEFAULT_API_BASE,
  exportConcurrency: DEFAULT_EXPORT_CONCURRENCY,
  sendListCountry: DEFAULT_SEND_LIST_COUNTRY,
  snapshotMaxAgeHours: DEFAULT_SNAPSHOT_MAX_AGE_HOURS,
}

/** The fields added for the scrub, with their own checks: the contract's zod schema only bounds the shape. */
export interface ScrubSettingsUpdate {
  sendListCountry?: string
  snapshotMaxAgeHours?: number
}

const isSnapshotMaxAge = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isInteger(value) &&
  value >= MIN_SNAPSHOT_MAX_AGE_HOURS &&
  value <= MAX_SNAPSHOT_MAX_AGE_HOURS
const isSendListCountry = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isLookupCountry(value)

export interface SettingsStore {
  get(): Promise<Settings>
  save(
    update: { apiBase: string; exportConcurrency?: number } & ScrubSettingsUpdate,
  ): Promise<Result<Settings>>
  /** Set when the file on disk could not be used at start-up; says what happened to it. */
  readonly loadProblem: string | null
}

export interface SettingsStoreOptions {
  directory: string
  log?: (message: string) => void
}

/**
 * Settings live in one JSON file in the user-data folder. A damaged file is
 * never silently overwritten: it is kept beside as a dated backup first.
 */
/** Settings are a few values: a few hundred bytes. */
export const SETTINGS_MAX_BYTES = 64 * 1024

export function createSettingsStore({
  directory,
  log = () => undefined,
}: SettingsStoreOptions): SettingsStore {
  const file = createJsonFileStore({
    directory,
    fileName: 'settings.json',
    maxBytes: SETTINGS_MAX_BYTES,
    backupName: (label, stamp) => `settings.json.${label}-${stamp}`,
  })
  let cached: Settings | undefined
  let loadProblem: string | null = null

  async function load(): Promise<Settings> {
    if (cached) return cached
    const read = await file.read()
    if (read.kind !== 'text') {
      if (read.kind === 'refused') {
        loadProblem = `The settings file ${read.reason === 'too-large' ? 'is far larger than settings can be' : 'is not a regular file'}, so it was not read; defaults are in use.`
        log(`${loadProblem} (${file.path})`)
      } else if (read.kind === 'unreadable') {
        loadProblem = `Settings could not be read (${read.code ?? 'unknown error'}); defaults are in use.`
        log(loadProblem)
      }
      cached = { ...DEFAULTS }
      return cached
    }
    const parsed = safeParse(read.text)
    const base = parsed ? normaliseApiBase(parsed.apiBase) : undefined
    if (parsed && base?.ok) {
      cached = {
        apiBase: base.apiBase,
        exportConcurrency: parsed.exportConcurrency ?? DEFAULT_EXPORT_CONCURRENCY,
        sendListCountry: isSendListCountry(parsed.sendListCountry)
          ? parsed.sendListCountry
          : DEFAULT_SEND_LIST_COUNTRY,
        snapshotMaxAgeHours: isSnapshotMaxAge(parsed.snapshotMaxAgeHours)
          ? parsed.snapshotMaxAgeHours
          : DEFAULT_SNAPSHOT_MAX_AGE_HOURS,
      }
      return cached
    }
    const backup = await file.backup('damaged').catch(() => undefined)
    loadProblem = backup
      ? `The settings file was damaged; it was kept as ${backup} and defaults are in use.`
      : 'The settings file was damaged and could not be copied aside; defaults are in use.'
    log(loadProblem)
    cached = { ...DEFAULTS }
    return cached
  }

  return {
    get loadProblem() {
      return loadProblem
    },
    get: load,
    async save(update) {
      const base = normaliseApiBase(update.apiBase)
      if (!base.ok) {
        return fail({ kind: 'validation', message: base.message, fieldErrors: { apiBase: base.message } })
      }
      if (update.sendListCountry !== undefined && !isSendListCountry(update.sendListCountry)) {
        const message = `${update.sendListCountry} is not a country phone numbers can be read for. Use a two-letter country code such as US or GB.`
        return fail({ kind: 'validation', message, fieldErrors: { sendListCountry: message } })
      }
      if (update.snapshotMaxAgeHours !== undefined && !isSnapshotMaxAge(update.snapshotMaxAgeHours)) {
        const message = `Use a whole number of hours from ${MIN_SNAPSHOT_MAX_AGE_HOURS} to ${MAX_SNAPSHOT_MAX_AGE_HOURS}.`
        return fail({ kind: 'validation', message, fieldErrors: { snapshotMaxAgeHours: message } })
      }
      const current = await load()
      const next: Settings = {
        apiBase: base.apiBase,
        exportConcurrency: update.exportConcurrency ?? current.exportConcurrency,
        sendListCountry: update.sendListCountry ?? current.sendListCountry,
        snapshotMaxAgeHours: update.snapshotMaxAgeHours ?? current.snapshotMaxAgeHours,
      }
      try {
        await file.write({ version: SETTINGS_VERSION, ...next })
      } catch (error) {
        return fail({
          kind: 'file-system',
          message: `Settings could not be saved (${(error as NodeJS.ErrnoException).code ?? 'write failed'}). Check that the disk is not full, then try again.`,
        })
      }
      cached = next
      return ok(next)
    },
  }
}

function safeParse(text: string): z.infer<typeof settingsFileSchema> | undefined {
  try {
    const result = settingsFileSchema.safeParse(JSON.parse(text))
    return result.success ? result.data : undefined
  } catch {
    return undefined
  }
}
