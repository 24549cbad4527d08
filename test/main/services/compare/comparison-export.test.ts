import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashRows } from '../../../../src/main/services/export/canonical-hash'
import type { CompareOutcome } from '../../../../src/shared/compare'
import { RECORD_FIELD_LABELS, RECORD_FIELDS, type OptOutRecord } from '../../../../src/shared/records'
import { harness, JUNE, MARCH, marchAndJune, path, tempDir, writeReport } from './helpers'

/**
 * A comparison saved as a report of its own, read back with exceljs and
 * csv-parse: every list, both sources' hashes and verdicts, each list's row
 * hash recomputed from the records, and the file hashes from the bytes.
 */

let dir: string
let cleanup: () => Promise<void>
let h: ReturnType<typeof harness>
let outcome: CompareOutcome
let march: OptOutRecord[]
let june: OptOutRecord[]

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  ;({ march, june } = marchAndJune())
  // A formula-like reason among the added records: text in the workbook, guarded in the CSV.
  june = june.map((row) => (row.id === '105' ? { ...row, reason: '=HYPERLINK("x")' } : row))
  const older = await writeReport(dir, 'march.xlsx', march, MARCH)
  const newer = await writeReport(dir, 'june.csv', june, JUNE)
  h = harness()
  outcome = await h.outcome(path(older), path(newer))
})
afterEach(() => cleanup())

const byId = (rows: OptOutRecord[], ...ids: string[]): OptOutRecord[] =>
  ids.map((id) => rows.find((row) => row.id === id) as OptOutRecord)
const addedIds = Array.from({ length: 10 }, (_, at) => String(100 + at))
/** Each list's records in list order, as its row hash covers them (changed: before, then after). */
function expectedHashes(): Record<string, string> {
  return {
    removed: hashRows(byId(march, '3', '4')),
    changed: hashRows([...byId(march, '7'), ...byId(june, '7')]),
    added: hashRows(byId(june, ...addedIds)),
    're-entered': hashRows(byId(june, '100')),
    'back-dated': hashRows(byId(june, '101')),
  }
}
const sha256 = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex')

function reportValues(sheet: ExcelJS.Worksheet): Map<string, string[]> {
  const values = new Map<string, string[]>()
  sheet.eachRow((row) => {
    const label = String(row.getCell(1).value)
    values.set(label, [...(values.get(label) ?? []), String(row.getCell(2).value)])
  })
  return values
}

