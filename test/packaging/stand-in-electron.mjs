// A stand-in for Electron's Linux distribution (the real one cannot be downloaded here), laid out
// as electron-builder expects an unpacked `electronDist`: the `electron` executable, Electron's and
// Chromium's licence files, `resources/default_app.asar` (which electron-builder removes) and the
// version file. The executable is a tiny shell script that carries a real fuse wire (the sentinel
// @electron/fuses searches for, wire version 1, nine fuses in Electron's shipped states), so the
// afterPack hook flips fuses in it exactly as it would in Electron's binary.
import { Buffer } from 'node:buffer'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPackage } from '@electron/asar'

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
// Electron 45's defaults, one ASCII digit per fuse in FuseV1Options order:
// RunAsNode 1, CookieEncryption 0, NODE_OPTIONS 1, --inspect 1, asar integrity 0, only-asar 0,
// browser V8 snapshot 0, file:// privileges 1, WASM trap handlers 1.
export const SHIPPED_WIRE = '101100011'

/** Writes the stand-in distribution into `dir` and returns the executable's path. */
export async function writeStandInElectron(dir, version) {
  mkdirSync(join(dir, 'resources'), { recursive: true })
  const executable = join(dir, 'electron')
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho "stand-in Electron ${version}: cannot run an app" >&2\nexit 1\n# `),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, SHIPPED_WIRE.length]),
    Buffer.from(SHIPPED_WIRE),
    Buffer.from('\n'),
  ])
  writeFileSync(executable, wire)
  chmodSync(executable, 0o755)
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for Electron’s MIT licence.\n')
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>Stand-in for Chromium’s licences.</p>\n')
  writeFileSync(join(dir, 'version'), `${version}\n`)
  // A real (tiny) asar: electron-builder reads every archive in resources/ to record its integrity.
  const defaultApp = mkdtempSync(join(tmpdir(), 'opt-out-desk-default-app-'))
  writeFileSync(join(defaultApp, 'package.json'), '{"name":"default-app","main":"main.js"}\n')
  writeFileSync(join(defaultApp, 'main.js'), '// stand-in\n')
  await createPackage(defaultApp, join(dir, 'resources', 'default_app.asar'))
  rmSync(defaultApp, { recursive: true, force: true })
  return executable
}
