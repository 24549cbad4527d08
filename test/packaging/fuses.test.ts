import { FuseV1Options, FuseVersion } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import { FUSES, fuseConfig } from '../../build/fuses.mjs'

describe('the fuse list (build/fuses.mjs)', () => {
  it('is exactly the fuses the app ships with, in the states the issue sets', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    })
    expect(Object.isFrozen(FUSES)).toBe(true)
  })

  it('names only fuses @electron/fuses knows', () => {
    for (const name of Object.keys(FUSES))
      expect(FuseV1Options[name as keyof typeof FuseV1Options]).toBeTypeOf('number')
  })

  it('becomes a V1 fuse config, resetting the ad-hoc signature only for Apple Silicon', () => {
    expect(fuseConfig({ platform: 'linux', arch: 'x64' })).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
    expect(fuseConfig({ platform: 'darwin', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(true)
    expect(fuseConfig({ platform: 'darwin', arch: 'x64' }).resetAdHocDarwinSignature).toBe(false)
    expect(fuseConfig({ platform: 'win32', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(false)
  })
})
