import { posix } from 'node:path'
import { cellTooLong, READ_LIMITS, TooLarge } from './read-limits'
import { numFmtIsDate, numFmtShowsTime, ownString } from './cell-text'
import { attribute, decodeXmlText, escapedCdata, XmlScanner, type XmlHandler } from './xml-scanner'

/**
 * The small parts of a workbook that say how to read its sheets: which part
 * is which sheet (workbook.xml and its relationships), which cell styles are
 * dates and how they show (styles.xml: cellXfs and numFmts), and the shared
 * text that Excel and LibreOffice store cells in (sharedStrings.xml). Each is
 * read as it streams with the same scanner as the sheets.
 */

export interface SheetPart {
  name: string
  /** Path of the sheet's part inside the zip, e.g. `xl/worksheets/sheet1.xml`. */
  part: string
}

export interface WorkbookInfo {
  /** In tab order, with the relationship id that names each one's part. */
  sheets: { name: string; relationshipId: string }[]
  /** Serial dates count from 1904-01-01 instead of 1900 (old Mac workbooks). */
  date1904: boolean
  /** Whether the part's root element is a `workbook` (a Word or PowerPoint file's main part is not). */
  isWorkbook: boolean
}

/** Per cell style index (a cell's `s`): its number format, and whether exceljs's rule calls it a date. */
export interface CellStyles {
  formats: (string | undefined)[]
  isDate: boolean[]
  /** Whether a date style shows a time of day (cell-text.ts numFmtShowsTime). */
  showsTime: boolean[]
}

/**
 * Excel's built-in number formats that a style may name by id alone; the
 * non-date ones matter only for not being dates. Ids 27–36 and 50–58 are
 * East Asian date and time formats, given here as their Western shape.
 */
const BUILT_IN_FORMATS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  27: 'yyyy-mm-dd',
  28: 'mm-dd',
  29: 'mm-dd',
  30: 'mm-dd-yy',
  31: 'yyyy-mm-dd',
  32: 'hh:mm',
  33: 'hh:mm:ss',
  34: 'yyyy-mm',
  35: 'mm-dd',
  36: 'yyyy-mm-dd',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: 'yyyy-mm',
  51: 'mm-dd',
  52: 'yyyy-mm',
  53: 'mm-dd',
  54: 'mm-dd',
  55: 'yyyy-mm',
  56: 'mm-dd',
  57: 'yyyy-mm',
  58: 'mm-dd',
}

/** A small part's reader: the events it wants, none of them reading ahead. */
type PartHandler = Partial<{
  [Event in keyof XmlHandler]: (...args: Parameters<XmlHandler[Event]>) => void
}>

/**
 * The events a small part's reader wants, behind one class: the scanner's
 * calls to its handler then meet two kinds of object (this and the sheet's
 * row reader), not one per part, and stay fast on the sheet's hot path.
 */
class PartEvents implements XmlHandler {
  constructor(private readonly events: PartHandler) {}
  open(name: string, xml: Buffer, attrStart: number, attrEnd: number, selfClosing: boolean): number {
    this.events.open?.(name, xml, attrStart, attrEnd, selfClosing)
    return -1
  }
  close(name: string): void {
    this.events.close?.(name)
  }
  text(xml: Buffer, start: number, end: number): void {
    this.events.text?.(xml, start, end)
  }
  cdata(xml: Buffer, start: number, end: number): void {
    this.events.cdata?.(xml, start, end)
  }
}

/** Runs a part's bytes through the scanner to its end. */
export async function scanPart(
  chunks: AsyncIterable<Buffer>,
  events: PartHandler,
  noun: string,
): Promise<void> {
  const scanner = new XmlScanner(new PartEvents(events), noun)
  for await (const chunk of chunks) scanner.write(chunk)
  scanner.end()
}

/** Where the package's relationships say its main part (the workbook) is. */
export const PACKAGE_RELATIONSHIPS = '_rels/.rels'
/** Where Excel, LibreOffice and exceljs put it; used only when a package has no relationships part. */
export const USUAL_WORKBOOK = 'xl/workbook.xml'

/** The relationships part of `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relationshipsPartOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`)
}

/**
 * A relationship's target as a path inside the zip: relative to the folder of
 * the part that holds the relationship (`base`), or to the package's root when
 * it starts with `/`; percent-escapes decoded, as part names are URIs.
 */
function partPath(base: string, target: string): string {
  let decoded = target
  try {
    decoded = decodeURIComponent(target)
  } catch {
    // A stray '%' is a character of the name, not an escape.
  }
  const path = decoded.startsWith('/')
    ? posix.normalize(decoded.slice(1))
    : posix.normalize(posix.join(base, decoded))
  return path.startsWith('./') ? path.slice(2) : path
}

export interface Relationship {
  /** Path of the part inside the zip. */
  part: string
  /** The relationship's type, e.g. `…/relationships/worksheet`. */
  type: string
}

/** The last segment of a relationship type: `worksheet`, `styles`, `sharedStrings`, `officeDocument`… */
export function relationshipKind(relationship: Relationship): string {
  return relationship.type.slice(relationship.type.lastIndexOf('/') + 1)
}

/**
 * A relationships part (`_rels/.rels`, `xl/_rels/workbook.xml.rels`):
 * relationship id → target part and type, internal targets only. `base` is
 * the folder of the part the relationships belong to (`''` for the package).
 */
