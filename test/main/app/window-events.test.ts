import type { BrowserWindow } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { sendToWindow } from '../../../src/main/app/window-events'
import { createSenderCheck } from '../../../src/main/ipc/trusted-sender'
import type { JobStatus } from '../../../src/shared/jobs'

const isAppUrl = (url: string) =>
  createSenderCheck(['app://opt-out-desk'])({ frameUrl: url, isMainFrame: true })

function fakeWindow(url: string, { destroyed = false, contentsDestroyed = false } = {}) {
  const send = vi.fn()
  const window = {
    isDestroyed: () => destroyed,
    webContents: { isDestroyed: () => contentsDestroyed, getURL: () => url, send },
  }
  return { window: window as unknown as BrowserWindow, send }
}

const STATUS = {
  jobId: 'j1',
  kind: 'export',
  name: 'a.xlsx',
  filePath: '/a.xlsx',
  startedAt: '2026-11-30T00:00:00.000Z',
  state: 'running',
  phase: 'writing',
  rowsDone: 1,
  rowsExpected: 2,
  bytesDone: 0,
  bytesTotal: 0,
  rowsPerSecond: null,
} satisfies JobStatus

describe('sendToWindow', () => {
  it('sends a contract event on its channel to the app’s own window', () => {
    const { window, send } = fakeWindow('app://opt-out-desk/index.html')
    expect(sendToWindow(window, isAppUrl, 'jobChanged', STATUS)).toBe(true)
    expect(send).toHaveBeenCalledWith('jobs:changed', STATUS)
  })

  it('sends nothing to a page of another origin, a closed window or no window', () => {
    const elsewhere = fakeWindow('https://example.com/')
    expect(sendToWindow(elsewhere.window, isAppUrl, 'jobChanged', STATUS)).toBe(false)
    expect(elsewhere.send).not.toHaveBeenCalled()
    const fileUrl = fakeWindow('file:///etc/passwd')
    expect(sendToWindow(fileUrl.window, isAppUrl, 'jobChanged', STATUS)).toBe(false)
    expect(fileUrl.send).not.toHaveBeenCalled()
    const closed = fakeWindow('app://opt-out-desk/index.html', { destroyed: true })
    expect(sendToWindow(closed.window, isAppUrl, 'jobChanged', STATUS)).toBe(false)
    expect(closed.send).not.toHaveBeenCalled()
    const crashed = fakeWindow('app://opt-out-desk/index.html', { contentsDestroyed: true })
    expect(sendToWindow(crashed.window, isAppUrl, 'jobChanged', STATUS)).toBe(false)
    expect(crashed.send).not.toHaveBeenCalled()
    expect(sendToWindow(undefined, isAppUrl, 'jobChanged', STATUS)).toBe(false)
  })
})
