import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { READ_LIMITS, ReadBudget, TooLarge } from '../../../../src/main/services/offline/read-limits'
import { headerRow, SHEET_HEAD, SHEET_TAIL, workbookWith, type BombPart } from './bombs'

/**
 * Hostile workbooks opened by the real reader in a child Node process whose
 * heap is capped at 256 MB: a bound that does not hold kills the child
 * ("Reached heap limit") or makes it answer anything but the report-file
 * message. Each must fail cleanly, with the message, and exit 0.
 */

const HEAP_MB = 256
const CHILD = join(__dirname, 'open-in-child.ts')
const TOO_LARGE = 'is larger than any report Opt-Out Desk writes'
const SST_HEAD = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-bounds-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

interface ChildOutcome {
  exitCode: number
  stderr: string
  answer?: { ok: boolean; error?: { kind: string; message: string }; heapUsed: number }
}

function openInChild(path: string): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', CHILD, path],
      { maxBuffer: 1024 * 1024, timeout: 240_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        const line = stdout.trim().split('\n').at(-1)
        let answer: ChildOutcome['answer']
        try {
          answer = line ? (JSON.parse(line) as ChildOutcome['answer']) : undefined
        } catch {
          answer = undefined
        }
        resolve({ exitCode, stderr, answer })
      },
    )
  })
}

const simpleSheet: BombPart = { head: SHEET_HEAD + headerRow(), tail: SHEET_TAIL }

const BOMBS: { name: string; build: () => Buffer; reason: RegExp }[] = [
  {
    name: 'shared-strings bomb: 1.1 GB of shared text in a 4 MB file',
    build: () =>
      workbookWith(simpleSheet, {
        head: SST_HEAD,
        middle: `<si><t>${'A'.repeat(90)}</t></si>`,
        repeat: 11_000_000,
        tail: '</sst>',
      }),
    reason: /a part of the file unpacks to more than 64 MB/,
  },
  {
    name: 'shared-strings bomb: 2.1 million distinct entries, each part under its size bound',
    build: () =>
      workbookWith(simpleSheet, {
        head: SST_HEAD,
        middle: (index) => `<si><t>${1_000_000 + index}</t></si>`,
        repeat: 2_100_000,
        tail: '</sst>',
      }),
    reason: /its shared text holds more than 2,002,002 entries/,
  },
  {
    name: 'too many rows: 1,100,000 data rows',
    build: () =>
      workbookWith({
        head: SHEET_HEAD + headerRow(),
        middle: (index) => `<row r="${index + 2}"><c r="A${index + 2}"><v>${index}</v></c></row>`,
        repeat: 1_100_000,
        tail: SHEET_TAIL,
      }),
    reason: /it holds more than 1,001,000 data rows/,
  },
  {
    name: 'too many rows: 1,100,000 empty rows, more than Excel allows',
    build: () =>
      workbookWith({
        head: SHEET_HEAD + headerRow(),
        middle: (index) => `<row r="${index + 2}"/>`,
        repeat: 1_100_000,
        tail: SHEET_TAIL,
      }),
    reason: /a sheet has more than 1,048,576 rows/,
  },
  {
    name: 'huge cell: one cell of 1 GB, its zip directory claiming 100 MB',
    build: () =>
      workbookWith({
        head: `${SHEET_HEAD}${headerRow()}<row r="2"><c r="A2" t="inlineStr"><is><t>`,
        middle: 'A',
        repeat: 1024 * 1024 * 1024,
        tail: `</t></is></c></row>${SHEET_TAIL}`,
        claimedSize: 100 * 1024 * 1024,
      }),
    reason: /a cell holds more than 32,767 characters/,
  },
  {
    name: 'high-ratio entry: a sheet that inflates 1,000 times',
    build: () =>
      workbookWith({
        head: SHEET_HEAD + headerRow(),
        middle: '<row r="2"><c r="A2" s="0"/></row>',
        repeat: 5_000_000,
        tail: SHEET_TAIL,
      }),
    reason: /a part of the file unpacks to more than 200 times its size/,
  },
]

describe(`opening a hostile workbook in a ${HEAP_MB} MB heap fails cleanly with "larger than any report"`, () => {
  for (const bomb of BOMBS) {
    it(
      bomb.name,
      async () => {
        const path = join(dir, 'bomb.xlsx')
        await writeFile(path, bomb.build())
        const outcome = await openInChild(path)
        expect(outcome.stderr).not.toMatch(/heap limit|out of memory/i)
        expect(outcome.exitCode).toBe(0)
        expect(outcome.answer?.ok).toBe(false)
        expect(outcome.answer?.error?.kind).toBe('report-file')
        expect(outcome.answer?.error?.message).toContain(`bomb.xlsx ${TOO_LARGE}`)
        expect(outcome.answer?.error?.message).toMatch(bomb.reason)
        expect(outcome.answer?.error?.message).not.toMatch(/Invalid string length|Cannot read properties/)
        await rm(path)
      },
      300_000,
    )
  }
})

describe('the inflate guard', () => {
  const entry = { fileName: 'xl/sharedStrings.xml', compressedSize: 1024 * 1024, uncompressedSize: 2048 }

  it('counts the bytes that stream, not what the zip directory claims', async () => {
    const budget = new ReadBudget()
    let passed = 0
    const chunk = Buffer.from(`<si><t>${'x'.repeat(100)}</t></si>`.repeat(5_000))
    const endless = Readable.from(
      (function* () {
        for (;;) yield chunk
      })(),
    )
    const count = new Transform({
      transform(data: Buffer, _encoding, callback) {
        passed += data.length
        callback()
      },
    })
    const failure = await pipeline(endless, budget.guard(entry, 'shared-strings'), count).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(TooLarge)
    expect(passed).toBeLessThanOrEqual(READ_LIMITS.maxSharedStringsBytes)
    expect(passed).toBeGreaterThan(READ_LIMITS.maxSharedStringsBytes - 2 * chunk.length)
  })

  it('refuses a part whose directory entry already says it is too large, before inflating it', () => {
    const budget = new ReadBudget()
    expect(() =>
      budget.checkEntry(
        { ...entry, uncompressedSize: READ_LIMITS.maxSharedStringsBytes + 1 },
        'shared-strings',
      ),
    ).toThrow(TooLarge)
  })
})