export async function readRelationships(
  chunks: AsyncIterable<Buffer>,
  base: string,
): Promise<Map<string, Relationship>> {
  const relationships = new Map<string, Relationship>()
  await scanPart(
    chunks,
    {
      open(name, xml, start, end) {
        if (name !== 'Relationship') return
        const id = attribute(xml, start, end, 'Id')
        const target = attribute(xml, start, end, 'Target')
        if (id === undefined || target === undefined) return
        if (attribute(xml, start, end, 'TargetMode') === 'External') return
        relationships.set(id, {
          part: partPath(base, target),
          type: attribute(xml, start, end, 'Type') ?? '',
        })
      },
    },
    'list of parts',
  )
  return relationships
}

/** The first relationship of a kind (`officeDocument`, `styles`, `sharedStrings`), if any. */
export function partOfKind(
  relationships: ReadonlyMap<string, Relationship>,
  kind: string,
): string | undefined {
  for (const relationship of relationships.values()) {
    if (relationshipKind(relationship) === kind) return relationship.part
  }
  return undefined
}

/** The workbook's part: the package's officeDocument relationship. */
export function workbookPart(packageRelationships: ReadonlyMap<string, Relationship>): string | undefined {
  return partOfKind(packageRelationships, 'officeDocument')
}

/** xl/workbook.xml: the sheets in tab order, and the date system. */
export async function readWorkbook(chunks: AsyncIterable<Buffer>): Promise<WorkbookInfo> {
  const info: WorkbookInfo = { sheets: [], date1904: false, isWorkbook: false }
  let root = true
  await scanPart(
    chunks,
    {
      open(name, xml, start, end) {
        if (root) {
          root = false
          info.isWorkbook = name === 'workbook'
        } else if (name === 'workbookPr') {
          const value = attribute(xml, start, end, 'date1904')
          info.date1904 = value === '1' || value === 'true'
        } else if (name === 'sheet') {
          const sheetName = attribute(xml, start, end, 'name')
          const relationshipId = attribute(xml, start, end, 'id', true)
          if (sheetName !== undefined && relationshipId !== undefined) {
            info.sheets.push({ name: sheetName, relationshipId })
          }
        }
      },
    },
    'list of sheets',
  )
  return info
}

/** The worksheets in tab order (a chart sheet or a dialog sheet has no rows to read). */
export function sheetParts(
  info: WorkbookInfo,
  relationships: ReadonlyMap<string, Relationship>,
): SheetPart[] {
  return info.sheets.flatMap((sheet) => {
    const relationship = relationships.get(sheet.relationshipId)
    return relationship === undefined || relationshipKind(relationship) !== 'worksheet'
      ? []
      : [{ name: sheet.name, part: relationship.part }]
  })
}

const MAX_STYLES = 65_536

/** xl/styles.xml: each cell style's number format, from `numFmts` or Excel's built-in ones. */
export async function readStyles(chunks: AsyncIterable<Buffer>): Promise<CellStyles> {
  const custom = new Map<number, string>()
  const formatIds: number[] = []
  let inCellXfs = false
  await scanPart(
    chunks,
    {
      open(name, xml, start, end, selfClosing) {
        if (name === 'numFmt') {
          const id = Number(attribute(xml, start, end, 'numFmtId'))
          const code = attribute(xml, start, end, 'formatCode')
          if (Number.isInteger(id) && code !== undefined) custom.set(id, code)
        } else if (name === 'cellXfs') {
          inCellXfs = !selfClosing
        } else if (name === 'xf' && inCellXfs) {
          if (formatIds.length >= MAX_STYLES) throw new TooLarge('it has more cell styles than Excel allows')
          formatIds.push(Number(attribute(xml, start, end, 'numFmtId') ?? 0))
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false
      },
    },
    'list of cell formats',
  )
  const formats = formatIds.map((id) =>
    // Format 0 is "General", as exceljs reads it: no format at all.
    id > 0 ? (custom.get(id) ?? BUILT_IN_FORMATS[id]) : undefined,
  )
  return { formats, isDate: formats.map(numFmtIsDate), showsTime: formats.map(numFmtShowsTime) }
}

export const NO_STYLES: CellStyles = { formats: [], isDate: [], showsTime: [] }

/**
 * xl/sharedStrings.xml: each `<si>`'s text, its runs joined (rich text), its
 * phonetic hints (`<rPh>`) left out as Excel shows them.
 */
export async function readSharedStrings(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const strings: string[] = []
  let inItem = false
  let inText = false
  let phonetic = 0
  let raw = ''
  await scanPart(
    chunks,
    {
      open(name, _xml, _start, _end, selfClosing) {
        if (name === 'si') {
          inItem = !selfClosing
          raw = ''
          // How many there may be is bounded by the inflate guard (read-limits.ts), which counts `<si`.
          if (selfClosing) strings.push('')
        } else if (name === 'rPh') phonetic += selfClosing ? 0 : 1
        else if (name === 't') inText = inItem && phonetic === 0 && !selfClosing
      },
      close(name) {
        if (name === 't') inText = false
        else if (name === 'rPh') phonetic -= 1
        else if (name === 'si' && inItem) {
          inItem = false
          const value = decodeXmlText(raw)
          if (value.length > READ_LIMITS.maxCellChars) throw cellTooLong()
          strings.push(ownString(value))
          raw = ''
        }
      },
      text(xml, start, end) {
        if (inText) raw += xml.toString('utf8', start, end)
      },
      cdata(xml, start, end) {
        // Literal text: escaped so that the one decoding at the end of the item gives it back.
        if (inText) raw += escapedCdata(xml, start, end)
      },
    },
    'shared text',
  )
  return strings
}
