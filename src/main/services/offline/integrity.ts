import type { ReportFormat } from '../../../shared/exports'
import type { ReportIntegrity } from './types'
import { knowsHashMethod, type MetadataLookup } from './report-metadata'

/**
 * The verdict on an opened report, and the sentence or two the banner shows
 * for it. The row hash decides: it covers the values Convoso sent, so it holds
 * across a re-save that only changed formatting, and fails for any changed,
 * added, removed or reordered row. The CSV's file hash is reported beside it
 * as a second, stricter fact (any byte), never instead of it.
 */

export interface IntegrityInput {
  format: ReportFormat
  metadata: MetadataLookup
  /** Name of the `.report.json` the CSV's metadata lives in, for the messages. */
  reportJsonName?: string
  rowsRead: number
  actualSha256: string
  /** CSV: SHA-256 of the file's bytes as read. */
  fileSha256?: string
  /** CSV: cells whose leading `'` was taken off as the writer's formula guard. */
  csvApostrophesRemoved?: number
}

export interface IntegrityVerdict {
  integrity: ReportIntegrity
  detail: string
}

const count = (value: number): string => value.toLocaleString('en-US')
const rows = (value: number): string => `${count(value)} ${value === 1 ? 'row' : 'rows'}`

export const NOT_MADE_BY_APP =
  'Not made by Opt-Out Desk, or its report file is missing: its rows cannot be checked.'

function rowDifference(rowsRead: number, recorded: number | undefined): string {
  if (recorded === undefined) return 'at least one row was changed, added, removed or moved.'
  if (rowsRead < recorded) return `${rows(recorded - rowsRead)} fewer than the ${count(recorded)} recorded.`
  if (rowsRead > recorded) return `${rows(rowsRead - recorded)} more than the ${count(recorded)} recorded.`
  return `the ${count(recorded)} rows are all there, but at least one value was changed or rows were moved.`
}

export function assessIntegrity(input: IntegrityInput): IntegrityVerdict {
  const lookup = input.metadata
  if (lookup.kind === 'missing') {
    const where =
      input.format === 'csv' && input.reportJsonName
        ? ` (Opt-Out Desk writes ${input.reportJsonName} beside each CSV it exports.)`
        : ''
    return { integrity: 'unverified', detail: NOT_MADE_BY_APP + where }
  }
  if (lookup.kind === 'unreadable') {
    return {
      integrity: 'unverified',
      detail:
        `Its report file ${input.reportJsonName ?? ''} ${lookup.reason}, so its rows cannot be checked.`.replace(
          /\s+/g,
          ' ',
        ),
    }
  }

  const metadata = lookup.metadata
  const recorded = metadata.recordedSha256
  if (recorded === undefined) {
    return {
      integrity: 'unverified',
      detail: 'The row hash recorded in the report is missing or unreadable, so its rows cannot be checked.',
    }
  }
  if (!knowsHashMethod(metadata)) {
    return {
      integrity: 'unverified',
      detail:
        `The report's rows were hashed with a method this version does not know (${metadata.hashMethod}). ` +
        'Open it with a newer Opt-Out Desk to check it.',
    }
  }

  const fileRecorded = metadata.file?.sha256
  const fileSame =
    input.fileSha256 !== undefined && fileRecorded !== undefined && input.fileSha256 === fileRecorded
  const fileNote = (): string => {
    if (input.format !== 'csv' || input.fileSha256 === undefined) return ''
    if (fileRecorded === undefined) return ' The file hash recorded beside it is missing.'
    return fileSame
      ? ' The file is byte for byte as it was written.'
      : " The file's SHA-256 also differs from the one recorded."
  }

  if (input.actualSha256 === recorded) {
    if (input.format === 'csv' && fileRecorded !== undefined && !fileSame) {
      return {
        integrity: 'intact',
        detail:
          'Every row matches the hash recorded when the report was made. The file itself was re-saved ' +
          '(its bytes differ from those written, e.g. by a spreadsheet), but no value changed.',
      }
    }
    return {
      integrity: 'intact',
      detail: `Every row matches the hash recorded when the report was made.${fileNote()}`.trim(),
    }
  }

  const altered = metadata.cellsAlteredByXlsx ?? 0
  if (input.format === 'xlsx' && altered > 0) {
    return {
      integrity: 'unverified',
      detail:
        `The rows do not match the recorded hash, but the report says ${count(altered)} ` +
        `${altered === 1 ? 'cell' : 'cells'} could not be stored exactly in XLSX (control characters or ` +
        'over-long text), and the hash covers the original values. Whether anything else changed cannot be told; ' +
        'a CSV export keeps the exact text.',
    }
  }
  if (fileSame) {
    // The bytes are the app's own, so the difference is in reading them back: a value that itself
    // began with ' before formula-like text cannot be told from one the writer protected.
    return {
      integrity: 'unverified',
      detail:
        'The file is byte for byte as it was written, but its rows do not read back to the recorded hash: ' +
        `${count(input.csvApostrophesRemoved ?? 0)} cells start with ' before = + - or @, and a value that ` +
        'itself began that way cannot be told from one protected when it was written.',
    }
  }
  return {
    integrity: 'modified',
    detail:
      'The rows no longer match the hash recorded when the report was made: ' +
      `${rowDifference(input.rowsRead, metadata.rowsRecorded)}${fileNote()}`,
  }
}
