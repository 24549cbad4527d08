import ExcelJS from 'exceljs'
import { posix } from 'node:path'
import { Readable } from 'node:stream'
import { z } from 'zod'

/**
 * exceljs 4.4's streaming WorkbookReader, driven one part at a time. Its
 * public `for await` unzips the file front to back itself; our reports hold the
 * data sheet first and the styles last, so it inflates the whole sheet into a
 * temporary file before reading a row, and leaves that file behind when the
 * read is abandoned (a cancel). Here each part is handed to the reader's own
 * part parsers from yauzl (xlsx-zip.ts): the cell parsing is exceljs's, the
 * order and the input are ours.
 *
 * exceljs 4.4 internals used (pinned version; test/main/offline/exceljs-parts.test.ts
 * fails if they move): `_parseRels`, `_parseWorkbook`, `_parseStyles` and
 * `_parseSharedStrings` take a part's stream; `_parseWorksheet` takes a sheet's
 * text chunks and returns the WorksheetReader; `workbookRels` and `model.sheets`
 * hold what the first two read.
 */

export interface SheetPart {
  name: string
  /** Path of the sheet's part inside the zip, e.g. `xl/worksheets/sheet1.xml`. */
  part: string
}

/** What a streamed row offers; exceljs's `Row` satisfies it. */
export interface StreamedRow {
  readonly number: number
  findCell(column: number): { value: unknown; numFmt: string | undefined } | undefined
  eachCell(callback: (cell: { value: unknown; numFmt: string | undefined }, column: number) => void): void
}

export interface WorkbookParts {
  parseRelationships(input: Readable): Promise<void>
  parseWorkbook(input: Readable): Promise<void>
  parseStyles(input: Readable): Promise<void>
  parseSharedStrings(input: Readable): Promise<void>
  /** The workbook's sheets in tab order, with their parts; after the two parses above. */
  sheets(): SheetPart[]
  /** The sheet's rows, in batches of the rows parsed from one chunk of its text. */
  rows(text: AsyncIterable<string>): AsyncIterable<StreamedRow[]>
}

type PartParser = (input: Readable) => Promise<unknown>

interface Internals {
  _parseRels: PartParser
  _parseWorkbook: PartParser
  _parseStyles: PartParser
  _parseSharedStrings: (input: Readable) => AsyncIterable<unknown>
  _parseWorksheet: (text: AsyncIterable<string>, sheetNo: string) => Iterator<unknown>
  workbookRels?: unknown
  model?: unknown
}

const INTERNALS = ['_parseRels', '_parseWorkbook', '_parseStyles', '_parseSharedStrings', '_parseWorksheet']

export class ReaderInternalsChanged extends Error {}

function hasInternals(reader: object): reader is Internals {
  return INTERNALS.every((name) => typeof (reader as Record<string, unknown>)[name] === 'function')
}

const Relationships = z.array(z.object({ Id: z.string(), Target: z.string() }).loose())
const WorkbookModel = z.object({
  sheets: z.array(z.object({ name: z.string(), rId: z.string() }).loose()).catch([]),
})
/** The WorksheetReader: `parse()` yields the events of each chunk together, rows among them. */
const WorksheetEvent = z.object({
  eventType: z.literal('worksheet'),
  value: z.custom<{ parse(): AsyncIterable<unknown> }>(
    (value) =>
      typeof value === 'object' && value !== null && 'parse' in value && typeof value.parse === 'function',
  ),
})

/** A relationship target is relative to xl/ unless it starts with `/`. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target))
}

function isStreamedRow(value: unknown): value is StreamedRow {
  return (
    typeof value === 'object' &&
    value !== null &&
    'findCell' in value &&
    typeof value.findCell === 'function' &&
    'eachCell' in value &&
    typeof value.eachCell === 'function'
  )
}

export function createWorkbookParts(): WorkbookParts {
  // The input is never read: every part arrives through the calls below.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  if (!hasInternals(reader)) throw new ReaderInternalsChanged('WorkbookReader part parsers are missing')
  const internals = reader

  return {
    parseRelationships: async (input) => {
      await internals._parseRels(input)
    },
    parseWorkbook: async (input) => {
      await internals._parseWorkbook(input)
    },
    parseStyles: async (input) => {
      await internals._parseStyles(input)
    },
    parseSharedStrings: async (input) => {
      // With sharedStrings: 'cache' it yields nothing and fills the reader's table.
      for await (const _ of internals._parseSharedStrings(input)) void _
    },
    sheets: () => {
      const relationships = Relationships.safeParse(internals.workbookRels ?? [])
      const model = WorkbookModel.safeParse(internals.model ?? {})
      if (!relationships.success || !model.success) throw new ReaderInternalsChanged('workbook model changed')
      const targets = new Map(relationships.data.map((rel) => [rel.Id, rel.Target]))
      return model.data.sheets.flatMap((sheet) => {
        const target = targets.get(sheet.rId)
        return target === undefined ? [] : [{ name: sheet.name, part: partPath(target) }]
      })
    },
    rows: (text) => {
      const event = WorksheetEvent.safeParse(internals._parseWorksheet(text, '1').next().value)
      if (!event.success)
        throw new ReaderInternalsChanged('_parseWorksheet no longer yields a WorksheetReader')
      const worksheet = event.data.value
      return {
        // Batches, not exceljs's row-at-a-time iterator: one await per chunk instead of per row.
        async *[Symbol.asyncIterator]() {
          for await (const events of worksheet.parse()) {
            // Checked by hand, not with zod: this runs for every row of the sheet.
            if (!Array.isArray(events)) throw new ReaderInternalsChanged('worksheet events changed shape')
            const rows: StreamedRow[] = []
            for (const event of events as unknown[]) {
              if (typeof event !== 'object' || event === null || !('eventType' in event)) continue
              if (event.eventType !== 'row' || !('value' in event)) continue
              if (!isStreamedRow(event.value)) throw new ReaderInternalsChanged('rows lost findCell/eachCell')
              rows.push(event.value)
            }
            if (rows.length > 0) yield rows
          }
        },
      }
    },
  }
}