describe('exporting a comparison', () => {
  it('writes one workbook: a sheet per list and a Report sheet naming both sources, their hashes and verdicts', async () => {
    const target = join(dir, 'comparison.xlsx')
    h.dialogs.nextReportPath = target
    const saved = await h.service.export({ compareId: outcome.compareId, format: 'xlsx' })
    if (!saved.ok || !saved.data) throw new Error(`export failed: ${JSON.stringify(saved)}`)
    expect(h.dialogs.suggestedNames[0]).toMatch(
      /^opt-out-comparison_2026-03-01_to_2026-06-01_2026-11-30_\d{4}\.xlsx$/,
    )
    const [file] = saved.data.files
    expect(file).toMatchObject({ path: target, sha256: await sha256(target), rows: 2 + 1 + 10 + 1 + 1 })
    expect(Object.fromEntries((file?.lists ?? []).map((list) => [list.list, list.sha256]))).toEqual(
      expectedHashes(),
    )

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(target)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Removed',
      'Changed',
      'Added',
      'Re-entered',
      'Back-dated',
      'Report',
    ])
    const rowsOf = (name: string): unknown[][] => {
      const rows: unknown[][] = []
      workbook.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
      return rows
    }
    expect(
      rowsOf('Removed')
        .slice(1)
        .map((row) => row[0]),
    ).toEqual([3, 4])
    expect(rowsOf('Added')).toHaveLength(11)
    expect(rowsOf('Added')[6]?.[3]).toBe('=HYPERLINK("x")')
    expect(rowsOf('Changed')[0]?.slice(0, 4)).toEqual([
      'Record ID',
      'Changed fields',
      'Phone code before',
      'Phone code after',
    ])
    const changed = rowsOf('Changed')[1] ?? []
    expect(changed.slice(0, 2)).toEqual([7, 'Reason'])
    expect(changed.slice(6, 8)).toEqual(['Reason 7', 'Edited in Convoso'])
    expect(rowsOf('Re-entered')[1]?.slice(-2)).toEqual(['4', '2024-04-22 17:01:31'])
    expect(rowsOf('Back-dated')[1]?.[5]).toEqual(new Date(Date.UTC(2026, 0, 15, 8, 0, 0)))

    const report = reportValues(workbook.getWorksheet('Report') as ExcelJS.Worksheet)
    expect(report.get('Older report: file')).toEqual(['march.xlsx'])
    expect(report.get('Newer report: file')).toEqual(['june.csv'])
    expect(report.get('Older report: row hash recorded (SHA-256)')).toEqual([outcome.older.recordedSha256])
    expect(report.get('Older report: row hash of its rows as read (SHA-256)')).toEqual([
      outcome.older.actualSha256,
    ])
    expect(report.get('Newer report: row hash recorded (SHA-256)')).toEqual([outcome.newer.recordedSha256])
    expect(report.get('Newer report: integrity')?.[0]).toMatch(/^intact: /)
    expect(report.get('Summary')).toEqual([outcome.summary])
    expect(report.get('Removed')).toEqual(['2'])
    expect(report.get('Changed: row hash (SHA-256)')).toEqual([expectedHashes()['changed']])
    expect(report.get('App version')).toEqual(['1.2.3'])
  })

  it('writes a CSV per list, each with a .report.json holding its row hash, the file hash and both sources', async () => {
    h.dialogs.nextReportPath = join(dir, 'out', '..', 'comparison.csv')
    const saved = await h.service.export({ compareId: outcome.compareId, format: 'csv' })
    if (!saved.ok || !saved.data) throw new Error(`export failed: ${JSON.stringify(saved)}`)
    expect(saved.data.files.map((file) => file.path)).toEqual(
      ['removed', 'changed', 'added', 're-entered', 'back-dated'].map((list) =>
        join(dir, `comparison - ${list}.csv`),
      ),
    )
    const hashes = expectedHashes()
    for (const file of saved.data.files) {
      const list = file.lists[0]?.list ?? ''
      const bytes = await readFile(file.path)
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
      const rows = parse(bytes.toString('utf8').replace(/^\uFEFF/, ''), {
        relax_column_count: false,
      }) as string[][]
      expect(rows.length - 1).toBe(file.rows)
      const json = JSON.parse(await readFile(file.path.replace(/\.csv$/, '.report.json'), 'utf8')) as Record<
        string,
        never
      >
      expect(json).toMatchObject({
        kind: 'opt-out-desk/comparison-report',
        list,
        rowsWritten: file.rows,
        rowsHash: { canonicalForm: 'opt-out-desk/rows-v1', value: hashes[list] },
        file: { sha256: file.sha256, bytes: bytes.length },
        older: { fileName: 'march.xlsx', recordedSha256: outcome.older.recordedSha256 },
        newer: { fileName: 'june.csv', actualSha256: outcome.newer.actualSha256, integrity: 'intact' },
      })
      if (list === 'added') {
        expect(rows[0]).toEqual(RECORD_FIELDS.map((field) => RECORD_FIELD_LABELS[field]))
        expect(rows.map((row) => row[0])).toEqual(['Record ID', ...addedIds])
        expect(rows[6]?.[3]).toBe(`'=HYPERLINK("x")`)
        expect(json['formulaCellsNeutralised']).toBe(1)
      }
    }
  })

  it('writes nothing when the save dialog is closed, or when replacing files is declined', async () => {
    h.dialogs.nextReportPath = null
    expect(await h.service.export({ compareId: outcome.compareId, format: 'xlsx' })).toEqual({
      ok: true,
      data: null,
    })
    h.dialogs.nextReportPath = join(dir, 'again.csv')
    expect((await h.service.export({ compareId: outcome.compareId, format: 'csv' })).ok).toBe(true)
    const before = (await readdir(dir)).sort()
    h.dialogs.confirmReplaceAnswer = false
    expect(await h.service.export({ compareId: outcome.compareId, format: 'csv' })).toEqual({
      ok: true,
      data: null,
    })
    expect(h.dialogs.replaceQuestions[0]).toMatch(/^again - removed\.csv, again - removed\.report\.json/)
    expect((await readdir(dir)).sort()).toEqual(before)
  })

  it('refuses a comparison that is not kept', async () => {
    expect(await h.service.export({ compareId: 'nope', format: 'xlsx' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: /no longer kept/ },
    })
  })

  it('says so when the folder cannot be written, and leaves no file', async () => {
    h.dialogs.nextReportPath = join(dir, 'no-such-folder', 'comparison.xlsx')
    const saved = await h.service.export({ compareId: outcome.compareId, format: 'xlsx' })
    expect(saved).toMatchObject({
      ok: false,
      error: {
        kind: 'file-system',
        message: /^Could not write the comparison report: the folder no longer exists/,
      },
    })
    expect(await readdir(dir)).toEqual(['june.csv', 'june.report.json', 'march.xlsx'])
  })
})
