import { SerialDateTexts, xlsxCellText, type ReadCell } from './cell-text'
import { cellTooLong, READ_LIMITS } from './read-limits'
import { PlainReason } from './report-errors'
import type { CellStyles } from './workbook-parts'
import {
  bytesEqual,
  decodeXmlText,
  escapedCdata,
  isBlankBetween,
  isSpace,
  XmlError,
  xmlText,
  type XmlHandler,
} from './xml-scanner'

/**
 * The rows of one worksheet, as the scanner streams its XML: each `<c>`
 * becomes the text Convoso sent (cell-text.ts's rules), each `</row>` hands
 * the row to the reader. One row object is reused from row to row, a cell's
 * tag and its value are read in place from the part's bytes, and texts that
 * repeat (reasons, purposes, campaigns, codes) come from a small cache of the
 * bytes last seen, so the hot path allocates little more than the texts it keeps.
 *
 * Cell types: `s` shared text, `inlineStr` (`<is>`, as exceljs writes text),
 * `str` (a formula's text), `b`, `e`, `d` (ISO date text), and numbers (no
 * `t`, or `n`), which are dates when their style's format is one. A formula's
 * cached value is read as the same type. A row or cell without the optional
 * `r` follows the one before it.
 */

/** Excel's last column, XFD. */
const MAX_COLUMNS = 16_384

export interface SheetRow {
  /** One past the last column with a cell in this row. */
  readonly width: number
  /** The cell's text at a 0-based column; '' where there is none. */
  cell(column: number): string
  /** The cell's number when it is a plain number cell (not a date), else undefined. */
  number(column: number): number | undefined
}

const enum CellType {
  Number,
  Shared,
  FormulaText,
  Inline,
  Boolean,
  Error,
  IsoDate,
}

function cellType(xml: Buffer, start: number, end: number): CellType {
  const length = end - start
  const first = xml[start]
  if (length === 1) {
    if (first === 115 /* s */) return CellType.Shared
    if (first === 98 /* b */) return CellType.Boolean
    if (first === 101 /* e */) return CellType.Error
    if (first === 100 /* d */) return CellType.IsoDate
    if (first === 110 /* n */) return CellType.Number
  } else if (bytesEqual(xml, start, end, 'str')) return CellType.FormulaText
  else if (bytesEqual(xml, start, end, 'inlineStr')) return CellType.Inline
  throw new XmlError(`a cell of unknown type ${xml.toString('utf8', start, Math.min(end, start + 20))}`)
}

/**
 * A whole number written from `start` to `end` with digits only, no leading
 * zero and short enough to be exact (so its text is its own: ids, campaign
 * ids), or -1.
 */
