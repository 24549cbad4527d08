import { describe, expect, it } from 'vitest'
import { usePresetsStore } from '../../../../src/renderer/src/stores/presets'
import { useSearchStore } from '../../../../src/renderer/src/stores/search'
import {
  blockPresetsFile,
  damagePresetsFile,
  presetNamed,
  presetsIn,
  savePreset,
  setDefaultPreset,
  STARTER_NAMES,
  withFilters,
} from '../../../support/renderer/presets'
import { installRealApi, lastSearchRequest } from '../../../support/renderer/api'
import { reportPath } from '../../../support/renderer/reports'
import { deferred } from '../../../support/renderer/values'

const presets = () => usePresetsStore.getState()
const search = () => useSearchStore.getState()
const names = () => presets().snapshot?.presets.map((preset) => preset.name)

describe('presets store: loading', () => {
  it('is loading until main answers, then holds main’s snapshot', async () => {
    const app = await installRealApi()
    const gate = deferred<undefined>()
    app.api.listPresets.mockImplementationOnce(async () => {
      await gate.promise
      return app.call('listPresets', undefined)
    })
    const loading = presets().load()
    expect(presets().status).toBe('loading')
    gate.resolve(undefined)
    expect(await loading).toBe(true)
    expect(presets().status).toBe('ready')
    expect(names()).toEqual(STARTER_NAMES)
  })

  it('an unreadable presets file: main answers an empty list and says why, and reads it again next time', async () => {
    const app = await installRealApi()
    const unblock = await blockPresetsFile(app)
    expect(await presets().load()).toBe(true)
    expect(names()).toEqual([])
    expect(presets().problem).toBe(
      'Your presets file could not be read (not a regular file). It was left untouched; the list is empty until it can be read.',
    )
    await unblock()
    expect(await presets().load()).toBe(true)
    expect(names()).toEqual(STARTER_NAMES)
  })

  it('a failed reload keeps the list on screen and says why', async () => {
    const app = await installRealApi()
    expect(await presets().load()).toBe(true)
    // Main's listPresets answers a failure only when something inside it breaks (the dispatcher's
    // `internal` answer); nothing a test can do to the real service makes it, so the answer is played.
    app.api.listPresets.mockResolvedValueOnce({
      ok: false,
      error: { kind: 'internal', message: 'Something went wrong inside Opt-Out Desk.' },
    })
    expect(await presets().load()).toBe(false)
    expect(presets().status).toBe('ready')
    expect(names()).toHaveLength(3)
    expect(presets().error?.message).toBe('Something went wrong inside Opt-Out Desk.')
  })

  it('shows a problem once: the same text in later snapshots stays dismissed', async () => {
    const app = await installRealApi()
    await damagePresetsFile(app)
    await presets().load()
    const problem = presets().problem
    expect(problem).toMatch(
      /^Your presets file could not be used .* It was kept as presets\.damaged-.*\.json; the list starts empty\.$/,
    )
    presets().dismissProblem()
    await presets().load()
    await savePreset(app, 'Weekly')
    await presets().duplicate((await presetNamed(app, 'Weekly')).id)
    expect((await presetsIn(app)).problem).toBe(problem)
    expect(presets().problem).toBeNull()
  })
})

