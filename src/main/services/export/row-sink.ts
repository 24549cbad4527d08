import type { Writable } from 'node:stream'
import type { ReportFormat } from '../../../shared/exports'
import type { OptOutRecord } from '../../../shared/records'
import { createRowHasher } from './canonical-hash'
import { createCsvWriter } from './csv-writer'
import type { OutputGuard } from './output-file'
import type { ExportMetadata } from './report'
import { createXlsxWriter } from './xlsx-writer'

/**
 * Where an export's rows go once main has fetched and de-duplicated them: the
 * XLSX or CSV writer and the canonical row hash. The same sink runs on main's
 * thread (over the file) or in the export-writer worker (over a stream whose
 * bytes go back to main, see export-writer-worker.ts); the pipeline sees only this.
 */

export interface SinkTotals {
  /** Rows the writer wrote. */
  rowsWritten: number
  sha256: string
  cellsAlteredByXlsx?: number
  formulaCellsNeutralised?: number
}

export interface SinkFinish {
  /** CSV only: what the writer wrote, and the SHA-256 of those bytes. */
  csvBytes?: number
  fileSha256?: string
}

export interface RowSink {
  /** Resolves once the sink can take the next page (in a worker: a page may still be in flight). */
  writeRows(rows: readonly OptOutRecord[]): Promise<void>
  /** After the last page: what was written, and the row hash. */
  totals(): Promise<SinkTotals>
  /** Writes the closing parts (the Report sheet) and ends the output. */
  finish(metadata: ExportMetadata): Promise<SinkFinish>
  /** Stops after a failure or a cancel; the caller removes the file. */
  abort(): void
}

export interface SinkOptions {
  format: ReportFormat
  created: Date
}

/** What differs between the formats: the writer, its own counts, and how the file is closed. */
interface FormatPart {
  writeRows(rows: readonly OptOutRecord[]): Promise<void>
  totals(): Omit<SinkTotals, 'sha256'>
  finish(metadata: ExportMetadata): Promise<SinkFinish>
  abort(): void
}

function xlsxPart(output: Writable, guard: OutputGuard, created: Date): FormatPart {
  const xlsx = createXlsxWriter(output, guard, { created })
  return {
    writeRows: (rows) => xlsx.writeRows(rows),
    totals: () => ({ rowsWritten: xlsx.rowsWritten, cellsAlteredByXlsx: xlsx.cellsAlteredByXlsx }),
    async finish(metadata) {
      try {
        await xlsx.finish(metadata)
      } catch (error) {
        xlsx.abort()
        throw error
      }
      return {}
    },
    abort: () => xlsx.abort(),
  }
}

function csvPart(output: Writable, guard: OutputGuard): FormatPart {
  const csv = createCsvWriter(output, guard)
  return {
    writeRows: (rows) => csv.writeRows(rows),
    totals: () => ({ rowsWritten: csv.rowsWritten, formulaCellsNeutralised: csv.formulaCellsNeutralised }),
    async finish() {
      await csv.finish()
      return { csvBytes: csv.bytesWritten, fileSha256: csv.fileSha256() }
    },
    // The CSV writer holds nothing of its own; the caller closes and removes the file.
    abort: () => undefined,
  }
}

export function createLocalSink(output: Writable, guard: OutputGuard, options: SinkOptions): RowSink {
  const hasher = createRowHasher()
  const part = options.format === 'xlsx' ? xlsxPart(output, guard, options.created) : csvPart(output, guard)
  return {
    async writeRows(rows) {
      hasher.update(rows)
      await part.writeRows(rows)
    },
    async totals() {
      return { ...part.totals(), sha256: hasher.digest() }
    },
    finish: (metadata) => part.finish(metadata),
    abort: () => part.abort(),
  }
}
