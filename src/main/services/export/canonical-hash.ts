import { createHash, type Hash } from 'node:crypto'
import { RECORD_FIELDS, type OptOutRecord } from '../../../shared/records'

/**
 * The row hash printed in every report, so anyone can check later that the
 * rows are the ones Convoso sent, independently of how a spreadsheet or CSV
 * reader formats them.
 *
 * Canonical form "opt-out-desk/rows-v1" (CANONICAL_FORM_ID):
 *   - For each row, in the order the rows are written to the report:
 *       the eight fields id, phone_code, phone_number, reason, purpose,
 *       insert_date, campaign_id, campaign_name (RECORD_FIELDS order),
 *       each exactly as Convoso sent it (a string, no trimming or conversion),
 *       each encoded as a JSON string (ECMAScript JSON.stringify of the string:
 *       `"` around it; `"` and `\` backslash-escaped; U+0008, U+0009, U+000A,
 *       U+000C, U+000D as \b \t \n \f \r; other code points below U+0020 and
 *       lone surrogates as \u followed by four lower-case hex digits; everything
 *       else as itself),
 *       joined by `,` and followed by a single `\n` (U+000A).
 *   - The concatenation of all rows, encoded as UTF-8, hashed with SHA-256,
 *     written as 64 lower-case hex digits.
 *   - No rows: the SHA-256 of nothing, e3b0c442…b855.
 *   - Fields Convoso sent that the app does not know (`extra`) are not part of it.
 * Example: one row id "1", phone_code "1", phone_number "0207", reason `Said "no"`,
 * purpose "", insert_date "2024-01-01 00:00:00", campaign_id "0", campaign_name ""
 * is the line  "1","1","0207","Said \"no\"","","2024-01-01 00:00:00","0",""⏎
 */
export const CANONICAL_FORM_ID = 'opt-out-desk/rows-v1'

export const CANONICAL_FORM_DESCRIPTION =
  'SHA-256 over UTF-8 text: for each row in written order, the 8 fields ' +
  `(${RECORD_FIELDS.join(', ')}) exactly as Convoso sent them, each as a JSON string, ` +
  'joined by "," and ended by "\\n". Independent of XLSX/CSV formatting; computed on the original values.'

/** One row in canonical form, newline included. */
export function canonicalRowLine(record: OptOutRecord): string {
  let line = ''
  for (let index = 0; index < RECORD_FIELDS.length; index += 1) {
    const field = RECORD_FIELDS[index] as (typeof RECORD_FIELDS)[number]
    if (index > 0) line += ','
    line += JSON.stringify(record[field])
  }
  return `${line}\n`
}

export interface RowHasher {
  update(rows: readonly OptOutRecord[]): void
  /** Lower-case hex; ends the hasher. */
  digest(): string
}

export function createRowHasher(): RowHasher {
  const hash: Hash = createHash('sha256')
  return {
    update(rows) {
      // One update per page: a million tiny updates cost more than the hashing itself.
      let chunk = ''
      for (const row of rows) chunk += canonicalRowLine(row)
      if (chunk !== '') hash.update(chunk, 'utf8')
    },
    digest: () => hash.digest('hex'),
  }
}

export function hashRows(rows: readonly OptOutRecord[]): string {
  const hasher = createRowHasher()
  hasher.update(rows)
  return hasher.digest()
}
