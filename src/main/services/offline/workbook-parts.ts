import { posix } from 'node:path'
import { cellTooLong, READ_LIMITS, TooLarge } from './read-limits'
import { numFmtIsDate, ownString } from './cell-text'
import { attribute, decodeXmlText, XmlScanner, type XmlHandler } from './xml-scanner'

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
}

/** Per cell style index (a cell's `s`): its number format, and whether exceljs's rule calls it a date. */
export interface CellStyles {
  formats: (string | undefined)[]
  isDate: boolean[]
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

/** Runs a part's text through the scanner to its end. */
export async function scanPart(
  text: AsyncIterable<string>,
  handler: XmlHandler,
  noun: string,
): Promise<void> {
  const scanner = new XmlScanner(handler, noun)
  for await (const chunk of text) scanner.write(chunk)
  scanner.end()
}

const ignoreText = (): void => undefined

/** A relationship target is relative to xl/ unless it starts with `/`. */
function partPath(target: string): string {
  return target.startsWith('/') ? posix.normalize(target.slice(1)) : posix.normalize(posix.join('xl', target))
}

/** xl/_rels/workbook.xml.rels: relationship id → part path, internal targets only. */
export async function readRelationships(text: AsyncIterable<string>): Promise<Map<string, string>> {
  const targets = new Map<string, string>()
  await scanPart(
    text,
    {
      open(name, xml, start, end) {
        if (name !== 'Relationship') return
        const id = attribute(xml, start, end, 'Id')
        const target = attribute(xml, start, end, 'Target')
        if (id === undefined || target === undefined) return
        if (attribute(xml, start, end, 'TargetMode') === 'External') return
        targets.set(id, partPath(target))
      },
      close: ignoreText,
      text: ignoreText,
      cdata: ignoreText,
    },
    'list of parts',
  )
  return targets
}

/** xl/workbook.xml: the sheets in tab order, and the date system. */
export async function readWorkbook(text: AsyncIterable<string>): Promise<WorkbookInfo> {
  const info: WorkbookInfo = { sheets: [], date1904: false }
  await scanPart(
    text,
    {
      open(name, xml, start, end) {
        if (name === 'workbookPr') {
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
      close: ignoreText,
      text: ignoreText,
      cdata: ignoreText,
    },
    'list of sheets',
  )
  return info
}

export function sheetParts(info: WorkbookInfo, targets: ReadonlyMap<string, string>): SheetPart[] {
  return info.sheets.flatMap((sheet) => {
    const part = targets.get(sheet.relationshipId)
    return part === undefined ? [] : [{ name: sheet.name, part }]
  })
}

const MAX_STYLES = 65_536

/** xl/styles.xml: each cell style's number format, from `numFmts` or Excel's built-in ones. */
export async function readStyles(text: AsyncIterable<string>): Promise<CellStyles> {
  const custom = new Map<number, string>()
  const formatIds: number[] = []
  let inCellXfs = false
  await scanPart(
    text,
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
      text: ignoreText,
      cdata: ignoreText,
    },
    'list of cell formats',
  )
  const formats = formatIds.map((id) =>
    // Format 0 is "General", as exceljs reads it: no format at all.
    id > 0 ? (custom.get(id) ?? BUILT_IN_FORMATS[id]) : undefined,
  )
  return { formats, isDate: formats.map(numFmtIsDate) }
}

export const NO_STYLES: CellStyles = { formats: [], isDate: [] }

/**
 * xl/sharedStrings.xml: each `<si>`'s text, its runs joined (rich text), its
 * phonetic hints (`<rPh>`) left out as Excel shows them.
 */
export async function readSharedStrings(text: AsyncIterable<string>): Promise<string[]> {
  const strings: string[] = []
  let inItem = false
  let inText = false
  let phonetic = 0
  let raw = ''
  await scanPart(
    text,
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
        if (inText) raw += xml.slice(start, end)
      },
      cdata(value) {
        // Literal text: escaped so that the one decoding at the end of the item gives it back.
        if (inText) raw += value.replace(/&/g, '&amp;')
      },
    },
    'shared text',
  )
  return strings
}
