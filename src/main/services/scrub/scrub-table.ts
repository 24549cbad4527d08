import type { OptOutRecord } from '../../../shared/records'
import type { ScrubResultsPage, ScrubRow, ScrubRules, ScrubVerdict } from '../../../shared/scrub-result'
import type { RowStore, RowStoreColumns } from '../offline/row-store'
import { transferablesOf } from '../offline/row-store'
import { VERDICT_CODE, verdictOfCode } from './scrub-engine'
import { whyOf } from './scrub-rules'

/**
 * A finished scrub's rows in compact form: typed arrays per row, the phone cells packed into one
 * buffer, and only the matched opt-out records. About 30 bytes a row plus the phone text, so a
 * million-row scrub is kept in tens of MB (the last three are kept). It crosses from the worker with
 * its buffers moved, and rows are rebuilt as `ScrubRow`s only for the page asked for.
 */

/** Texts end to end as UTF-16 code units, and where each ends (in units). */
export interface PackedTexts {
  utf16: Uint8Array
  ends: Uint32Array
}

export function packTexts(texts: readonly string[]): PackedTexts {
  const ends = new Uint32Array(texts.length)
  let end = 0
  for (let at = 0; at < texts.length; at += 1) {
    end += (texts[at] as string).length
    ends[at] = end
  }
  const utf16 = new Uint8Array(end * 2)
  const bytes = Buffer.from(utf16.buffer, utf16.byteOffset, utf16.byteLength)
  let offset = 0
  for (const text of texts) offset += bytes.write(text, offset, 'utf16le')
  return { utf16, ends }
}

export function textAt(packed: PackedTexts, at: number): string {
  const start = at === 0 ? 0 : (packed.ends[at - 1] as number)
  const end = packed.ends[at] as number
  return Buffer.from(packed.utf16.buffer, packed.utf16.byteOffset, packed.utf16.byteLength).toString(
    'utf16le',
    start * 2,
    end * 2,
  )
}

/** The scrub's rows as plain, transferable data. */
export interface ScrubTableData {
  /** Per row, an index into SCRUB_VERDICTS. */
  verdict: Uint8Array
  /** E.164 digits as a number, NaN when invalid. */
  key: Float64Array
  firstRowOf: Int32Array
  /** The phone cell of each row, as in the file. */
  inputs: PackedTexts
  /** Why an invalid row is invalid: [row, text]. */
  problems: [number, string][]
  /** Matches of row i: matchRecords[matchStarts[i] … matchStarts[i + 1]), indexes into `records`. */
  matchStarts: Uint32Array
  matchRecords: Uint32Array
  records: RowStoreColumns
}

export function tableTransferables(data: ScrubTableData): ArrayBuffer[] {
  const arrays = [
    data.verdict,
    data.key,
    data.firstRowOf,
    data.inputs.utf16,
    data.inputs.ends,
    data.matchStarts,
    data.matchRecords,
  ]
  return [
    ...new Set([...arrays.map((array) => array.buffer as ArrayBuffer), ...transferablesOf(data.records)]),
  ]
}

/** A table with its records searchable: what main keeps and the output writer reads. */
export interface ScrubTable {
  readonly rows: number
  verdictAt(row: number): ScrubVerdict
  recordsAt(row: number): OptOutRecord[]
  e164At(row: number): string | null
  inputAt(row: number): string
  whyAt(row: number): string
  /** The 0-based rows of one verdict, in input order. */
  rowsOf(verdict: ScrubVerdict): Uint32Array
  rowAt(row: number): ScrubRow
  page(verdict: ScrubVerdict | 'all', offset: number, limit: number): ScrubResultsPage
  /** The data again, for the output writer (a copy is posted; main keeps its own). */
  data(): ScrubTableData
}

export function scrubTable(
  data: Omit<ScrubTableData, 'records'>,
  records: RowStore,
  rules: Pick<ScrubRules, 'campaignId' | 'purposeScoped'>,
): ScrubTable {
  const rows = data.verdict.length
  const problems = new Map(data.problems)
  const byVerdict = new Map<ScrubVerdict, Uint32Array>()

  const verdictAt = (row: number): ScrubVerdict => verdictOfCode(data.verdict[row] as number)
  const recordsAt = (row: number): OptOutRecord[] => {
    const found: OptOutRecord[] = []
    for (let at = data.matchStarts[row] as number; at < (data.matchStarts[row + 1] as number); at += 1) {
      found.push(records.record(data.matchRecords[at] as number))
    }
    return found
  }
  const e164At = (row: number): string | null => {
    const key = data.key[row] as number
    return key === key ? `+${key}` : null
  }
  const inputAt = (row: number): string => textAt(data.inputs, row)
  const whyAt = (row: number): string => {
    const verdict = verdictAt(row)
    const first = data.firstRowOf[row] as number
    return whyOf(verdict, recordsAt(row), rules, {
      problem: problems.get(row),
      firstRow: first + 1,
      firstVerdict: verdict === 'duplicate' ? verdictAt(first) : undefined,
    })
  }
  const rowAt = (row: number): ScrubRow => ({
    row: row + 1,
    input: inputAt(row),
    e164: e164At(row),
    verdict: verdictAt(row),
    why: whyAt(row),
    records: recordsAt(row),
  })
  const rowsOf = (verdict: ScrubVerdict): Uint32Array => {
    let found = byVerdict.get(verdict)
    if (!found) {
      const code = VERDICT_CODE[verdict]
      let total = 0
      for (let row = 0; row < rows; row += 1) if (data.verdict[row] === code) total += 1
      found = new Uint32Array(total)
      let at = 0
      for (let row = 0; row < rows; row += 1) if (data.verdict[row] === code) found[at++] = row
      byVerdict.set(verdict, found)
    }
    return found
  }

  return {
    rows,
    verdictAt,
    recordsAt,
    e164At,
    inputAt,
    whyAt,
    rowsOf,
    rowAt,
    page(verdict, offset, limit) {
      const selected = verdict === 'all' ? undefined : rowsOf(verdict)
      const total = selected?.length ?? rows
      const page: ScrubRow[] = []
      for (let at = offset; at < Math.min(total, offset + limit); at += 1) {
        page.push(rowAt(selected ? (selected[at] as number) : at))
      }
      return { total, offset, limit, rows: page }
    },
    data: () => ({ ...data, records: records.columns() }),
  }
}
