import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar'
import { getCurrentFuseWire } from '@electron/fuses'
import { build, Platform } from 'electron-builder'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import config from '../../electron-builder.config.mjs'
import { API_METHODS, ipcContract } from '../../src/shared/contract'
import { runBuiltMain } from '../main/app/composition-root/run-smoke'
import { ensureBuiltApp } from '../support/built-app'
import { writeStandInElectron } from './stand-in-electron.mjs'

// The packaging check: electron-builder 26 builds the unpacked Linux app (`--dir`) with the real
// config against a stand-in Electron distribution (test/packaging/stand-in-electron.mjs: the real
// runtime cannot be downloaded here), and the result is inspected: what the asar holds, what is
// unpacked, its size, the fuses in the binary, and whether main's runtime requires resolve inside
// the package. CI on real Windows, macOS and Linux packages with the real Electron as well.

/**
 * The budget for the app itself (app.asar + app.asar.unpacked), not counting Electron: 30 MB.
 * Measured 23.7 MB with electron-builder 26.17, most of it zod, libphonenumber-js and exceljs.
 */
const APP_SIZE_BUDGET_BYTES = 30 * 1024 * 1024

const root = resolve(__dirname, '../..')
const require = createRequire(import.meta.url)
const onLinux = process.platform === 'linux'
const work = mkdtempSync(join(tmpdir(), 'opt-out-desk-package-'))

interface LockEntry {
  version?: string
  dev?: boolean
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string
  dependencies: Record<string, string>
}

let appOutDir = ''
let asarPath = ''
let entries: string[] = []

/** The folder of the package a file inside node_modules belongs to, e.g. node_modules/@fast-csv/parse. */
function packageOf(entry: string): string | null {
  const parts = entry.split('/').filter(Boolean)
  const at = parts.lastIndexOf('node_modules')
  if (at < 0) return null
  const nameLength = parts[at + 1]?.startsWith('@') ? 2 : 1
  // A file must lie inside the package folder (not be the folder or a bare scope).
  if (parts.length <= at + 1 + nameLength) return null
  return `/${parts.slice(0, at + 1 + nameLength).join('/')}`
}

/** name@version of every package npm installs for production (not dev), wherever the lockfile nests it. */
const productionPackages = new Set(
  Object.entries(lock.packages)
    .filter(([path, entry]) => path.includes('node_modules/') && entry.dev !== true)
    .map(
      ([path, entry]) =>
        `${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`,
    ),
)

/** Runs `code` in a plain Node process outside the repository, with nothing of its environment but PATH. */
function runAwayFromRepository(code: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['-e', code], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] },
  })
}

function sizeOf(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.size
  const out = execFileSync('du', ['-sb', path], { encoding: 'utf8' })
  return Number(out.split('\t')[0])
}

