import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

export const REPO_ROOT = resolve(__dirname, '../..')

/**
 * Makes sure out/ holds a build of the current sources. `npm test` builds once first and says so
 * with OPTOUT_DESK_BUILT=1; a test file run on its own builds here, so it never checks a stale bundle.
 */
export function ensureBuiltApp(): void {
  if (process.env['OPTOUT_DESK_BUILT'] === '1') return
  execFileSync('npx', ['electron-vite', 'build'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
    timeout: 300_000,
    // npx is npx.cmd on Windows, which only a shell finds.
    shell: process.platform === 'win32',
  })
}
