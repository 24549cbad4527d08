import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core'
import { createDispatcher, type Dispatch } from '../../../src/main/ipc/dispatcher'
import { createSenderCheck } from '../../../src/main/ipc/trusted-sender'
import type { DemoBackend } from '../../../src/main/services/session/session'
import { API_METHODS, ipcContract, type ApiMethod, type RequestOf } from '../../../src/shared/contract'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import { DEFAULT_PAGE_SIZE } from '../../../src/shared/paging'
import type { AppErrorKind } from '../../../src/shared/result'
import { createTestCore } from '../../support/test-core'

/**
 * The IPC boundary's guarantees as properties (from the security review): for every channel,
 * any structured-clone-able payload through the real dispatcher and the real
 * createCore handlers gives a Result (never a throw, never an unhandled
 * rejection), the Result itself survives a structured clone, and a payload the
 * contract refuses writes nothing in the user-data folder.
 *
 * Seeded, so a failure names a seed and path that replays it exactly:
 *   OPTOUT_DESK_PROPERTY_SEED=<seed> npx vitest run test/main/ipc/dispatcher.property.test.ts
 */

const SEED = Number(process.env['OPTOUT_DESK_PROPERTY_SEED'] ?? 20261129)
const RUNS_PER_CHANNEL = Number(process.env['OPTOUT_DESK_PROPERTY_RUNS'] ?? 40)
const APP = { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true }

/** Every kind of AppError; a kind added to the type without being listed here is a type error. */
const ERROR_KIND_LIST = {
  validation: true,
  'token-missing': true,
  'token-rejected': true,
  'keychain-unavailable': true,
  convoso: true,
  network: true,
  timeout: true,
  'rate-limited': true,
  server: true,
  'malformed-response': true,
  cancelled: true,
  'report-file': true,
  busy: true,
  'not-found': true,
  'file-system': true,
  internal: true,
} satisfies Record<AppErrorKind, true>
const ERROR_KINDS: ReadonlySet<string> = new Set(Object.keys(ERROR_KIND_LIST))

const PRESET = {
  id: 'preset-1',
  name: 'Campaign 42',
  filters: EMPTY_FILTERS,
  pageSize: DEFAULT_PAGE_SIZE,
  starter: false,
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
}
const EXPORT_REQUEST = { filters: EMPTY_FILTERS, scope: 'all' as const, offset: 0, limit: 25 }

/** One valid payload per channel: the seed the near-valid payloads are mutated from. */
const VALID: { [M in ApiMethod]: RequestOf<M> } = {
  getAppInfo: undefined,
  getSessionStatus: undefined,
  verifyAndSaveToken: { token: 'property-token-0123456789abcdef' },
  forgetToken: undefined,
  startDemo: undefined,
  stopDemo: undefined,
  getSettings: undefined,
  saveSettings: { apiBase: 'https://api.convoso.com/v1', exportConcurrency: 2 },
  getLastSearch: undefined,
  saveLastSearch: { filters: EMPTY_FILTERS, pageSize: DEFAULT_PAGE_SIZE },
  search: { requestId: 'r1', filters: EMPTY_FILTERS, offset: 0, limit: 25 },
  cancelSearch: { requestId: 'r1' },
  listPresets: undefined,
  createPreset: { name: 'Campaign 42', filters: EMPTY_FILTERS, pageSize: DEFAULT_PAGE_SIZE },
  renamePreset: { id: 'preset-1', name: 'Renamed' },
  updatePreset: { id: 'preset-1', filters: EMPTY_FILTERS, pageSize: DEFAULT_PAGE_SIZE },
  duplicatePreset: { id: 'preset-1' },
  deletePreset: { id: 'preset-1' },
  restorePreset: { preset: PRESET, index: 0 },
  movePreset: { id: 'preset-1', toIndex: 0 },
  setDefaultPreset: { id: null },
  exportPresets: undefined,
  previewPresetImport: undefined,
  confirmPresetImport: { previewId: 'preview-1' },
  planExport: EXPORT_REQUEST,
  startExport: { ...EXPORT_REQUEST, format: 'csv', acceptPartial: false },
  listReports: undefined,
  showReportInFolder: { reportId: 'report-1' },
  openReportInSpreadsheetApp: { reportId: 'report-1' },
  viewReportFromDialog: undefined,
  viewReportAtPath: { path: '/nonexistent/opt-out-desk/report.xlsx' },
  viewReportFromHistory: { reportId: 'report-1' },
  getOpenedReport: undefined,
  closeReport: undefined,
  listJobs: undefined,
  cancelJob: { jobId: 'job-1' },
  acknowledgeJob: { jobId: 'job-1' },
  startLookup: { text: '(818) 123-3567\n2135550100', defaultCountry: 'US' },
  exportLookupReport: { jobId: 'job-1', format: 'xlsx' },
  copyText: { text: 'Record ID\tPhone number\n2778557\t8181233567' },
  // Issue 14, compare two reports.
  pickReportFile: undefined,
  startCompare: {
    a: { kind: 'path', path: '/nonexistent/opt-out-desk/march.xlsx' },
    b: { kind: 'history', reportId: 'report-1' },
  },
  searchComparison: { compareId: 'job-1', list: 'removed', filters: EMPTY_FILTERS, offset: 0, limit: 25 },
  exportComparison: { compareId: 'job-1', format: 'xlsx' },
  closeComparison: { compareId: 'job-1' },
}

