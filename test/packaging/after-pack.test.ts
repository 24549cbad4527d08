import { mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getCurrentFuseWire } from '@electron/fuses'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { afterPack, electronBinaryPath } from '../../build/after-pack.mjs'
import { fuseConfig } from '../../build/fuses.mjs'
import { SHIPPED_WIRE, writeStandInElectron } from './stand-in-electron.mjs'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const X64 = 1 // electron-builder's Arch.x64
const ARM64 = 3
const packager = { executableName: 'opt-out-desk', appInfo: { productFilename: 'Opt-Out Desk' } }
const context = (appOutDir: string, electronPlatformName: string, arch = X64) =>
  ({ appOutDir, electronPlatformName, arch, packager }) as unknown as Parameters<typeof afterPack>[0]

/** A fixture binary carrying Electron's fuse sentinel and wire, named as the platform's packager names it. */
async function fixtureBinary(platform: 'linux' | 'win32') {
  const dir = mkdtempSync(join(tmpdir(), 'opt-out-desk-fuses-'))
  dirs.push(dir)
  const written = await writeStandInElectron(dir, '45.5.0')
  const binary = electronBinaryPath(context(dir, platform))
  renameSync(written, binary)
  return { dir, binary }
}

const ascii = (state: boolean) => (state ? 49 : 48)

describe('afterPack hook (build/after-pack.mjs)', () => {
  it('flips every listed fuse in the packaged binary and leaves the others as Electron shipped them', async () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { dir, binary } = await fixtureBinary(platform)
      const lines: string[] = []
      await afterPack(context(dir, platform), { log: (line: string) => lines.push(line), env: {} })
      const wire = await getCurrentFuseWire(binary)
      expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((index) => wire[index as 0])).toEqual([
        ascii(false), // RunAsNode
        ascii(true), // EnableCookieEncryption
        ascii(false), // EnableNodeOptionsEnvironmentVariable
        ascii(false), // EnableNodeCliInspectArguments
        ascii(true), // EnableEmbeddedAsarIntegrityValidation
        ascii(true), // OnlyLoadAppFromAsar
        SHIPPED_WIRE.charCodeAt(6), // LoadBrowserProcessSpecificV8Snapshot: not ours to change
        ascii(false), // GrantFileProtocolExtraPrivileges
        SHIPPED_WIRE.charCodeAt(8), // WasmTrapHandlers: not ours to change
      ])
      expect(lines[0]).toContain(`fuses set in ${binary}`)
    }
  })

  it('fails the build when the binary has no fuse wire, instead of shipping an unfused app', async () => {
    const { dir, binary } = await fixtureBinary('linux')
    rmSync(binary)
    const { writeFileSync } = await import('node:fs')
    writeFileSync(binary, '#!/bin/sh\nexit 0\n')
    await expect(afterPack(context(dir, 'linux'), { log: () => {}, env: {} })).rejects.toThrow(/sentinel/)
  })

  it('points @electron/fuses at the .app bundle on macOS and asks for a fresh ad-hoc signature on arm64', async () => {
    const flip = vi.fn(async () => 1)
    const lines: string[] = []
    await afterPack(context('/out/mac-arm64', 'darwin', ARM64), {
      flip,
      log: (line: string) => lines.push(line),
      env: {},
    })
    expect(flip).toHaveBeenCalledWith(
      '/out/mac-arm64/Opt-Out Desk.app',
      fuseConfig({ platform: 'darwin', arch: 'arm64' }),
    )
    expect(lines[1]).toMatch(/^ {2}• macOS code signing and notarisation skipped: set CSC_LINK/)
  })

  it('prints one line per build saying whether it is signed', async () => {
    const flip = vi.fn(async () => 1)
    const lines: string[] = []
    await afterPack(context('/out/win-unpacked', 'win32'), {
      flip,
      log: (line: string) => lines.push(line),
      env: { WIN_CSC_LINK: 'cert.pfx' },
    })
    expect(flip).toHaveBeenCalledWith(
      '/out/win-unpacked/Opt-Out Desk.exe',
      expect.objectContaining({ resetAdHocDarwinSignature: false }),
    )
    expect(lines.filter((line) => /signing|signed/.test(line))).toEqual([
      '  • Windows code signing: certificate file from WIN_CSC_LINK/CSC_LINK.',
    ])
  })
})
