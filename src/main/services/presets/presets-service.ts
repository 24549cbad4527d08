import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import type { SearchFilters } from '../../../shared/filters'
import type { PageSize } from '../../../shared/paging'
import {
  presetFiltersProblem,
  uniquePresetName,
  validatePresetName,
  type PresetsExportOutcome,
  type ImportOutcome,
  type ImportPreview,
  type Preset,
  type PresetsSnapshot,
} from '../../../shared/presets'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import { createSerialQueue } from '../../../shared/serial'
import { writeFileAtomic } from '../../lib/atomic-write'
import { createJsonFileStore } from '../../lib/json-file-store'
import type { Log } from '../../lib/log'
import { FileRefused, readRegularTextFile } from '../../lib/safe-read'
import {
  parsePresetsFile,
  serialiseExport,
  presetsFileContent,
  starterPresets,
  type IdSource,
  type PresetsData,
} from './presets-file'
import { IMPORT_MAX_BYTES, planImport, type ImportPlan } from './presets-import'

/** The two questions presets need to ask the user; Electron's dialogs in the app, fakes in tests. */
export interface FileDialogs {
  chooseExportPath(suggestedName: string): Promise<string | null>
  chooseImportPath(): Promise<string | null>
}

export interface PresetsService {
  list(): Promise<Result<PresetsSnapshot>>
  create(input: {
    name: string
    filters: SearchFilters
    pageSize: PageSize
  }): Promise<Result<PresetsSnapshot>>
  rename(id: string, name: string): Promise<Result<PresetsSnapshot>>
  update(id: string, input: { filters: SearchFilters; pageSize: PageSize }): Promise<Result<PresetsSnapshot>>
  duplicate(id: string): Promise<Result<PresetsSnapshot>>
  remove(id: string): Promise<Result<PresetsSnapshot>>
  restore(preset: Preset, index: number): Promise<Result<PresetsSnapshot>>
  move(id: string, toIndex: number): Promise<Result<PresetsSnapshot>>
  setDefault(id: string | null): Promise<Result<PresetsSnapshot>>
  exportAll(): Promise<Result<PresetsExportOutcome | null>>
  previewImport(): Promise<Result<ImportPreview | null>>
  confirmImport(previewId: string): Promise<Result<ImportOutcome>>
}

export interface PresetsServiceOptions {
  directory: string
  dialogs: FileDialogs
  log: Log
  ids?: IdSource
}

const systemIds: IdSource = { newId: () => randomUUID(), now: () => new Date().toISOString() }

export const PRESETS_FILE = 'presets.json'
/** A list a person can still scan; also what keeps presets.json small. */
export const PRESETS_MAX = 1000
/** 1,000 presets with every filter at its longest is about 3 MB. */
export const PRESETS_FILE_MAX_BYTES = 8 * 1024 * 1024

function tooManyPresets(current: number, adding: number): AppError {
  const message =
    `Opt-Out Desk keeps at most ${PRESETS_MAX.toLocaleString('en-US')} presets` +
    (adding > 1
      ? `; you have ${current.toLocaleString('en-US')} and this would add ${adding.toLocaleString('en-US')}.`
      : '.') +
    ' Delete presets you no longer use, then try again.'
  return { kind: 'validation', message, fieldErrors: { presets: message } }
}

function filtersError(problem: string): AppError {
  const message = `A preset keeps only filters that can be searched (${problem}). Fix the filter, then save again.`
  return { kind: 'validation', message, fieldErrors: { filters: message } }
}

function nameError(message: string): AppError {
  return { kind: 'validation', message, fieldErrors: { name: message } }
}

const notFound = (): AppError => ({
  kind: 'not-found',
  message: 'That preset no longer exists; it may have been deleted or replaced by an import.',
})

/**
 * Owns the presets file in the user-data folder. Every change is validated,
 * written atomically and only then applied in memory, one change at a time in
 * the order asked, so none is lost. A damaged or older file is kept as a dated
 * backup before anything new is written, and every preset that could be read
 * is kept.
 */
