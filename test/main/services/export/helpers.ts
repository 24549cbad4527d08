import yauzl, { type Entry } from 'yauzl'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { OptOutRecord, SearchPage } from '../../../../src/shared/records'
import { ok, type Result } from '../../../../src/shared/result'
import type { Clock } from '../../../../src/main/services/export/retry'

/** A clock whose sleeps take no time but are recorded; random is fixed so delays are exact. */
export function virtualClock(random = 0.5): { clock: Clock; sleeps: number[] } {
  let now = 1_000_000
  const sleeps: number[] = []
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms)
        now += ms
      },
      random: () => random,
    },
  }
}

export function record(id: number, overrides: Partial<OptOutRecord> = {}): OptOutRecord {
  return {
    id: String(id),
    phone_number: `0207946${String(id % 10000).padStart(4, '0')}`,
    phone_code: '44',
    reason: `Reason ${id}`,
    purpose: 'TELEMKT',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: '1001',
    campaign_name: 'Spring Renewals 2024',
    ...overrides,
  }
}

export function records(count: number, firstId = 1): OptOutRecord[] {
  return Array.from({ length: count }, (_, index) => record(firstId + index))
}

/** A search over an in-memory list, like Convoso's: a slice at offset, and the list's length as total. */
export function listSearch(
  rows: () => readonly OptOutRecord[],
): (offset: number, limit: number) => Promise<Result<SearchPage>> {
  return async (offset, limit) => {
    const all = rows()
    return ok({ offset, limit, total: all.length, records: all.slice(offset, offset + limit) })
  }
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'opt-out-desk-export-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

export const listDir = (dir: string): Promise<string[]> => readdir(dir).then((names) => names.sort())

/**
 * RFC 4180 parser, written for the tests only (so the writer is not checked with its own logic).
 * Records end with CRLF (what the app writes) or LF (what LibreOffice writes, which then
 * drops a stray CR outside quotes).
 */
export function parseCsv(text: string, lineEnd: '\r\n' | '\n' = '\r\n'): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"'
        index += 1
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (text.startsWith(lineEnd, index)) {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      index += lineEnd.length - 1
    } else if (!(lineEnd === '\n' && char === '\r')) field += char
  }
  if (field !== '' || row.length > 0) throw new Error('the CSV does not end with a line end')
  return rows
}

/** Resolves when `predicate` holds, checking on every turn of the event loop (no wall-clock waits). */
export async function until(predicate: () => boolean, turns = 100_000): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    if (predicate()) return
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error('condition never held')
}

/** One part of a zip (e.g. `xl/workbook.xml`) as text. */
export function zipEntryText(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) return reject(error)
      file.on('entry', (entry: Entry) => {
        if (entry.fileName !== name) return file.readEntry()
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError)
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
          stream.on('error', reject)
        })
      })
      file.on('end', () => reject(new Error(`${name} is not in the zip`)))
      file.readEntry()
    })
  })
}

/** Whether LibreOffice's `soffice` runs here (Debian: libreoffice-calc-nogui; CI installs it). */
export function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 })
    return true
  } catch {
    return false
  }
}
