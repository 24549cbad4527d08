import ExcelJS from 'exceljs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { normaliseNumbers, recordKey } from '../src/main/services/send-list/normalise'
import { readSendList } from '../src/main/services/send-list/read-send-list'
import { usWritten } from './us-numbers'

/**
 * Importing a send list: normalising 1,000,000 numbers (target: well under 20 s, so a 1M-row scrub
 * fits 30 s) in the shapes lists come in, and the record side (`recordKey`) over 1,000,000
 * Convoso records (target: well under a second). Reading the file is measured separately below.
 */

const ROWS = Number(process.env['OPT_OUT_DESK_BENCH_SEND_LIST_ROWS'] ?? 1_000_000)

function usRows(): string[][] {
  return Array.from({ length: ROWS }, (_, index) => {
    const digits = `${200 + (index % 700)}${String(2_000_000 + ((index * 7919) % 7_000_000)).padStart(7, '0')}`
    return [`Name ${index}`, usWritten(digits, index)]
  })
}

function ukRows(): string[][] {
  return Array.from({ length: ROWS }, (_, index) => {
    const national = `7${String(100_000_000 + ((index * 104_729) % 899_999_999)).padStart(9, '0')}`
    const shape = index % 3
    const cell =
      shape === 0
        ? `0${national.slice(0, 4)} ${national.slice(4)}`
        : shape === 1
          ? `+44 ${national.slice(0, 4)} ${national.slice(4)}`
          : `0044${national}`
    return [`Name ${index}`, cell]
  })
}

function time(run: () => void): number {
  const start = performance.now()
  run()
  return Math.round(performance.now() - start)
}

async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await run()
  return Math.round(performance.now() - start)
}

/** A list as people keep them: name, email, phone, city. */
async function writeLists(dir: string, rows: string[][]): Promise<{ csv: string; xlsx: string }> {
  const csv = join(dir, 'list.csv')
  const lines = rows.map(([name, phone], index) => `${name},user${index}@example.com,${phone},Leeds`)
  await writeFile(csv, `Name,Email,Phone,City\n${lines.join('\n')}\n`)
  const xlsx = join(dir, 'list.xlsx')
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true })
  const sheet = workbook.addWorksheet('List')
  sheet.addRow(['Name', 'Email', 'Phone', 'City']).commit()
  rows.forEach(([name, phone], index) =>
    sheet.addRow([name, `user${index}@example.com`, phone, 'Leeds']).commit(),
  )
  sheet.commit()
  await workbook.commit()
  return { csv, xlsx }
}

export async function run(): Promise<Record<string, number>> {
  const results: Record<string, number> = { rows: ROWS }
  const us = usRows()
  results['normalise US list (10 digits, (818) …, +1 …, 1-818-…), ms'] = time(() =>
    normaliseNumbers(us, { phoneColumn: 1, codeColumn: null, defaultCountry: 'US' }),
  )
  const uk = ukRows()
  results['normalise UK list (07…, +44, 0044), ms'] = time(() =>
    normaliseNumbers(uk, { phoneColumn: 1, codeColumn: null, defaultCountry: 'GB' }),
  )
  const records = us.map((_, index) => [
    '1',
    `${200 + (index % 700)}${String(2_000_000 + index).padStart(7, '0')}`,
  ])
  let sum = 0
  results['recordKey over as many Convoso records, ms'] = time(() => {
    for (const [code, number] of records) sum += recordKey(code ?? '', number ?? '')
  })
  if (Number.isNaN(sum)) results['records without a key'] = 1
  const dir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-send-list-'))
  try {
    const { csv, xlsx } = await writeLists(dir, uk)
    results['readSendList, CSV of 4 columns, ms'] = await timeAsync(() => readSendList(csv))
    results['readSendList, XLSX of 4 columns (shared strings, streamed), ms'] = await timeAsync(() =>
      readSendList(xlsx),
    )
    const before = process.memoryUsage().heapUsed
    const list = await readSendList(xlsx)
    results['heap held by the XLSX list once read, MB'] = Math.round(
      (process.memoryUsage().heapUsed - before) / 2 ** 20,
    )
    if (list.rows.length !== ROWS) results['rows read differ'] = list.rows.length
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return results
}
