import { randomUUID } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  PRESETS_EXPORT_FORMAT,
  PRESETS_FILE_VERSION,
  starterPresets,
} from '../../../src/main/services/presets/presets-file'
import { PRESETS_FILE } from '../../../src/main/services/presets/presets-service'
import { EMPTY_FILTERS, type SearchFilters } from '../../../src/shared/filters'
import type { Preset, PresetsSnapshot } from '../../../src/shared/presets'
import type { PageSize } from '../../../src/shared/paging'
import { expectOk, type RendererApp } from './api'
import { reportPath } from './reports'
import { required } from './values'

export const withFilters = (patch: Partial<SearchFilters>): SearchFilters => ({ ...EMPTY_FILTERS, ...patch })

/** The names main gives the starter presets on first run, in order. */
export const STARTER_NAMES = ['Global opt-outs', 'Missing reason', 'Missing purpose']

/** Main's presets now (the starters on first run). */
export async function presetsIn(app: RendererApp): Promise<PresetsSnapshot> {
  return expectOk(await app.call('listPresets', undefined), 'listPresets')
}

/** The preset main holds under this name. */
export async function presetNamed(app: RendererApp, name: string): Promise<Preset> {
  const { presets } = await presetsIn(app)
  return required(
    presets.find((preset) => preset.name === name),
    `a preset named ${name}`,
  )
}

/** Saves a preset through main, as the window would. */
export async function savePreset(
  app: RendererApp,
  name: string,
  filters: SearchFilters = EMPTY_FILTERS,
  pageSize: PageSize = 100,
): Promise<Preset> {
  expectOk(await app.call('createPreset', { name, filters, pageSize }), `createPreset ${name}`)
  return presetNamed(app, name)
}

export async function setDefaultPreset(app: RendererApp, name: string | null): Promise<void> {
  const id = name === null ? null : (await presetNamed(app, name)).id
  expectOk(await app.call('setDefaultPreset', { id }), 'setDefaultPreset')
}

/**
 * Puts a folder (with a file in it) where presets.json is: main cannot read it (not a regular file)
 * and its next write fails as on a full or read-only disk (the test may run as root, so permissions
 * cannot be relied on). The returned function takes the folder away.
 */
export async function blockPresetsFile(app: RendererApp): Promise<() => Promise<void>> {
  const path = join(app.userDataDir, PRESETS_FILE)
  await rm(path, { force: true })
  await mkdir(path)
  await writeFile(join(path, 'in-the-way'), '')
  return () => rm(path, { recursive: true, force: true })
}

/** Writes presets.json as a damaged file, before main first reads it. */
export const damagePresetsFile = (app: RendererApp): Promise<void> =>
  writeFile(join(app.userDataDir, PRESETS_FILE), '{ "version": 2, "presets": [ oops')

/**
 * Writes presets.json, before main first reads it, as the three starters and one preset damaged
 * beyond use: main keeps the three and says one was left out.
 */
export const presetsFileWithOneDamaged = (app: RendererApp): Promise<void> =>
  writeFile(
    join(app.userDataDir, PRESETS_FILE),
    JSON.stringify({
      version: PRESETS_FILE_VERSION,
      defaultId: null,
      presets: [
        ...starterPresets({ now: () => new Date().toISOString(), newId: () => randomUUID() }),
        { id: 'damaged', name: 42 },
      ],
    }),
  )

/** A presets file as "Export presets" writes it (a colleague's), holding `entries`; answers its path. */
export async function writePresetsExport(
  app: RendererApp,
  fileName: string,
  entries: unknown[],
): Promise<string> {
  const path = await reportPath(app, fileName)
  await writeFile(path, JSON.stringify({ format: PRESETS_EXPORT_FORMAT, version: 1, presets: entries }))
  return path
}
