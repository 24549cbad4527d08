import { createHash } from 'node:crypto'
import type { Writable } from 'node:stream'
import type { CompareList } from '../../../shared/compare'
import { createRowHasher } from '../export/canonical-hash'
import { CSV_LINE_END, csvField, neutralise, UTF8_BOM } from '../export/csv-writer'
import type { OutputGuard } from '../export/output-file'
import type { ListWritten } from './comparison-metadata'
import { tableColumns, tableRows } from './comparison-table'
import type { Comparison } from './kept-comparisons'

/**
 * One list of a comparison as a CSV file with the export's rules (csv-writer.ts:
 * RFC 4180, CRLF, UTF-8 with a byte-order mark, formula-like cells given a
 * leading `'` and counted), streamed a thousand rows at a time. Its facts go
 * to the `.report.json` beside it, as an export's do.
 */

export interface CsvListWritten extends ListWritten {
  bytes: number
  fileSha256: string
  formulaCellsNeutralised: number
}

export async function writeComparisonCsv(
  output: Writable,
  guard: OutputGuard,
  comparison: Comparison,
  list: CompareList,
): Promise<CsvListWritten> {
  const fileHash = createHash('sha256')
  const rowsHash = createRowHasher()
  let bytes = 0
  let rows = 0
  let neutralised = 0
  const write = async (text: string): Promise<void> => {
    guard.check()
    const chunk = Buffer.from(text, 'utf8')
    fileHash.update(chunk)
    bytes += chunk.length
    if (!output.write(chunk)) await guard.drain(output)
  }
  const line = (cells: readonly string[]): string => cells.map(csvField).join(',') + CSV_LINE_END

  await write(UTF8_BOM + line(tableColumns(list).map((column) => column.label)))
  for (const batch of tableRows(comparison, list)) {
    let chunk = ''
    for (const row of batch) {
      chunk += line(
        row.cells.map((value) => {
          const cell = neutralise(value)
          if (cell.neutralised) neutralised += 1
          return cell.text
        }),
      )
    }
    rows += batch.length
    rowsHash.update(batch.flatMap((row) => row.hashed))
    await write(chunk)
  }
  await guard.race(new Promise<void>((resolve) => output.end(() => resolve())))
  return {
    list,
    rows,
    sha256: rowsHash.digest(),
    bytes,
    fileSha256: fileHash.digest('hex'),
    formulaCellsNeutralised: neutralised,
  }
}