function plainInteger(xml: Buffer, start: number, end: number): number {
  const length = end - start
  if (length === 0 || length > 15 || (xml[start] === 48 && length > 1)) return -1
  let value = 0
  for (let at = start; at < end; at += 1) {
    const digit = (xml[at] as number) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

/** A whole number written from `start` to `end`, or -1. */
function integerAt(xml: Buffer, start: number, end: number): number {
  let value = 0
  if (end === start || end - start > 9) return -1
  for (let at = start; at < end; at += 1) {
    const digit = (xml[at] as number) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

const CACHE_SLOTS = 4096
const CACHE_MAX_BYTES = 48

/**
 * Decoded texts by their raw bytes, direct-mapped: a report's reasons,
 * purposes, campaigns and phone codes repeat on every row, and looking their
 * bytes up costs a third of decoding them again (measured). Fixed in size;
 * a text that is not there (a phone number) is decoded and takes its slot.
 */
class TextCache {
  private readonly bytes = new Uint8Array(CACHE_SLOTS * CACHE_MAX_BYTES)
  private readonly lengths = new Int32Array(CACHE_SLOTS).fill(-1)
  private readonly texts: string[] = new Array<string>(CACHE_SLOTS).fill('')

  text(xml: Buffer, start: number, end: number): string {
    const length = end - start
    if (length > CACHE_MAX_BYTES) return xmlText(xml, start, end)
    let hash = length
    for (let at = start; at < end; at += 1) hash = (Math.imul(hash, 31) + (xml[at] as number)) | 0
    const slot = (hash ^ (hash >>> 13)) & (CACHE_SLOTS - 1)
    const base = slot * CACHE_MAX_BYTES
    const bytes = this.bytes
    if (this.lengths[slot] === length) {
      let same = true
      for (let at = 0; at < length; at += 1) {
        if (bytes[base + at] !== xml[start + at]) {
          same = false
          break
        }
      }
      if (same) return this.texts[slot] as string
    }
    const text = xmlText(xml, start, end)
    for (let at = 0; at < length; at += 1) bytes[base + at] = xml[start + at] as number
    this.lengths[slot] = length
    this.texts[slot] = text
    return text
  }
}

/** The column of a reference such as `AB12` (1-based), or 0 when it has no letters. */
function referenceColumn(xml: Buffer, start: number, end: number): number {
  let column = 0
  for (let at = start; at < end; at += 1) {
    const code = (xml[at] as number) | 0x20
    if (code < 97 || code > 122) break
    column = column * 26 + (code - 96)
    if (column > MAX_COLUMNS) throw new PlainReason("a cell lies beyond Excel's last column")
  }
  return column
}

export interface SheetRowOptions {
  sharedStrings: readonly string[]
  styles: CellStyles
  date1904: boolean
  /** Row elements allowed in the sheet, blank ones included. */
  maxRows: number
  tooManyRows: () => Error
  /** Each row as its `</row>` is read; the row object is reused for the next one. */
  onRow: (row: SheetRow) => void
}

const NO_BYTES = Buffer.alloc(0)
const LT = 60
const GT = 62
const SLASH = 47
const C = 99
const V = 118

export class SheetRowReader implements XmlHandler, SheetRow {
  width = 0
  rowsSeen = 0
  private readonly texts: string[] = []
  private readonly numbers: number[] = []
  private readonly cache = new TextCache()
  private readonly dates = new SerialDateTexts()
  private inSheetData = false
  private inRow = false
  private column = 0
  // The open cell.
  private inCell = false
  private type = CellType.Number
  private style = -1
  private hasValue = false
  /** The value's raw bytes when it came in one piece (the usual case), read in place at `</c>`. */
  private rawXml: Buffer = NO_BYTES
  private rawStart = 0
  private rawEnd = 0
  /** The value's raw text when it came in several pieces (around a comment, or CDATA), else undefined. */
  private rawJoined: string | undefined
  private inValue = false
  private inInline = false
  private inText = false
  private phonetic = 0
  private readonly scratch: { value: unknown; numFmt: string | undefined } = {
    value: undefined,
    numFmt: undefined,
  }

  private readonly sharedStrings: readonly string[]
  private readonly styles: CellStyles
  private readonly date1904: boolean

  constructor(private readonly options: SheetRowOptions) {
    this.sharedStrings = options.sharedStrings
    this.styles = options.styles
    this.date1904 = options.date1904
  }

  cell(column: number): string {
    return column >= 0 && column < this.width ? (this.texts[column] ?? '') : ''
  }

  number(column: number): number | undefined {
    const value = column >= 0 && column < this.width ? this.numbers[column] : undefined
    return value === undefined || Number.isNaN(value) ? undefined : value
  }

  open(name: string, xml: Buffer, start: number, end: number, selfClosing: boolean): number {
    if (this.inCell) {
      if (name === 'v') this.inValue = !selfClosing
      else if (name === 'is') this.inInline = !selfClosing
      else if (name === 't') this.inText = this.inInline && this.phonetic === 0 && !selfClosing
      else if (name === 'rPh') this.phonetic += selfClosing ? 0 : 1
      return -1
    }
    if (name === 'c') {
      if (!this.inRow) return -1
      this.readCellTag(xml, start, end)
      this.hasValue = false
      this.rawJoined = undefined
      this.rawXml = NO_BYTES
      if (selfClosing) {
        this.finishCell()
        return -1
      }
      const after = this.plainValue(xml, end + 1)
      if (after !== -1) {
        this.finishCell()
        this.rawXml = NO_BYTES
        return after
      }
      this.inCell = true
      return -1
    }
    if (name === 'row') {
      if (!this.inSheetData) return -1
      this.startRow()
      if (selfClosing) this.finishRow()
      else this.inRow = true
      return -1
    }
    if (name === 'sheetData') this.inSheetData = !selfClosing
    return -1
  }

  /**
   * A cell's content when it is exactly `<v>value</v></c>`, as every program
   * writes a plain cell: read in place, its three tags checked byte by byte
   * (so it is well formed), and the position after `</c>` returned. Anything
   * else (a formula, inline text, a prefix, a space, the chunk's end) is -1
   * and goes through the scanner's events.
   */
  private plainValue(xml: Buffer, at: number): number {
    const length = xml.length
    if (at + 3 > length || xml[at] !== LT || xml[at + 1] !== V || xml[at + 2] !== GT) return -1
    let end = at + 3
    while (end < length && xml[end] !== LT) end += 1
    if (end + 8 > length) return -1
    if (
      xml[end + 1] !== SLASH ||
      xml[end + 2] !== V ||
      xml[end + 3] !== GT ||
      xml[end + 4] !== LT ||
      xml[end + 5] !== SLASH ||
      xml[end + 6] !== C ||
      xml[end + 7] !== GT
    ) {
      return -1
    }
    if (end > at + 3) {
      this.rawXml = xml
      this.rawStart = at + 3
      this.rawEnd = end
      this.hasValue = true
    }
    return end + 8
  }

  close(name: string): void {
    if (this.inCell) {
      if (name === 'v') this.inValue = false
      else if (name === 't') this.inText = false
      else if (name === 'rPh') this.phonetic -= 1
      else if (name === 'is') this.inInline = false
      else if (name === 'c') {
        this.inCell = false
        this.finishCell()
        // The chunk may be let go of.
        this.rawXml = NO_BYTES
      }
      return
    }
    if (name === 'row' && this.inRow) {
      this.inRow = false
      this.finishRow()
    } else if (name === 'sheetData') this.inSheetData = false
  }

  /** The raw character data of a `<v>` or an inline `<t>`. */
  text(xml: Buffer, start: number, end: number): void {
    if (!(this.inValue || this.inText)) return
    if (!this.hasValue) {
      this.rawXml = xml
      this.rawStart = start
      this.rawEnd = end
      this.hasValue = true
    } else this.rawJoined = this.rawText() + xml.toString('utf8', start, end)
  }

  cdata(xml: Buffer, start: number, end: number): void {
    if (!(this.inValue || this.inText)) return
    this.rawJoined = (this.hasValue ? this.rawText() : '') + escapedCdata(xml, start, end)
    this.hasValue = true
  }

  /** The value's raw text (entities not decoded), as one string: for the rarer cell types. */
  private rawText(): string {
    return this.rawJoined ?? this.rawXml.toString('utf8', this.rawStart, this.rawEnd)
  }

  /**
   * The cell's `r`, `s` and `t`, in one pass over its attributes (the hot
   * path: a million-row sheet has eight million of these tags).
   */
  private readCellTag(xml: Buffer, start: number, end: number): void {
    let column = 0
    let type = CellType.Number
    let style = -1
    let at = start
    while (at < end) {
      let equals = at
      while (equals < end && xml[equals] !== 61) equals += 1
      if (equals >= end) {
        if (!isBlankBetween(xml, at, end)) throw new XmlError('an attribute with no value')
        break
      }
      let nameStart = at
      while (isSpace(xml[nameStart] as number)) nameStart += 1
      let nameEnd = equals
      while (nameEnd > nameStart && isSpace(xml[nameEnd - 1] as number)) nameEnd -= 1
      let open = equals + 1
      while (isSpace(xml[open] as number)) open += 1
      const quote = xml[open]
      if (quote !== 34 && quote !== 39) throw new XmlError('an attribute value without quotes')
      let close = open + 1
      while (close < end && xml[close] !== quote) close += 1
      if (close >= end) throw new XmlError('an attribute value that is never closed')
      if (nameEnd - nameStart === 1) {
        const name = xml[nameStart]
        if (name === 114 /* r */) column = referenceColumn(xml, open + 1, close)
        else if (name === 115 /* s */) style = integerAt(xml, open + 1, close)
        else if (name === 116 /* t */) type = cellType(xml, open + 1, close)
      }
      at = close + 1
    }
    this.column = column > 0 ? column : this.column + 1
    if (this.column > MAX_COLUMNS) throw new PlainReason("a cell lies beyond Excel's last column")
    this.type = type
    this.style = style
  }

  private startRow(): void {
    this.rowsSeen += 1
    if (this.rowsSeen > this.options.maxRows) throw this.options.tooManyRows()
    const texts = this.texts
    const numbers = this.numbers
    for (let column = 0; column < this.width; column += 1) {
      texts[column] = ''
      numbers[column] = NaN
    }
    this.width = 0
    this.column = 0
  }

  private finishRow(): void {
    this.options.onRow(this)
  }

  private finishCell(): void {
    const index = this.column - 1
    while (this.texts.length <= index) {
      this.texts.push('')
      this.numbers.push(NaN)
    }
    if (index >= this.width) {
      for (let column = this.width; column < index; column += 1) {
        this.texts[column] = ''
        this.numbers[column] = NaN
      }
      this.width = index + 1
    }
    let number = NaN
    let text = ''
    if (this.hasValue) {
      const joined = this.rawJoined
      const xml = this.rawXml
      const start = this.rawStart
      const end = this.rawEnd
      switch (this.type) {
        case CellType.Shared: {
          let index = joined === undefined ? integerAt(xml, start, end) : -1
          if (index === -1) index = Number.parseInt(this.rawText(), 10)
          const shared = this.sharedStrings[index]
          if (shared === undefined) throw new PlainReason('a cell refers to shared text that is not there')
          text = shared
          break
        }
        case CellType.Inline:
        case CellType.FormulaText:
          text = joined === undefined ? this.cache.text(xml, start, end) : decodeXmlText(joined)
          break
        case CellType.Boolean:
          text = this.cellText(Number.parseInt(this.rawText(), 10) !== 0)
          break
        case CellType.Error:
          text = this.cellText({ error: decodeXmlText(this.rawText()) })
          break
        case CellType.IsoDate: {
          const raw = this.rawText()
          text = this.cellText(new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw}Z`))
          break
        }
        default: {
          const integer = joined === undefined ? plainInteger(xml, start, end) : -1
          const value = integer !== -1 ? integer : Number.parseFloat(this.rawText())
          if (this.style > 0 && this.styles.isDate[this.style] === true) {
            text = this.dates.text(value, this.date1904, this.styles.showsTime[this.style] === true)
          } else {
            number = value
            // A plain whole number already is its own text (ids, campaign ids): no second string made.
            text = integer !== -1 ? this.cache.text(xml, start, end) : this.cellText(value)
          }
        }
      }
    }
    if (text.length > READ_LIMITS.maxCellChars) throw cellTooLong()
    this.texts[index] = text
    this.numbers[index] = number
  }

  /** cell-text.ts's rules, through one reused cell. */
  private cellText(value: unknown): string {
    const cell = this.scratch
    cell.value = value
    cell.numFmt = this.style > 0 ? this.styles.formats[this.style] : undefined
    return xlsxCellText(cell as ReadCell)
  }
}
