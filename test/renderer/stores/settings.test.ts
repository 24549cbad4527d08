import { describe, expect, it } from 'vitest'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'
import { fail, installFakeApi } from '../fake-api'

const settings = () => useSettingsStore.getState()

describe('settings store', () => {
  it('loads the API base into the draft, with the app version', async () => {
    installFakeApi()
    await settings().load()
    expect(settings().apiBaseDraft).toBe('https://api.convoso.com/v1')
    expect(settings().appInfo).toEqual({ name: 'Opt-Out Desk', version: '0.1.0' })
  })

  it('puts main’s validation message on the API base field', async () => {
    const api = installFakeApi()
    await settings().load()
    api.saveSettings.mockResolvedValueOnce(
      fail({ kind: 'validation', message: 'Check the address.', fieldErrors: { apiBase: 'Use https://.' } }),
    )
    settings().setApiBaseDraft('http://example.com/v1')
    expect(await settings().save()).toBe(false)
    expect(settings().apiBaseError).toBe('Use https://.')
    expect(settings().settings?.apiBase).toBe('https://api.convoso.com/v1')
    settings().setApiBaseDraft('https://example.com/v1')
    expect(settings().apiBaseError).toBeNull()
  })

  it('saves a trimmed address and keeps what main stored', async () => {
    const api = installFakeApi()
    await settings().load()
    settings().setApiBaseDraft('  https://staging.example.com/v1  ')
    expect(await settings().save()).toBe(true)
    expect(api.saveSettings).toHaveBeenCalledWith({
      apiBase: 'https://staging.example.com/v1',
      exportConcurrency: 2,
    })
    expect(settings().settings?.apiBase).toBe('https://staging.example.com/v1')
  })

  it('saves the export concurrency the user picked', async () => {
    const api = installFakeApi()
    await settings().load()
    expect(settings().concurrencyDraft).toBe(2)
    settings().setConcurrencyDraft(5)
    expect(await settings().save()).toBe(true)
    expect(api.saveSettings).toHaveBeenCalledWith({
      apiBase: 'https://api.convoso.com/v1',
      exportConcurrency: 5,
    })
    expect(settings().settings?.exportConcurrency).toBe(5)
    settings().setConcurrencyDraft(3)
    settings().reset()
    expect(settings().concurrencyDraft).toBe(5)
  })
})
