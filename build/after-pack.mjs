// electron-builder afterPack hook: runs once per packaged app, after the files are in place and
// before electron-builder signs it (a fuse flip changes the binary, so it must come first).
import { join } from 'node:path'
import { flipFuses } from '@electron/fuses'
import { fuseConfig } from './fuses.mjs'
import { signingNotice } from './signing.mjs'

const BINARY_SUFFIX = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }

/** Where the Electron binary of a packaged app is (an .app bundle on macOS: @electron/fuses finds the framework). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename
  return join(appOutDir, `${name}${BINARY_SUFFIX[electronPlatformName] ?? ''}`)
}

/**
 * @param {import('app-builder-lib').AfterPackContext} context
 * @param {{ flip?: typeof flipFuses, log?: (line: string) => void, env?: Record<string, string | undefined> }} [deps]
 */
export async function afterPack(context, { flip = flipFuses, log = console.log, env = process.env } = {}) {
  const { electronPlatformName: platform } = context
  const arch = archName(context.arch)
  const binary = electronBinaryPath(context)
  // No fallback when the binary has no fuse wire: an unfused release must fail, not pass quietly.
  await flip(binary, fuseConfig({ platform, arch }))
  log(`  • fuses set in ${binary} (RunAsNode, NODE_OPTIONS, --inspect off; asar-only with integrity check)`)
  log(`  • ${signingNotice(platform, env)}`)
}

// electron-builder passes its Arch enum (a number); @electron/fuses cares only about arm64 on macOS.
function archName(arch) {
  return typeof arch === 'string'
    ? arch
    : (['ia32', 'x64', 'armv7l', 'arm64', 'universal'][arch] ?? String(arch))
}
