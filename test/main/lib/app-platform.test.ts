import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appPlatform } from '../../../src/main/lib/app-platform'
import { createTestCore } from '../../support/test-core'

describe('app platform', () => {
  it.each([
    ['darwin', 'mac'],
    ['win32', 'windows'],
    ['linux', 'linux'],
    ['freebsd', 'other'],
  ] as const)('names %s as %s for the window', (platform, expected) => {
    expect(appPlatform(platform)).toBe(expected)
  })

  it('is part of the app info main answers, so the window names Cmd or Ctrl', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'app-platform-'))
    const core = createTestCore({ userDataDir, platform: 'darwin' })
    try {
      expect(await core.handlers.getAppInfo(undefined)).toEqual({
        ok: true,
        data: { name: 'Opt-Out Desk', version: 'test', platform: 'mac' },
      })
    } finally {
      await core.dispose()
      await rm(userDataDir, { recursive: true, force: true })
    }
  })
})
