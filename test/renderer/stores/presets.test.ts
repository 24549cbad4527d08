import { describe, expect, it } from 'vitest'
import type { PresetsSnapshot } from '../../../src/shared/presets'
import type { Result } from '../../../src/shared/result'
import { usePresetsStore } from '../../../src/renderer/src/stores/presets'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import {
  deferred,
  fail,
  installFakeApi,
  lastSearchRequest,
  makePreset,
  ok,
  starterPresets,
  withFilters,
} from '../fake-api'

const presets = () => usePresetsStore.getState()
const search = () => useSearchStore.getState()
const names = () => presets().snapshot?.presets.map((preset) => preset.name)

describe('presets store: loading', () => {
  it('is loading until main answers, then holds main’s snapshot', async () => {
    const api = installFakeApi()
    const answer = deferred<Result<PresetsSnapshot>>()
    api.listPresets.mockImplementationOnce(() => answer.promise)
    const loading = presets().load()
    expect(presets().status).toBe('loading')
    answer.resolve(ok({ presets: starterPresets(), defaultId: null, problem: null }))
    expect(await loading).toBe(true)
    expect(presets().status).toBe('ready')
    expect(names()).toEqual(['Global opt-outs', 'Missing reason', 'Missing purpose'])
  })

  it('a failed first load says why; a failed reload keeps the list on screen', async () => {
    const api = installFakeApi()
    api.listPresets.mockResolvedValueOnce(fail({ kind: 'internal', message: 'The presets file is locked.' }))
    expect(await presets().load()).toBe(false)
    expect(presets().status).toBe('failed')
    expect(presets().error?.message).toBe('The presets file is locked.')

    expect(await presets().load()).toBe(true)
    api.listPresets.mockResolvedValueOnce(fail({ kind: 'internal', message: 'Still locked.' }))
    expect(await presets().load()).toBe(false)
    expect(presets().status).toBe('ready')
    expect(names()).toHaveLength(3)
    expect(presets().error?.message).toBe('Still locked.')
  })

  it('shows a problem once: the same text in later snapshots stays dismissed', async () => {
    installFakeApi({ problem: 'The presets file was damaged; it was kept as presets.damaged.json.' })
    await presets().load()
    expect(presets().problem).toBe('The presets file was damaged; it was kept as presets.damaged.json.')
    presets().dismissProblem()
    await presets().load()
    await presets().duplicate('starter-global')
    expect(presets().problem).toBeNull()
  })
})

describe('presets store: applying and the default preset', () => {
  it('apply fills the filters and page size and searches from the first page', async () => {
    const api = installFakeApi({
      presets: [
        makePreset('weekly', 'Weekly', { filters: withFilters({ campaignId: '1042' }), pageSize: 250 }),
      ],
    })
    await presets().load()
    search().setFilter('phoneNumber', '818 123 3567')
    await presets().apply('weekly')
    expect(presets().activePresetId).toBe('weekly')
    expect(search().filters).toEqual(withFilters({ campaignId: '1042' }))
    expect(search().pageSize).toBe(250)
    expect(lastSearchRequest(api)).toMatchObject({
      filters: withFilters({ campaignId: '1042' }),
      offset: 0,
      limit: 250,
    })
  })

  it('runs the default preset once per app start, not again when the main screen comes back', async () => {
    const api = installFakeApi({ defaultId: 'starter-reason' })
    await presets().start()
    expect(api.search).toHaveBeenCalledTimes(1)
    expect(lastSearchRequest(api).filters.reasonMode).toBe('blank')
    expect(presets().activePresetId).toBe('starter-reason')

    search().resetResults()
    await presets().start()
    expect(api.listPresets).toHaveBeenCalledTimes(2)
    expect(api.search).toHaveBeenCalledTimes(1)
  })

  it('does not replace a search the user already started', async () => {
    const api = installFakeApi({ defaultId: 'starter-global' })
    search().setFilter('campaignId', '77')
    await presets().start()
    expect(api.search).not.toHaveBeenCalled()
    expect(search().filters.campaignId).toBe('77')
    expect(presets().defaultApplied).toBe(true)
  })
})