beforeAll(async () => {
  if (!onLinux) return
  ensureBuiltApp()
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string
    }
  ).version
  const electronDist = join(work, 'electron-dist')
  await writeStandInElectron(electronDist, electronVersion)
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...config, electronDist, directories: { ...config.directories, output: join(work, 'dist') } },
  })
  appOutDir = join(work, 'dist', 'linux-unpacked')
  asarPath = join(appOutDir, 'resources', 'app.asar')
  entries = listPackage(asarPath, { isPack: false })
}, 600_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.skipIf(!onLinux)('the packaged app (electron-builder --dir, stand-in Electron)', () => {
  it('has a config that electron-builder 26 validates', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>
    }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator does reject a mistake, so the pass above means something.
    await expect(
      validateConfiguration({ ...config, nsis: { ...config.nsis, perMachin: true } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration/)
  })

  it('holds the built app, package.json and production dependencies only', () => {
    const topLevel = new Set(entries.map((entry) => entry.split('/')[1]))
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json'])
    for (const file of [
      '/out/main/index.js',
      // The worker threads, beside index.js where the app looks for them (src/main/workers/entries.ts).
      '/out/main/export-writer.js',
      '/out/main/report-reader.js',
      '/out/main/send-list-reader.js',
      '/out/main/scrub.js',
      '/out/preload/index.js',
      '/out/renderer/index.html',
      '/package.json',
    ]) {
      expect(entries).toContain(file)
    }
    const folders = new Set(entries.map(packageOf).filter((name): name is string => name !== null))
    // Identify each packaged folder by the name and version in its own package.json: electron-builder
    // may place a package at another depth than npm did.
    const packaged = [...folders].map((folder) => {
      const { name, version } = JSON.parse(
        extractFile(asarPath, `${folder.slice(1)}/package.json`).toString('utf8'),
      ) as {
        name: string
        version: string
      }
      return `${name}@${version}`
    })
    const notProduction = packaged.filter((id) => !productionPackages.has(id))
    expect(notProduction, 'packages in the asar that npm does not install for production').toEqual([])
    const names = packaged.map((id) => id.slice(0, id.lastIndexOf('@')))
    for (const dependency of Object.keys(manifest.dependencies)) {
      expect(names, `${dependency} is a dependency`).toContain(dependency)
    }
    for (const devOnly of [
      'electron',
      'react',
      'ag-grid-community',
      'vitest',
      'electron-builder',
      '@electron/fuses',
    ]) {
      expect(names).not.toContain(devOnly)
    }
  })

  it('leaves out sources, tests, benchmarks, build files and source maps', () => {
    const offending = entries.filter(
      (entry) =>
        /^\/(src|test|bench|build|scripts|\.github|\.ci)(\/|$)/.test(entry) ||
        entry.endsWith('.map') ||
        /^\/out\/.*\.tsx?$/.test(entry) ||
        entry.includes('/exceljs/dist/'),
    )
    expect(offending).toEqual([])
  })

  it("unpacks keytar's native module beside the asar, where Electron can load it", () => {
    const nodeFiles = entries.filter((entry) => entry.endsWith('.node'))
    expect(nodeFiles).toContain('/node_modules/keytar/build/Release/keytar.node')
    for (const file of nodeFiles) {
      expect(statFile(asarPath, file.slice(1), false), file).toMatchObject({ unpacked: true })
      expect(existsSync(join(`${asarPath}.unpacked`, file)), file).toBe(true)
    }
  })

  it('resolves every runtime require of the built main process and its workers inside the package', () => {
    const extracted = join(work, 'extracted')
    extractAll(asarPath, extracted)
    // index.js, the worker entries and the chunks they share: every file the main process and its workers run.
    const mainFiles = readdirSync(join(extracted, 'out/main'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.js'))
      .map((name) => join(extracted, 'out/main', name))
    const specifiers = [
      ...new Set(
        mainFiles.flatMap((file) =>
          [...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map(([, name]) => name),
        ),
      ),
    ].filter(
      (name): name is string =>
        !!name && !name.startsWith('node:') && !name.startsWith('.') && name !== 'electron',
    )
    expect(specifiers).toEqual(expect.arrayContaining(['keytar', 'exceljs', 'zod', 'electron-log/node']))
    // A plain Node process with no access to the repository's node_modules loads each one.
    const probe = `const { createRequire } = require('node:module');
      const load = createRequire(${JSON.stringify(join(extracted, 'out/main/index.js'))});
      for (const name of ${JSON.stringify(specifiers)}) {
        const path = load.resolve(name);
        if (!path.startsWith(${JSON.stringify(extracted)})) throw new Error(name + ' resolved outside the package: ' + path);
        load(name);
      }`
    const child = runAwayFromRepository(probe)
    expect(child.stderr).toBe('')
    expect(child.status).toBe(0)
  })

  it('runs the packaged worker threads from the package alone', () => {
    // Each packaged worker answers a first request in a worker thread of a plain Node process away from the
    // repository (inside Electron they load from app.asar itself, supported since Electron 17: electron/electron#33216).
    const extracted = join(work, 'extracted')
    const probe = `const { Worker } = require('node:worker_threads');
      const ask = (file, type, payload) => new Promise((resolve, reject) => {
        const worker = new Worker(${JSON.stringify(join(extracted, 'out/main'))} + '/' + file);
        worker.on('error', reject);
        worker.on('message', (message) => {
          if (message.kind !== 'reply') return;
          void worker.terminate();
          resolve(message);
        });
        worker.postMessage({ kind: 'request', id: 1, type, payload });
      });
      Promise.all([
        ask('export-writer.js', 'start', { format: 'xlsx', created: new Date() }),
        ask('report-reader.js', 'read', { path: ${JSON.stringify(join(extracted, 'package.json'))} }),
        ask('send-list-reader.js', 'preview', { path: ${JSON.stringify(join(extracted, 'package.json'))} }),
        ask('scrub.js', 'save', { listPath: ${JSON.stringify(join(extracted, 'package.json'))} }),
      ]).then((replies) => process.stdout.write(JSON.stringify(replies)), (error) => { console.error(String(error)); process.exit(1) });`
    const child = runAwayFromRepository(probe)
    expect(child.stderr).toBe('')
    expect(child.status).toBe(0)
    const [writer, reader, sendListReader, scrub] = JSON.parse(child.stdout) as [
      { ok: boolean },
      { ok: boolean; error?: { data?: { error?: { kind: string } } } },
      { ok: boolean; error?: { data?: { error?: { kind: string } } } },
      { ok: boolean; error?: { data?: { kind: string } } },
    ]
    expect(writer).toMatchObject({ ok: true, value: null })
    // package.json is no report: the reader ran, and said so the way a report's failure crosses.
    expect(reader).toMatchObject({ ok: false, error: { data: { error: { kind: 'report-file' } } } })
    // Nor a send list (it has no phone numbers): the send-list reader ran and said so.
    expect(sendListReader).toMatchObject({ ok: false, error: { data: { error: { kind: 'report-file' } } } })
    // The scrub worker read it as a send list (its reader, libphonenumber and exceljs load) and refused it.
    expect(scrub).toMatchObject({ ok: false, error: { data: { kind: 'report-file' } } })
  })

  it('starts from the package alone: the packaged main process, with a stand-in electron, serves the app', () => {
    // Reuses the tree extracted above: out/ and node_modules exactly as packaged, away from the repository.
    const extracted = join(work, 'extracted')
    const { record, stderr } = runBuiltMain(join(extracted, 'out/main/index.js'), {
      isPackaged: true,
      version: manifest.version,
    })
    expect([...record.ipcHandleChannels].sort()).toEqual(
      API_METHODS.map((method) => ipcContract[method].channel).sort(),
    )
    expect(record.protocol[0]).toMatchObject({ url: 'app://opt-out-desk/index.html', status: 200 })
    expect(record.window.webPreferences['preload']).toBe(join(extracted, 'out/preload/index.js'))
    expect(record.logFile.text).toContain(`Opt-Out Desk ${manifest.version} starting`)
    expect(stderr).toBe('')
  })

  it(`stays under the app size budget (${APP_SIZE_BUDGET_BYTES / 1024 / 1024} MB for app.asar and its unpacked files)`, () => {
    const asarBytes = sizeOf(asarPath)
    const unpackedBytes = sizeOf(`${asarPath}.unpacked`)
    const byPackage = new Map<string, number>()
    for (const entry of entries) {
      const stat = statFile(asarPath, entry.slice(1), false) as { size?: number }
      if (typeof stat.size !== 'number') continue
      const key = packageOf(entry)?.replace(/^\/node_modules\//, '') ?? entry.split('/')[1] ?? entry
      byPackage.set(key, (byPackage.get(key) ?? 0) + stat.size)
    }
    const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8)
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
    console.log(
      `Package: app.asar ${mb(asarBytes)}, app.asar.unpacked ${mb(unpackedBytes)}, ${entries.length} entries, ` +
        `${byPackage.size - 2} packages; largest: ${top.map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ')}`,
    )
    expect(asarBytes + unpackedBytes).toBeLessThan(APP_SIZE_BUDGET_BYTES)
  })

  it('has the fuses flipped in the packaged binary', async () => {
    const wire = await getCurrentFuseWire(join(appOutDir, 'opt-out-desk'))
    const ON = 49
    const OFF = 48
    expect([wire[0], wire[1], wire[2], wire[3], wire[4], wire[5], wire[7]]).toEqual([
      OFF,
      ON,
      OFF,
      OFF,
      ON,
      ON,
      OFF,
    ])
  })
})

if (!onLinux) {
  it.skip(`packaging check: the stand-in Electron distribution is a Linux layout; on ${process.platform} CI packages with the real Electron (npm run dist:dir)`, () => {})
}