/** Keys that have tripped JavaScript code before: prototype setters and built-in names. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'then',
]

/**
 * Strings that look like paths, including ones that would escape a folder or
 * reach a network share. Special files (/dev/zero, FIFOs) are left to the
 * file readers' own tests: they bound reads, not the dispatcher.
 */
const PATH_LIKE = [
  '../../../../etc/passwd',
  '..\\..\\..\\Windows\\System32\\config\\SAM',
  '\\\\attacker.example\\share\\report.xlsx',
  '//attacker.example/share/report.csv',
  'C:\\Users\\Public\\report.xlsx',
  'file:///etc/hostname',
  '~/.ssh/id_rsa',
  '/nonexistent/dir/report.xlsx',
  '/nonexistent/dir/report.csv',
  'report.xlsx\u0000.sh',
  'https://attacker.example/v1',
  'http://169.254.169.254/latest/meta-data',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
]

const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_KEYS))

const hugeString = fc
  .tuple(fc.integer({ min: 10_000, max: 3_000_000 }), fc.constantFrom('a', 'é', '0', '\u0000', '😀'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)))

const scalar = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom(...PATH_LIKE),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, Number.MAX_SAFE_INTEGER + 2, Infinity, -Infinity, NaN),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
)

/** Structured-clone-able values: what Electron's IPC can actually deliver to main. */
const cloneable = fc.anything({
  key,
  maxDepth: 4,
  maxKeys: 6,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
  values: [scalar],
})

/** A value nested `depth` levels deep in arrays or objects (far deeper than any schema). */
const deep = fc
  .tuple(fc.integer({ min: 50, max: 1500 }), fc.boolean(), scalar)
  .map(([depth, asArray, leaf]) => {
    let value: unknown = leaf
    for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { nested: value }
    return value
  })

const wild = fc.oneof(
  { weight: 4, arbitrary: cloneable },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: hugeString },
)

function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  // defineProperty, so "__proto__" becomes an own key as structured clone would deliver it.
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true })
}

/** A valid payload with one field replaced, removed or added: it reaches deeper than random junk. */
function nearValid(method: ApiMethod): fc.Arbitrary<unknown> {
  const base = VALID[method]
  if (base === undefined || base === null || typeof base !== 'object') return wild
  const fields = Object.keys(base)
  const filterFields = Object.keys(EMPTY_FILTERS)
  return fc.oneof(
    fc.tuple(fc.constantFrom(...fields), fc.oneof(wild, scalar)).map(([field, value]) => {
      const copy: Record<string, unknown> = { ...base }
      setOwn(copy, field, value)
      return copy
    }),
    fc.tuple(key, fc.oneof(wild, scalar)).map(([extra, value]) => {
      const copy: Record<string, unknown> = { ...base }
      setOwn(copy, extra, value)
      return copy
    }),
    fc
      .constantFrom(...fields)
      .map((missing) => Object.fromEntries(Object.entries(base).filter(([field]) => field !== missing))),
    // Text a user could type, as long as the contract allows: these payloads are valid and run the handler.
    fc
      .tuple(
        fc.constantFrom(...filterFields),
        fc.oneof(fc.string({ maxLength: 255 }), fc.constantFrom(...PATH_LIKE)),
      )
      .map(([field, text]) => {
        const copy: Record<string, unknown> = { ...base }
        if ('filters' in copy) copy['filters'] = { ...EMPTY_FILTERS, [field]: text }
        for (const name of ['name', 'path', 'token', 'apiBase', 'requestId', 'id', 'jobId', 'reportId']) {
          if (typeof copy[name] === 'string') copy[name] = text === '' ? 'x' : text
        }
        return copy
      }),
  )
}

