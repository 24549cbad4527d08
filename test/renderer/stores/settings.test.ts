import { describe, expect, it } from 'vitest'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'
import { installRealApi } from '../../support/renderer/api'

const settings = () => useSettingsStore.getState()

describe('settings store', () => {
  it('loads the API base into the draft, with the app version', async () => {
    const app = await installRealApi()
    await settings().load()
    expect(settings().apiBaseDraft).toBe(app.server.apiBase)
    expect(settings().appInfo).toEqual({
      name: 'Opt-Out Desk',
      version: 'renderer-test',
      platform: expect.stringMatching(/^(mac|windows|linux|other)$/),
    })
  })

  it('asks main for the app info once, on its own, for the key names toasts show', async () => {
    const app = await installRealApi()
    await settings().loadAppInfo()
    await settings().loadAppInfo()
    expect(app.api.getAppInfo).toHaveBeenCalledTimes(1)
    expect(settings().appInfo?.name).toBe('Opt-Out Desk')
  })

  it('puts main’s validation message on the API base field', async () => {
    const app = await installRealApi()
    await settings().load()
    settings().setApiBaseDraft('http://example.com/v1')
    expect(await settings().save()).toBe(false)
    const answer = await app.api.saveSettings.mock.results.at(-1)?.value
    expect(answer).toMatchObject({ ok: false, error: { kind: 'validation' } })
    const message = answer.ok ? '' : answer.error.fieldErrors?.['apiBase']
    expect(message).toMatch(/https/)
    expect(settings().apiBaseError).toBe(message)
    expect(settings().settings?.apiBase).toBe(app.server.apiBase)
    settings().setApiBaseDraft('https://example.com/v1')
    expect(settings().apiBaseError).toBeNull()
  })

  it('saves a trimmed address and keeps what main stored', async () => {
    const app = await installRealApi()
    await settings().load()
    settings().setApiBaseDraft('  https://staging.example.com/v1  ')
    expect(await settings().save()).toBe(true)
    expect(app.api.saveSettings).toHaveBeenCalledWith({
      apiBase: 'https://staging.example.com/v1',
      exportConcurrency: 2,
    })
    expect(settings().settings?.apiBase).toBe('https://staging.example.com/v1')
    expect(await app.call('getSettings', undefined)).toMatchObject({
      ok: true,
      data: { apiBase: 'https://staging.example.com/v1' },
    })
  })

  it('saves the export concurrency the user picked', async () => {
    const app = await installRealApi()
    await settings().load()
    expect(settings().concurrencyDraft).toBe(2)
    settings().setConcurrencyDraft(5)
    expect(await settings().save()).toBe(true)
    expect(app.api.saveSettings).toHaveBeenCalledWith({ apiBase: app.server.apiBase, exportConcurrency: 5 })
    expect(settings().settings?.exportConcurrency).toBe(5)
    settings().setConcurrencyDraft(3)
    settings().reset()
    expect(settings().concurrencyDraft).toBe(5)
  })
})
