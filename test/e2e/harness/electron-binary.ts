import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '../../..')

/**
 * Where the Electron runtime is, if this machine has it. Reads path.txt the way
 * the electron package does, without requiring `electron` (which would start a
 * download that cannot succeed here).
 */
export function electronBinary(): { path: string } | { missing: string } {
  const pathFile = join(ROOT, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) {
    return {
      missing:
        'no Electron runtime on this machine (node_modules/electron/path.txt is absent: the binary is downloaded from GitHub, which is unreachable here)',
    }
  }
  const relative = readFileSync(pathFile, 'utf8').trim()
  const binary = join(ROOT, 'node_modules/electron/dist', relative)
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} is missing` }
}
