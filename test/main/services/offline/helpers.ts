import { readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { generateDemoRecords } from '../../../../src/main/services/demo-convoso/dataset'
import {
  runExport,
  type ExportSummary,
  type RunExportOptions,
} from '../../../../src/main/services/export/export-job'
import { openReportFile } from '../../../../src/main/services/offline'
import type { OpenedReport, OpenReportOptions } from '../../../../src/main/services/offline/types'
import type { OptOutRecord } from '../../../../src/shared/records'
import type { Result } from '../../../../src/shared/result'
import { listSearch, virtualClock } from '../export/helpers'
import { zipArchive } from './bombs'

export { tempDir } from '../export/helpers'

export const GENERATED_AT = new Date(Date.UTC(2025, 0, 2, 3, 4, 5))
export const API_BASE = 'http://127.0.0.1:9/v1'

function edge(id: string, overrides: Partial<OptOutRecord>): OptOutRecord {
  return {
    id,
    phone_number: '8181233567',
    phone_code: '1',
    reason: 'STOP',
    purpose: 'TELEMKT',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: '1001',
    campaign_name: 'Spring Renewals 2024',
    ...overrides,
  }
}

/**
 * Rows that break naive readers, each exactly as Convoso could send it; the
 * ids stay clear of the demo records' (2,700,001 and up) so none is a duplicate.
 */
export const EDGE_ROWS: readonly OptOutRecord[] = [
  edge('1', { reason: '=HYPERLINK("https://example.com/unsubscribe","click")' }),
  edge('2', { reason: '+1 replied STOP', purpose: '-NONE-', campaign_name: '@home' }),
  edge('3', { phone_number: '02079460000', phone_code: '44', campaign_id: '-1' }),
  edge('4', { reason: '  padded both sides  ', campaign_name: ' Leading space' }),
  edge('5', { reason: '   ', purpose: '' }),
  edge('6', { insert_date: '2024-01-01 00:00:00' }),
  edge('7', { insert_date: '2023-12-31 23:59:59' }),
  edge('8', { insert_date: '2024-03-15' }),
  edge('9', { insert_date: '2024-02-29 12:00:00', campaign_id: '0', campaign_name: '' }),
  edge('10', { reason: '', purpose: '', phone_code: '', campaign_name: '' }),
  edge('A-100', { reason: 'non-numeric id' }),
  edge('007', { reason: 'leading-zero id' }),
  edge('123456789012345', { reason: 'fifteen-digit id' }),
  edge('1234567890123456', { reason: 'sixteen-digit id' }),
  edge('11', { reason: 'Tom &amp; Jerry &lt;3 said "no" <b>bold</b> & more' }),
  edge('12', { reason: 'Café – 日本語 😀 Número', campaign_name: 'Café Loyalty' }),
  edge('13', { reason: 'Called in.\nAsked to be removed, twice' }),
  edge('14', { insert_date: '0000-00-00 00:00:00', campaign_id: '00', phone_number: '0' }),
  edge('15', { reason: '\tTabbed', campaign_id: '-0' }),
  edge('16', { reason: 'Quoted "STOP", then ,comma', phone_number: '+18181233567' }),
  edge('17', { insert_date: '2024-04-22T17:01:31' }),
  edge('-5', { reason: '-12', campaign_id: '999999999999999' }),
]

export function fixtureRecords(demoRows: number, seed = 4242): OptOutRecord[] {
  const demo = generateDemoRecords(demoRows, seed)
  // Edge rows at the start, in the middle and at the end of the file.
  const middle = Math.floor(demo.length / 2)
  return [
    ...EDGE_ROWS.slice(0, 8),
    ...demo.slice(0, middle),
    ...EDGE_ROWS.slice(8, 16),
    ...demo.slice(middle),
    ...EDGE_ROWS.slice(16),
  ]
}

export async function exportReport(
  dir: string,
  rows: readonly OptOutRecord[],
  format: 'xlsx' | 'csv',
  overrides: Partial<RunExportOptions> = {},
): Promise<{ path: string; summary: ExportSummary }> {
  const path = join(dir, `report.${format}`)
  const result = await runExport({
    search: listSearch(() => rows),
    params: {},
    scope: { kind: 'all' },
    format,
    filePath: path,
    appVersion: '9.8.7',
    apiBase: API_BASE,
    now: () => GENERATED_AT,
    clock: virtualClock().clock,
    ...overrides,
  })
  if (!result.ok) throw new Error(`fixture export failed: ${result.error.message}`)
  return { path: result.data.filePath, summary: result.data }
}

/** Open file descriptors of this process (Linux), to show a read let go of its file. */
export async function openFileCount(): Promise<number | undefined> {
  try {
    return (await readdir('/proc/self/fd')).length
  } catch {
    return undefined
  }
}

/**
 * How many of this process's file descriptors point at `path` (Linux; undefined elsewhere). Worker
 * threads open descriptors of their own (their event loop's), so a count of all of them moves as
 * workers come and go; this counts only the file's.
 */
export async function descriptorsOn(path: string): Promise<number | undefined> {
  let names: string[]
  try {
    names = await readdir('/proc/self/fd')
  } catch {
    return undefined
  }
  const targets = await Promise.all(
    names.map((name) => readlink(join('/proc/self/fd', name)).catch(() => '')),
  )
  return targets.filter((target) => target === path).length
}

/**
 * Opens a report and cancels it once `rows` rows are read. Returns what the
 * open answered, the row count at the cancel, and the open file count before
 * and shortly after, to show the cancel let go of the file.
 */
export async function openAndCancelAt(
  path: string,
  rows: number,
  options: OpenReportOptions = {},
): Promise<{
  result: Result<OpenedReport>
  rowsWhenCancelled: number
  filesBefore: number | undefined
  filesAfter: number | undefined
}> {
  const filesBefore = await openFileCount()
  const controller = new AbortController()
  let rowsWhenCancelled = 0
  const result = await openReportFile(path, {
    ...options,
    signal: controller.signal,
    onProgress: ({ rowsRead }) => {
      if (rowsRead >= rows && !controller.signal.aborted) {
        rowsWhenCancelled = rowsRead
        controller.abort()
      }
    },
  })
  await new Promise((resolve) => setTimeout(resolve, 50))
  return { result, rowsWhenCancelled, filesBefore, filesAfter: await openFileCount() }
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** A zip of stored (uncompressed) entries, for files that are zips but not workbooks. */
export function storedZip(entries: Record<string, string>): Buffer {
  return zipArchive(
    Object.entries(entries).map(([name, text]) => {
      const data = Buffer.from(text, 'utf8')
      return { name, data, method: 0, size: data.length, crc: crc32(data) }
    }),
  )
}