export function createPresetsService({
  directory,
  dialogs,
  log,
  ids = systemIds,
}: PresetsServiceOptions): PresetsService {
  const file = createJsonFileStore({
    directory,
    fileName: PRESETS_FILE,
    maxBytes: PRESETS_FILE_MAX_BYTES,
    now: () => ids.now(),
  })
  let data: PresetsData | undefined
  let problem: string | null = null
  const serial = createSerialQueue()
  const previews = new Map<string, { plan: ImportPlan; fileName: string }>()

  const snapshot = (current: PresetsData): PresetsSnapshot => ({
    presets: current.presets,
    defaultId: current.defaultId,
    problem,
  })

  async function write(next: PresetsData): Promise<AppError | null> {
    try {
      await file.write(presetsFileContent(next))
      return null
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'write failed'
      log(`presets: could not write ${file.path}: ${code}`)
      return {
        kind: 'file-system',
        message: `Presets could not be saved (${code}). Nothing was changed; check that the disk has space and try again.`,
      }
    }
  }

  async function load(): Promise<PresetsData> {
    if (data) return data
    const read = await file.read()
    if (read.kind === 'missing') {
      const first: PresetsData = { presets: starterPresets(ids), defaultId: null }
      const failed = await write(first)
      if (failed) problem = failed.message
      data = first
      return data
    }
    if (read.kind !== 'text') {
      const code =
        read.kind === 'refused'
          ? read.reason === 'too-large'
            ? 'larger than 8 MB'
            : 'not a regular file'
          : read.code
      problem = `Your presets file could not be read (${code ?? 'unknown error'}). It was left untouched; the list is empty until it can be read.`
      log(`presets: ${problem}`)
      // Not cached: the next call tries again, and nothing is written over the file meanwhile.
      return { presets: [], defaultId: null }
    }
    const parsed = parsePresetsFile(read.text.replace(/^\uFEFF/, ''), ids)
    if (parsed.unreadable || parsed.rejected.length > 0) {
      const kept = await file.backup('damaged').catch(() => null)
      const where = kept ? `It was kept as ${basename(kept)}` : 'A backup could not be made'
      problem = parsed.unreadable
        ? `Your presets file could not be used (${parsed.unreadable}). ${where}; the list starts empty.`
        : `${parsed.rejected.length} saved preset${parsed.rejected.length === 1 ? ' was' : 's were'} damaged and left out (${parsed.rejected.slice(0, 3).join(' · ')}). ${where}; the other ${parsed.data.presets.length} were recovered.`
      log(`presets: ${problem}`)
      if (!kept) {
        // Without a backup the damaged file is the only copy: keep it and work from memory.
        data = parsed.data
        return data
      }
      const failed = await write(parsed.data)
      if (failed) problem = `${problem} ${failed.message}`
    } else if (parsed.migratedFrom !== null) {
      await file.backup(`v${parsed.migratedFrom}`).catch(() => undefined)
      await write(parsed.data)
    }
    data = parsed.data
    return data
  }

  /** Validates and persists one change; the in-memory list changes only once the file has. */
  function mutate(
    change: (current: PresetsData) => PresetsData | AppError,
  ): Promise<Result<PresetsSnapshot>> {
    return serial(async () => {
      const current = await load()
      const next = change(current)
      if ('kind' in next) return fail(next)
      const failed = await write(next)
      if (failed) return fail(failed)
      data = next
      return ok(snapshot(next))
    })
  }

  const namesExcept = (current: PresetsData, id?: string) =>
    current.presets.filter((preset) => preset.id !== id).map((preset) => preset.name)

  const replace = (
    current: PresetsData,
    id: string,
    patch: (preset: Preset) => Preset,
  ): PresetsData | AppError => {
    const index = current.presets.findIndex((preset) => preset.id === id)
    const found = current.presets[index]
    if (!found) return notFound()
    const presets = [...current.presets]
    presets[index] = patch(found)
    return { ...current, presets }
  }

  return {
    list: () => serial(async () => ok(snapshot(await load()))),

    create: ({ name, filters, pageSize }) =>
      mutate((current) => {
        if (current.presets.length >= PRESETS_MAX) return tooManyPresets(current.presets.length, 1)
        const valid = validatePresetName(name, namesExcept(current))
        if ('error' in valid) return nameError(valid.error)
        const problem = presetFiltersProblem(filters)
        if (problem) return filtersError(problem)
        const now = ids.now()
        const preset: Preset = {
          id: ids.newId(),
          name: valid.name,
          filters,
          pageSize,
          starter: false,
          createdAt: now,
          updatedAt: now,
        }
        return { ...current, presets: [...current.presets, preset] }
      }),

    rename: (id, name) =>
      mutate((current) => {
        const valid = validatePresetName(name, namesExcept(current, id))
        if ('error' in valid) return nameError(valid.error)
        return replace(current, id, (preset) => ({ ...preset, name: valid.name, updatedAt: ids.now() }))
      }),

    update: (id, { filters, pageSize }) =>
      mutate((current) => {
        const problem = presetFiltersProblem(filters)
        if (problem) return filtersError(problem)
        return replace(current, id, (preset) => ({ ...preset, filters, pageSize, updatedAt: ids.now() }))
      }),

    duplicate: (id) =>
      mutate((current) => {
        const index = current.presets.findIndex((preset) => preset.id === id)
        const original = current.presets[index]
        if (!original) return notFound()
        if (current.presets.length >= PRESETS_MAX) return tooManyPresets(current.presets.length, 1)
        const now = ids.now()
        const copy: Preset = {
          ...original,
          id: ids.newId(),
          name: uniquePresetName(original.name, namesExcept(current)),
          starter: false,
          createdAt: now,
          updatedAt: now,
        }
        const presets = [...current.presets]
        presets.splice(index + 1, 0, copy)
        return { ...current, presets }
      }),

    remove: (id) =>
      mutate((current) => {
        if (!current.presets.some((preset) => preset.id === id)) return notFound()
        return {
          presets: current.presets.filter((preset) => preset.id !== id),
          defaultId: current.defaultId === id ? null : current.defaultId,
        }
      }),

    restore: (preset, index) =>
      mutate((current) => {
        const valid = validatePresetName(preset.name, [])
        if ('error' in valid) return nameError(valid.error)
        const restored: Preset = {
          ...preset,
          id: current.presets.some((other) => other.id === preset.id) ? ids.newId() : preset.id,
          // Something may have taken the name since the delete.
          name: uniquePresetName(valid.name, namesExcept(current)),
        }
        const presets = [...current.presets]
        presets.splice(Math.min(index, presets.length), 0, restored)
        return { ...current, presets }
      }),

    move: (id, toIndex) =>
      mutate((current) => {
        const from = current.presets.findIndex((preset) => preset.id === id)
        const moving = current.presets[from]
        if (!moving) return notFound()
        const presets = current.presets.filter((preset) => preset.id !== id)
        presets.splice(Math.min(toIndex, presets.length), 0, moving)
        return { ...current, presets }
      }),

    setDefault: (id) =>
      mutate((current) => {
        if (id !== null && !current.presets.some((preset) => preset.id === id)) return notFound()
        return { ...current, defaultId: id }
      }),

    exportAll: () =>
      serial(async () => {
        const current = await load()
        const now = ids.now()
        const target = await dialogs.chooseExportPath(`opt-out-desk-presets_${now.slice(0, 10)}.json`)
        if (target === null) return ok(null)
        try {
          await writeFileAtomic(target, serialiseExport(current.presets, now))
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'write failed'
          return fail({
            kind: 'file-system',
            message: `The presets could not be exported to ${basename(target)} (${code}). Choose another folder and try again.`,
          })
        }
        return ok({ filePath: target, count: current.presets.length })
      }),

    previewImport: () =>
      serial(async () => {
        const current = await load()
        const source = await dialogs.chooseImportPath()
        if (source === null) return ok(null)
        const fileName = basename(source)
        let text: string
        try {
          text = await readRegularTextFile(source, { maxBytes: IMPORT_MAX_BYTES })
        } catch (error) {
          const message =
            error instanceof FileRefused
              ? error.reason === 'too-large'
                ? `${fileName} is too large: a presets file is at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Choose a file made with "Export presets".`
                : `${fileName} is not a file that can be read (it is a folder, a device or a pipe). Choose a file made with "Export presets".`
              : `${fileName} could not be read (${(error as NodeJS.ErrnoException).code ?? 'read failed'}).`
          return fail({ kind: 'validation', message, fieldErrors: { file: message } })
        }
        const planned = planImport(text.replace(/^\uFEFF/, ''), current.presets)
        if ('error' in planned) {
          return fail({ kind: 'validation', message: planned.error, fieldErrors: { file: planned.error } })
        }
        // Only the latest preview can be confirmed.
        previews.clear()
        const previewId = ids.newId()
        previews.set(previewId, { plan: planned.plan, fileName })
        const { toAdd, skipped } = planned.plan
        return ok({ previewId, fileName, toAdd, skipped })
      }),

    confirmImport: async (previewId) => {
      const preview = previews.get(previewId)
      if (!preview) {
        return fail({ kind: 'not-found', message: 'That import has expired. Choose the file again.' })
      }
      const result = await mutate((current) => {
        const adding = preview.plan.candidates.length
        if (current.presets.length + adding > PRESETS_MAX)
          return tooManyPresets(current.presets.length, adding)
        const names = namesExcept(current)
        const now = ids.now()
        const added = preview.plan.candidates.map((candidate): Preset => {
          // Re-checked against the list as it is now, which may have changed since the preview.
          const name = uniquePresetName(candidate.name, names)
          names.push(name)
          return { ...candidate, name, id: ids.newId(), starter: false, createdAt: now, updatedAt: now }
        })
        return { ...current, presets: [...current.presets, ...added] }
      })
      if (!result.ok) return result
      previews.delete(previewId)
      return ok({
        snapshot: result.data,
        added: preview.plan.candidates.length,
        skipped: preview.plan.skipped.length,
      })
    },
  }
}