describe('presets store: applying and the default preset', () => {
  it('apply fills the filters and page size and searches from the first page', async () => {
    const app = await installRealApi()
    const weekly = await savePreset(app, 'Weekly', withFilters({ campaignId: '1042' }), 250)
    await presets().load()
    search().setFilter('phoneNumber', '818 123 3567')
    await presets().apply(weekly.id)
    expect(presets().activePresetId).toBe(weekly.id)
    expect(search().filters).toEqual(withFilters({ campaignId: '1042' }))
    expect(search().pageSize).toBe(250)
    expect(lastSearchRequest(app.api)).toMatchObject({
      filters: withFilters({ campaignId: '1042' }),
      offset: 0,
      limit: 250,
    })
  })

  it('runs the default preset once per app start, not again when the main screen comes back', async () => {
    const app = await installRealApi()
    await setDefaultPreset(app, 'Missing reason')
    await presets().start()
    expect(app.api.search).toHaveBeenCalledTimes(1)
    expect(lastSearchRequest(app.api).filters.reasonMode).toBe('blank')
    expect(presets().activePresetId).toBe((await presetNamed(app, 'Missing reason')).id)

    search().resetResults()
    await presets().start()
    expect(app.api.listPresets).toHaveBeenCalledTimes(2)
    expect(app.api.search).toHaveBeenCalledTimes(1)
  })

  it('does not replace a search the user already started', async () => {
    const app = await installRealApi()
    await setDefaultPreset(app, 'Global opt-outs')
    search().setFilter('campaignId', '77')
    await presets().start()
    expect(app.api.search).not.toHaveBeenCalled()
    expect(search().filters.campaignId).toBe('77')
    expect(presets().defaultApplied).toBe(true)
  })
})

describe('presets store: changes', () => {
  it('saves the form as a preset (texts that are not sent are not kept) and makes it active', async () => {
    const app = await installRealApi()
    await presets().load()
    search().setFilter('reasonMode', 'equals')
    search().setFilter('reasonText', 'STOP')
    search().setFilter('reasonMode', 'blank')
    await search().setPageSize(50)
    expect(await presets().create('  Blank   reasons ')).toEqual({ ok: true })
    expect(app.api.createPreset).toHaveBeenCalledWith({
      name: 'Blank reasons',
      filters: withFilters({ reasonMode: 'blank' }),
      pageSize: 50,
    })
    const saved = await presetNamed(app, 'Blank reasons')
    expect(saved).toMatchObject({ filters: withFilters({ reasonMode: 'blank' }), pageSize: 50 })
    expect(presets().snapshot?.presets.at(-1)).toEqual(saved)
    expect(presets().activePresetId).toBe(saved.id)
    expect(presets().notice?.message).toBe('Saved “Blank reasons”.')
  })

  it('refuses a name that differs only in case without asking main, and passes on main’s field error', async () => {
    const app = await installRealApi()
    await presets().load()
    expect(await presets().create('GLOBAL OPT-OUTS')).toEqual({
      ok: false,
      nameError: 'A preset called "GLOBAL OPT-OUTS" already exists (names ignore upper and lower case).',
      error: null,
    })
    expect(app.api.createPreset).not.toHaveBeenCalled()

    // Saved meanwhile elsewhere (this window's list does not have it yet): main refuses the name.
    await savePreset(app, 'Fresh')
    expect(await presets().create('fresh')).toEqual({
      ok: false,
      nameError: 'A preset called "fresh" already exists (names ignore upper and lower case).',
      error: null,
    })
    expect(app.api.createPreset).toHaveBeenCalledTimes(1)
  })

  it('will not save filters that cannot be searched', async () => {
    const app = await installRealApi()
    await presets().load()
    search().setFilter('id', 'abc')
    const outcome = await presets().create('Broken')
    expect(outcome.ok).toBe(false)
    expect(app.api.createPreset).not.toHaveBeenCalled()
    expect(search().submitted).toBe(true)
  })

  it('delete, then undo, restores the preset at its old index and as the default again', async () => {
    const app = await installRealApi()
    await setDefaultPreset(app, 'Missing reason')
    const reason = await presetNamed(app, 'Missing reason')
    await presets().load()
    await presets().apply(reason.id)
    expect(await presets().remove(reason.id)).toBe(true)
    expect(names()).toEqual(['Global opt-outs', 'Missing purpose'])
    expect(presets().snapshot?.defaultId).toBeNull()
    expect(presets().activePresetId).toBeNull()
    expect(presets().pendingUndo?.index).toBe(1)

    expect(await presets().undoDelete()).toBe(true)
    expect(app.api.restorePreset).toHaveBeenCalledWith({ preset: reason, index: 1 })
    expect(app.api.setDefaultPreset).toHaveBeenCalledWith({ id: reason.id })
    expect(names()).toEqual(STARTER_NAMES)
    expect(presets().snapshot?.defaultId).toBe(reason.id)
    expect(presets().activePresetId).toBe(reason.id)
    expect(presets().pendingUndo).toBeNull()
    expect(await presetsIn(app)).toMatchObject({ defaultId: reason.id })
  })

  it('quick moves run in order, each from where the last one left the preset', async () => {
    const app = await installRealApi()
    const global = await presetNamed(app, 'Global opt-outs')
    await presets().load()
    await Promise.all([presets().moveBy(global.id, 1), presets().moveBy(global.id, 1)])
    expect(app.api.movePreset.mock.calls.map(([request]) => request)).toEqual([
      { id: global.id, toIndex: 1 },
      { id: global.id, toIndex: 2 },
    ])
    expect(names()).toEqual(['Missing reason', 'Missing purpose', 'Global opt-outs'])
    expect(await presets().moveBy(global.id, 1)).toBe(false)
    expect(app.api.movePreset).toHaveBeenCalledTimes(2)
  })

  it('a failed change keeps the list as it was and says what failed', async () => {
    const app = await installRealApi()
    const global = await presetNamed(app, 'Global opt-outs')
    await presets().load()
    await blockPresetsFile(app)
    expect(await presets().remove(global.id)).toBe(false)
    expect(names()).toHaveLength(3)
    expect(presets().error?.message).toMatch(
      /^Presets could not be saved \(E[A-Z]+\)\. Nothing was changed; check that the disk has space and try again\.$/,
    )
    expect(presets().errorTitle).toBe('“Global opt-outs” was not deleted')
    expect(presets().pendingUndo).toBeNull()
  })
})

