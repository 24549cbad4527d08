import { describe, expect, it, vi } from 'vitest'
import { contextBridge, ipcRenderer } from 'electron'
import { API_METHODS, EVENT_CHANNELS, ipcContract, type OptOutDeskApi } from '../../src/shared/contract'
import type { JobStatus } from '../../src/shared/jobs'

describe('preload facade', () => {
  it('exposes exactly one function per contract method, and `on`, under window.api and nothing else', async () => {
    await import('../../src/preload/index')
    const expose = vi.mocked(contextBridge.exposeInMainWorld)
    expect(expose.mock.calls.map(([key]) => key)).toEqual(['api', 'files'])
    const [, api] = expose.mock.calls[0] as [string, Record<string, unknown>]
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'on'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
    expect(Object.values(api)).not.toContain(ipcRenderer)
  })

  it('forwards each call to its own channel with only the request', async () => {
    await import('../../src/preload/index')
    const api = vi.mocked(contextBridge.exposeInMainWorld).mock.calls[0]?.[1] as Record<
      string,
      (request?: unknown) => Promise<unknown>
    >
    vi.mocked(ipcRenderer.invoke).mockResolvedValue({ ok: true, data: 'x' })
    const request = { requestId: 'r', offset: 0 }
    await expect(api['search']?.(request)).resolves.toEqual({ ok: true, data: 'x' })
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcContract.search.channel, request)
    await api['getSessionStatus']?.()
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('session:status', undefined)
  })

  it('exposes only the path of a dropped file under window.files', async () => {
    await import('../../src/preload/index')
    const files = vi.mocked(contextBridge.exposeInMainWorld).mock.calls[1]?.[1] as Record<string, unknown>
    expect(Object.keys(files)).toEqual(['pathOf'])
    const pathOf = files['pathOf'] as (file: { name: string }) => string
    expect(pathOf({ name: 'report.xlsx' })).toBe('/dropped/report.xlsx')
  })

  it('on(event) hands the listener the payload only, never the IPC event object, until unsubscribed', async () => {
    await import('../../src/preload/index')
    const api = vi.mocked(contextBridge.exposeInMainWorld).mock.calls[0]?.[1] as OptOutDeskApi
    const mock = ipcRenderer as unknown as {
      deliver(channel: string, event: unknown, payload: unknown): void
      listenerCount(channel: string): number
    }
    const received: unknown[][] = []
    const unsubscribe = api.on('jobChanged', (...args: unknown[]) => received.push(args))
    expect(mock.listenerCount(EVENT_CHANNELS.jobChanged)).toBe(1)
    const payload = { jobId: 'j1', kind: 'export', state: 'running' } as unknown as JobStatus
    const ipcEvent = { sender: { send: () => undefined }, senderId: 0 }
    mock.deliver('jobs:changed', ipcEvent, payload)
    expect(received).toEqual([[payload]])
    expect(received.flat()).not.toContain(ipcEvent)

    unsubscribe()
    expect(mock.listenerCount(EVENT_CHANNELS.jobChanged)).toBe(0)
    mock.deliver('jobs:changed', ipcEvent, payload)
    expect(received).toHaveLength(1)
  })

  it('refuses an event the contract does not name', async () => {
    await import('../../src/preload/index')
    const api = vi.mocked(contextBridge.exposeInMainWorld).mock.calls[0]?.[1] as OptOutDeskApi
    expect(() => api.on('search:run' as 'jobChanged', () => undefined)).toThrow(/no event named/)
    expect(ipcRenderer.on).not.toHaveBeenCalledWith('search:run', expect.anything())
  })
})