function payloads(method: ApiMethod): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: wild },
    { weight: 3, arbitrary: nearValid(method) },
    { weight: 1, arbitrary: fc.constant(VALID[method]) },
  )
}

/** Every file under a folder with its size and content hash: "writes nothing" is checked on this. */
async function snapshot(dir: string): Promise<string[]> {
  const lines: string[] = []
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        lines.push(`${path}/`)
        await walk(path)
      } else {
        const info = await stat(path)
        const hash = createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
        lines.push(`${path} ${info.size} ${hash}`)
      }
    }
  }
  await walk(dir)
  return lines.sort()
}

function checkResult(result: unknown): void {
  expect(typeof result === 'object' && result !== null, 'a Result object').toBe(true)
  const record = result as { ok?: unknown; data?: unknown; error?: { kind?: unknown; message?: unknown } }
  if (record.ok === true) {
    expect('data' in record).toBe(true)
  } else {
    expect(record.ok).toBe(false)
    expect(
      ERROR_KINDS.has(record.error?.kind as AppErrorKind),
      `error kind ${String(record.error?.kind)}`,
    ).toBe(true)
    expect(typeof record.error?.message === 'string' && record.error.message.length > 0).toBe(true)
  }
  // It must cross back over IPC, which clones it.
  expect(() => structuredClone(result)).not.toThrow()
}

/** A demo backend that starts no server: searches in demo mode go to the recording fetch below. */
const quietDemo: DemoBackend = {
  start: async () => ({
    apiBase: 'http://127.0.0.1:9/v1',
    token: 'property-demo-token-0000',
    recordCount: 0,
  }),
  stop: async () => undefined,
}

/** Convoso answering every request with an empty page, so no call leaves this machine. */
const emptyConvoso: typeof fetch = async () =>
  new Response(JSON.stringify({ success: true, offset: '0', limit: '1', total: '0', records: [] }), {
    status: 200,
  })

describe('dispatcher properties (guarantees from the security review, as permanent tests)', () => {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  let userDataDir: string
  let core: Core
  let dispatch: Dispatch

  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled)
  })
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled)
  })

  beforeEach(async () => {
    userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-property-'))
    core = createTestCore({ userDataDir, fetch: emptyConvoso, demo: quietDemo, timeoutMs: 2_000 })
    dispatch = createDispatcher(core.handlers, {
      isTrustedSender: createSenderCheck(['app://opt-out-desk']),
      log: () => undefined,
      secrets: core.secrets,
    })
  })
  afterEach(async () => {
    await core.dispose()
    await rm(userDataDir, { recursive: true, force: true })
  })

  it.each(API_METHODS)(
    'property: every %s payload gets a Result, and one the contract refuses writes nothing',
    async (method) => {
      const schema = ipcContract[method].request
      await fc.assert(
        fc.asyncProperty(payloads(method), async (payload) => {
          // What main receives is a structured clone of what the renderer sent; what cannot be cloned never arrives.
          let received: unknown
          try {
            received = structuredClone(payload)
          } catch {
            fc.pre(false)
          }
          const valid = schema.safeParse(received).success
          const before = valid ? [] : await snapshot(userDataDir)
          const result = await dispatch(method, received, APP)
          checkResult(result)
          if (!valid) {
            expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
            expect(await snapshot(userDataDir)).toEqual(before)
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_CHANNEL, endOnFailure: true },
      )
      // Give any background work a turn, then check nothing was left rejected.
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(unhandled).toEqual([])
    },
  )
})