describe('presets store: changes', () => {
  it('saves the form as a preset (texts that are not sent are not kept) and makes it active', async () => {
    const api = installFakeApi()
    await presets().load()
    search().setFilter('reasonMode', 'equals')
    search().setFilter('reasonText', 'STOP')
    search().setFilter('reasonMode', 'blank')
    await search().setPageSize(50)
    expect(await presets().create('  Blank   reasons ')).toEqual({ ok: true })
    expect(api.createPreset).toHaveBeenCalledWith({
      name: 'Blank reasons',
      filters: withFilters({ reasonMode: 'blank' }),
      pageSize: 50,
    })
    const saved = presets().snapshot?.presets.at(-1)
    expect(saved?.name).toBe('Blank reasons')
    expect(presets().activePresetId).toBe(saved?.id)
    expect(presets().notice?.message).toBe('Saved “Blank reasons”.')
  })

  it('refuses a name that differs only in case without asking main, and passes on main’s field error', async () => {
    const api = installFakeApi()
    await presets().load()
    expect(await presets().create('GLOBAL OPT-OUTS')).toEqual({
      ok: false,
      nameError: 'A preset called "GLOBAL OPT-OUTS" already exists (names ignore upper and lower case).',
      error: null,
    })
    expect(api.createPreset).not.toHaveBeenCalled()

    api.createPreset.mockResolvedValueOnce(
      fail({
        kind: 'validation',
        message: 'Check the name.',
        fieldErrors: { name: 'Taken in another window.' },
      }),
    )
    expect(await presets().create('Fresh')).toEqual({
      ok: false,
      nameError: 'Taken in another window.',
      error: null,
    })
  })

  it('will not save filters that cannot be searched', async () => {
    const api = installFakeApi()
    await presets().load()
    search().setFilter('id', 'abc')
    const outcome = await presets().create('Broken')
    expect(outcome.ok).toBe(false)
    expect(api.createPreset).not.toHaveBeenCalled()
    expect(search().submitted).toBe(true)
  })

  it('delete, then undo, restores the preset at its old index and as the default again', async () => {
    const api = installFakeApi({ defaultId: 'starter-reason' })
    await presets().load()
    await presets().apply('starter-reason')
    expect(await presets().remove('starter-reason')).toBe(true)
    expect(names()).toEqual(['Global opt-outs', 'Missing purpose'])
    expect(presets().snapshot?.defaultId).toBeNull()
    expect(presets().activePresetId).toBeNull()
    expect(presets().pendingUndo?.index).toBe(1)

    expect(await presets().undoDelete()).toBe(true)
    expect(api.restorePreset).toHaveBeenCalledWith({ preset: starterPresets()[1], index: 1 })
    expect(api.setDefaultPreset).toHaveBeenCalledWith({ id: 'starter-reason' })
    expect(names()).toEqual(['Global opt-outs', 'Missing reason', 'Missing purpose'])
    expect(presets().snapshot?.defaultId).toBe('starter-reason')
    expect(presets().activePresetId).toBe('starter-reason')
    expect(presets().pendingUndo).toBeNull()
  })

  it('quick moves run in order, each from where the last one left the preset', async () => {
    const api = installFakeApi()
    await presets().load()
    await Promise.all([presets().moveBy('starter-global', 1), presets().moveBy('starter-global', 1)])
    expect(api.movePreset.mock.calls.map(([request]) => request)).toEqual([
      { id: 'starter-global', toIndex: 1 },
      { id: 'starter-global', toIndex: 2 },
    ])
    expect(names()).toEqual(['Missing reason', 'Missing purpose', 'Global opt-outs'])
    expect(await presets().moveBy('starter-global', 1)).toBe(false)
    expect(api.movePreset).toHaveBeenCalledTimes(2)
  })

  it('a failed change keeps the list as it was and says what failed', async () => {
    const api = installFakeApi()
    await presets().load()
    api.deletePreset.mockResolvedValueOnce(fail({ kind: 'internal', message: 'The disk is full.' }))
    expect(await presets().remove('starter-global')).toBe(false)
    expect(names()).toHaveLength(3)
    expect(presets().error?.message).toBe('The disk is full.')
    expect(presets().errorTitle).toBe('“Global opt-outs” was not deleted')
    expect(presets().pendingUndo).toBeNull()
  })
})

describe('presets store: export and import', () => {
  it('says where the presets went, and nothing when the save dialog was closed', async () => {
    const api = installFakeApi()
    await presets().load()
    await presets().exportAll()
    expect(presets().notice?.message).toBe('Exported 3 presets to /home/officer/opt-out-desk-presets.json')
    presets().dismissNotice()
    api.exportPresets.mockResolvedValueOnce(ok(null))
    await presets().exportAll()
    expect(presets().notice).toBeNull()
    expect(presets().error).toBeNull()
  })

  it('keeps the preview until confirmed, then takes main’s new list', async () => {
    const api = installFakeApi()
    await presets().load()
    const preview = {
      previewId: 'preview-1',
      fileName: 'team.json',
      toAdd: [{ name: 'Team weekly', renamedFrom: null }],
      skipped: [],
    }
    api.previewPresetImport.mockResolvedValueOnce(ok(preview))
    await presets().startImport()
    expect(presets().importPreview).toEqual(preview)

    api.confirmPresetImport.mockResolvedValueOnce(fail({ kind: 'internal', message: 'The preview expired.' }))
    expect(await presets().confirmImport()).toBe(false)
    expect(presets().importPreview).toEqual(preview)
    expect(presets().importError?.message).toBe('The preview expired.')

    const imported = [...starterPresets(), makePreset('team', 'Team weekly')]
    api.confirmPresetImport.mockResolvedValueOnce(
      ok({ snapshot: { presets: imported, defaultId: null, problem: null }, added: 1, skipped: 0 }),
    )
    expect(await presets().confirmImport()).toBe(true)
    expect(api.confirmPresetImport).toHaveBeenLastCalledWith({ previewId: 'preview-1' })
    expect(presets().importPreview).toBeNull()
    expect(names()).toContain('Team weekly')
    expect(presets().notice?.message).toBe('Imported 1 preset from team.json.')
  })
})
