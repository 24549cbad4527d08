#!/usr/bin/env node
// Runs every test layer in order and ends with one line "N passed, N failed, N skipped"
// summed over all of them. Used by `npm test` and by CI.
//   1. build with electron-vite (the smoke, end-to-end and packaging layers use the built app)
//   2. unit tests (main, shared, preload in Node; renderer in jsdom; the built main's smoke test)
//   3. keychain integration: the real keytar against gnome-keyring in a private D-Bus session
//   4. the end-to-end specs in Chromium (and Electron when present)
//   5. packaging: electron-builder builds the unpacked app, and its contents are checked
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const results = join(mkdtempSync(join(tmpdir(), 'opt-out-desk-tests-')), '')
const totals = { passed: 0, failed: 0, skipped: 0 }
const problems = []

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}`)
  // npx is npx.cmd on Windows, which only a shell finds.
  const child = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  })
  if (child.error) problems.push(`${label}: ${child.error.message}`)
  return child.status ?? 1
}

function addVitest(label, file, status) {
  if (!existsSync(file)) {
    problems.push(`${label}: no results (exit ${status})`)
    totals.failed += 1
    return
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  totals.passed += report.numPassedTests
  totals.failed += report.numFailedTests
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0)
  if (status !== 0 && report.numFailedTests === 0) {
    problems.push(`${label}: exit ${status} with no failed test (a suite failed to load?)`)
    totals.failed += 1
  }
}

function addPlaywright(label, file, status) {
  if (!existsSync(file)) {
    problems.push(`${label}: no results (exit ${status})`)
    totals.failed += 1
    return
  }
  const { stats } = JSON.parse(readFileSync(file, 'utf8'))
  totals.passed += stats.expected + stats.flaky
  totals.failed += stats.unexpected
  totals.skipped += stats.skipped
  if (status !== 0 && stats.unexpected === 0) {
    problems.push(`${label}: exit ${status} with no failed test`)
    totals.failed += 1
  }
}

// Built once for every layer; OPTOUT_DESK_BUILT tells the tests that use out/ not to build again.
// Should the build fail, they build for themselves and fail with the build's error.
const built = run('Build (electron-vite)', 'npx', ['electron-vite', 'build']) === 0
const builtEnv = built ? { OPTOUT_DESK_BUILT: '1' } : {}

const unitJson = join(results, 'unit.json')
addVitest(
  'unit',
  unitJson,
  run(
    'Unit tests (main, shared, preload, renderer)',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`],
    builtEnv,
  ),
)

const integrationJson = join(results, 'integration.json')
const haveKeyring = ['dbus-run-session', 'gnome-keyring-daemon'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
)
if (process.platform === 'linux' && haveKeyring) {
  const home = mkdtempSync(join(tmpdir(), 'opt-out-desk-keyring-home-'))
  const vitest = `npx vitest run -c vitest.integration.config.mts --reporter=default --reporter=json --outputFile.json=${integrationJson}`
  const status = run(
    'Keychain integration (real keytar, gnome-keyring in a private D-Bus session)',
    'dbus-run-session',
    [
      '--',
      'sh',
      '-c',
      `echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; ${vitest}`,
    ],
    { HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_RUNTIME_DIR: home },
  )
  rmSync(home, { recursive: true, force: true })
  addVitest('keychain integration', integrationJson, status)
} else {
  console.log(
    '\n=== Keychain integration skipped: it needs Linux with dbus-run-session and gnome-keyring-daemon (CI installs them).',
  )
}

if (!built) {
  problems.push('build failed, so the end-to-end specs could not run')
  totals.failed += 1
} else {
  const e2eJson = join(results, 'e2e.json')
  addPlaywright(
    'end to end',
    e2eJson,
    run('End to end (Playwright)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
    }),
  )
}

const packagingJson = join(results, 'packaging.json')
addVitest(
  'packaging',
  packagingJson,
  run(
    'Packaging (electron-builder --dir against a stand-in Electron; asar contents, size, fuses)',
    'npx',
    [
      'vitest',
      'run',
      '-c',
      'vitest.packaging.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${packagingJson}`,
    ],
    builtEnv,
  ),
)

rmSync(results, { recursive: true, force: true })
console.log('')
for (const problem of problems) console.log(`! ${problem}`)
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed > 0 || problems.length > 0 ? 1 : 0)
