import { describe, expect, it, vi } from 'vitest'
import { contextBridge, ipcRenderer } from 'electron'
import { API_METHODS, ipcContract } from '../../src/shared/contract'

describe('preload facade', () => {
  it('exposes exactly one function per contract method under window.api and nothing else', async () => {
    await import('../../src/preload/index')
    const expose = vi.mocked(contextBridge.exposeInMainWorld)
    expect(expose.mock.calls.map(([key]) => key)).toEqual(['api', 'files'])
    const [, api] = expose.mock.calls[0] as [string, Record<string, unknown>]
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort())
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
})