describe('presets store: export and import', () => {
  it('says where the presets went, and nothing when the save dialog was closed', async () => {
    const app = await installRealApi()
    await presets().load()
    const target = await reportPath(app, 'team-presets.json')
    app.dialogs.nextExportPath = target
    await presets().exportAll()
    expect(presets().notice?.message).toBe(`Exported 3 presets to ${target}`)
    presets().dismissNotice()
    app.dialogs.nextExportPath = null
    await presets().exportAll()
    expect(presets().notice).toBeNull()
    expect(presets().error).toBeNull()
  })

  it('keeps the preview until confirmed, then takes main’s new list', async () => {
    const app = await installRealApi()
    // A colleague's file: the starters and "Team weekly", made with Export presets.
    await savePreset(app, 'Team weekly', withFilters({ campaignId: '1042' }))
    const file = await reportPath(app, 'team.json')
    app.dialogs.nextExportPath = file
    await app.call('exportPresets', undefined)
    await app.call('deletePreset', { id: (await presetNamed(app, 'Team weekly')).id })
    await presets().load()

    app.dialogs.nextImportPath = file
    await presets().startImport()
    const preview = presets().importPreview
    expect(preview).toMatchObject({
      fileName: 'team.json',
      toAdd: [{ name: 'Team weekly', renamedFrom: null }],
    })
    expect(preview?.skipped).toHaveLength(3)

    const unblock = await blockPresetsFile(app)
    expect(await presets().confirmImport()).toBe(false)
    expect(presets().importPreview).toEqual(preview)
    expect(presets().importError?.message).toMatch(/^Presets could not be saved/)

    await unblock()
    expect(await presets().confirmImport()).toBe(true)
    expect(app.api.confirmPresetImport).toHaveBeenLastCalledWith({ previewId: preview?.previewId })
    expect(presets().importPreview).toBeNull()
    expect(names()).toEqual([...STARTER_NAMES, 'Team weekly'])
    expect(presets().notice?.message).toBe('Imported 1 preset from team.json; 3 skipped.')
  })
})
