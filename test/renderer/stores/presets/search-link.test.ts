import { describe, expect, it } from 'vitest'
import { usePresetsStore } from '../../../../src/renderer/src/stores/presets'
import { isHighlighted } from '../../../../src/renderer/src/stores/presets/search-link'
import { useSearchStore } from '../../../../src/renderer/src/stores/search'
import { expectOk, installRealApi, lastSearchRequest, type RendererApp } from '../../../support/renderer/api'
import { presetNamed, savePreset, setDefaultPreset, withFilters } from '../../../support/renderer/presets'

const presets = () => usePresetsStore.getState()
const search = () => useSearchStore.getState()

describe('search link: which preset the list highlights', () => {
  it('clears the highlight when the form no longer matches the applied preset, and brings it back when it does', async () => {
    const app = await installRealApi()
    const weekly = await savePreset(
      app,
      'Weekly',
      withFilters({ campaignId: '1042', phoneNumber: '8181233567' }),
      250,
    )
    await presets().load()
    await presets().apply(weekly.id)
    const highlighted = () => isHighlighted(weekly, presets().activePresetId, search())
    expect(highlighted()).toBe(true)

    search().setFilter('campaignId', '1043')
    expect(highlighted()).toBe(false)
    // Still linked: "Modified · Update" can save the edit into it.
    expect(presets().activePresetId).toBe(weekly.id)
    search().setFilter('campaignId', '1042')
    expect(highlighted()).toBe(true)

    // Compared as the searches they run, not as typed: the same number in another format matches.
    search().setFilter('phoneNumber', '(818) 123-3567')
    expect(highlighted()).toBe(true)
    // The page size is part of a preset.
    await search().setPageSize(25)
    expect(highlighted()).toBe(false)
    await search().setPageSize(250)
    expect(highlighted()).toBe(true)
  })

  it('highlights only the linked preset, even when another holds the same filters', async () => {
    const app = await installRealApi()
    const first = await savePreset(app, 'First', withFilters({ campaignId: '7' }))
    const twin = await savePreset(app, 'Twin', withFilters({ campaignId: '7' }))
    await presets().load()
    await presets().apply(first.id)
    expect(isHighlighted(first, presets().activePresetId, search())).toBe(true)
    expect(isHighlighted(twin, presets().activePresetId, search())).toBe(false)
  })
})

/** A start where "Missing reason" runs when the app opens and main remembered another search's form. */
async function startWithRememberedForm(): Promise<RendererApp> {
  const app = await installRealApi()
  await setDefaultPreset(app, 'Missing reason')
  expectOk(
    await app.call('saveLastSearch', { filters: withFilters({ campaignId: '42' }), pageSize: 50 }),
    'saveLastSearch',
  )
  await search().restoreLast()
  return app
}

describe('search link: the default preset and the remembered form', () => {
  it('still runs the default preset at start when the form holds the remembered search (untouched)', async () => {
    const app = await startWithRememberedForm()
    await presets().start()
    expect(app.api.search).toHaveBeenCalledTimes(1)
    expect(lastSearchRequest(app.api).filters.reasonMode).toBe('blank')
    expect(presets().activePresetId).toBe((await presetNamed(app, 'Missing reason')).id)
  })

  it('does not replace a remembered form the user has already edited', async () => {
    const app = await startWithRememberedForm()
    search().setFilter('campaignId', '43')
    await presets().start()
    expect(app.api.search).not.toHaveBeenCalled()
    expect(search().filters).toEqual(withFilters({ campaignId: '43' }))
  })
})
