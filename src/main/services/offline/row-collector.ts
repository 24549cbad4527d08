import { createHash } from 'node:crypto'
import type { OptOutRecord } from '../../../shared/records'
import { canonicalRowLine } from '../export/canonical-hash'
import type { OpenProgress } from './types'
import { READ_LIMITS, tooManyRows } from './read-limits'
import { cancelled } from './report-errors'
import { createRowStoreBuilder, type RowStore, type RowStoreBuilder } from './row-store'

/**
 * Where both readers put each row as it is read: into the column store, into
 * the canonical hash (in file order, as the writer hashed them), and into the
 * progress count. A cancel is noticed here, between two rows.
 */

export const PROGRESS_EVERY_ROWS = 1000
const HASH_CHUNK_CHARS = 8 * 1024

/**
 * Spreadsheets keep formatted but empty rows (and write them to CSV as a line
 * of commas); an opt-out record always has something in it, so such rows are skipped.
 */
export function isBlankRecord(record: OptOutRecord): boolean {
  return (
    record.id === '' &&
    record.phone_number === '' &&
    record.phone_code === '' &&
    record.reason === '' &&
    record.purpose === '' &&
    record.insert_date === '' &&
    record.campaign_id === '' &&
    record.campaign_name === ''
  )
}

export interface RowCollector {
  /** Sizes the store up front when the report says how many rows it holds. */
  expectRows(rows: number): void
  add(record: OptOutRecord): void
  /** Bytes of the file read so far, as the reader knows it; shown with the next progress. */
  bytesRead: number
  readonly rowsRead: number
  finish(): { store: RowStore; sha256: string }
}

export interface CollectorOptions {
  totalBytes: number
  signal?: AbortSignal
  onProgress?: (progress: OpenProgress) => void
}

export function createRowCollector(options: CollectorOptions): RowCollector {
  const { totalBytes, signal, onProgress } = options
  // The canonical lines of canonical-hash.ts, hashed in chunks: a million tiny updates cost more than
  // the hashing, and holding the rows themselves for a batch (as createRowHasher takes them) kept them
  // alive long enough to be promoted to the old generation, doubling the read's garbage-collection time.
  const hash = createHash('sha256')
  let pending = ''
  // Made here, before the first row, not on it: created lazily from inside the row loop, a 1M-row read
  // ran 24 full garbage collections instead of 3 and took 28% longer (measured; V8's own reasons).
  let builder: RowStoreBuilder = createRowStoreBuilder(0)
  let rowsRead = 0

  const report = (bytesRead: number): void => {
    try {
      onProgress?.({ bytesRead: Math.min(totalBytes, Math.round(bytesRead)), totalBytes, rowsRead })
    } catch {
      // A failing progress listener must not fail the open.
    }
  }

  const collector: RowCollector = {
    bytesRead: 0,
    get rowsRead() {
      return rowsRead
    },
    expectRows(rows) {
      // The count comes from the file itself: never sized past what a report can hold.
      if (builder.length === 0) builder = createRowStoreBuilder(Math.min(rows, READ_LIMITS.maxDataRows))
    },
    add(record) {
      if (rowsRead >= READ_LIMITS.maxDataRows) throw tooManyRows()
      builder.append(record)
      pending += canonicalRowLine(record)
      rowsRead += 1
      if (pending.length >= HASH_CHUNK_CHARS) {
        hash.update(pending, 'utf8')
        pending = ''
      }
      if (rowsRead % PROGRESS_EVERY_ROWS === 0) {
        if (signal?.aborted) throw cancelled()
        report(collector.bytesRead)
      }
    },
    finish() {
      if (pending !== '') hash.update(pending, 'utf8')
      pending = ''
      report(totalBytes)
      return { store: builder.finish(), sha256: hash.digest('hex') }
    },
  }
  return collector
}
