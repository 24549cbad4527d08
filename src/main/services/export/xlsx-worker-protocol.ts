import type { AppError } from '../../../shared/result'
import type { ExportMetadata } from './report'
import type { PreparedRows } from './xlsx-cells'

/**
 * The messages between the export pipeline (main thread) and the XLSX writer
 * in its worker thread. Both ends are this app's own code, built together, so
 * the types are the contract; nothing here crosses the IPC boundary.
 */

export interface XlsxWorkerData {
  created: Date
}

export type ToXlsxWorker =
  | { kind: 'rows'; prepared: PreparedRows }
  | { kind: 'finish'; metadata: ExportMetadata }
  /** Main took the oldest unacknowledged bytes: the worker's output may accept more. */
  | { kind: 'bytes-taken' }

export type FromXlsxWorker =
  /** A piece of the .xlsx file, in order; main writes it and answers `bytes-taken`. */
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'rows-written'; rowsWritten: number; cellsAltered: number }
  /** The workbook is complete: every byte was sent before this message. */
  | { kind: 'finished'; rowsWritten: number; cellsAltered: number }
  | { kind: 'failed'; error: AppError }
