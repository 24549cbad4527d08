import { PlainReason } from './report-errors'

/**
 * A streaming scanner for the XML of a workbook's parts, written for speed on
 * the one hot path of opening a report: a sheet of a million rows (about
 * 390 MB of XML). It is fed the part's raw UTF-8 bytes chunk by chunk, as
 * they inflate, and never decodes a chunk: markup is ASCII, so tags are found
 * byte by byte, and only the text a handler keeps is decoded (`xmlText`), with
 * its entities, exactly once. A token cut by a chunk boundary waits for its
 * end, so a character's bytes are never split when they are decoded. It checks
 * that the document is well formed (every end tag matches its start tag, one
 * root, nothing after it) and hands its handler positions in the chunk
 * instead of strings and attribute objects; tag names come from a small table
 * of names already seen, so a cell's tag costs no allocation.
 *
 * Why bytes (measured with `node --cpu-prof` on a 1M-row open): decoding each
 * chunk to a string and scanning the string was 40% of the open's time, and a
 * single non-ASCII character turned a whole chunk into two-byte text.
 *
 * A document type declaration is refused: no spreadsheet program writes one,
 * and its entities are how XML bombs are made.
 */

export interface XmlHandler {
  /**
   * `name` is the local name (any `x:` prefix removed); attributes lie in
   * `xml` from `attrStart` to `attrEnd`, the tag's `>` (or `/>`) right after.
   * Returns -1, or, when the handler read the element's content and end tag
   * itself from `xml` (the sheet's cells, on their hot path), the position
   * right after that end tag: the scanner goes on from there.
   */
  open(name: string, xml: Buffer, attrStart: number, attrEnd: number, selfClosing: boolean): number
  close(name: string): void
  /** Character data, raw (UTF-8, entities not decoded), in `xml` from `start` to `end`. */
  text(xml: Buffer, start: number, end: number): void
  /** A CDATA section's literal text (UTF-8), in `xml` from `start` to `end`. */
  cdata(xml: Buffer, start: number, end: number): void
}

/** Malformed XML: what exactly goes to the log; the user is told the part cannot be read. */
export class XmlError extends Error {}

const LT = 60
const GT = 62
const SLASH = 47
const BANG = 33
const QUESTION = 63
const QUOTE = 34
const APOSTROPHE = 39
const COLON = 58
const EQUALS = 61
const AMPERSAND = 38
const DASH = 45
const BRACKET = 93

export function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9
}

export function isBlankBetween(xml: Uint8Array, start: number, end: number): boolean {
  for (let at = start; at < end; at += 1) if (!isSpace(xml[at] as number)) return false
  return true
}

/** Whether the bytes from `start` to `end` spell `ascii` (a string of ASCII characters). */
export function bytesEqual(xml: Uint8Array, start: number, end: number, ascii: string): boolean {
  if (end - start !== ascii.length) return false
  for (let at = 0; at < ascii.length; at += 1) if (xml[start + at] !== ascii.charCodeAt(at)) return false
  return true
}

function isAscii(text: string): boolean {
  for (let at = 0; at < text.length; at += 1) if (text.charCodeAt(at) > 127) return false
  return true
}

const NAME_SLOTS = 256
const ONE_LETTER = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code))

/**
 * Tag names by their bytes: a part uses a few dozen names millions of times.
 * Direct-mapped and fixed in size, so a part full of made-up names costs a
 * string each and nothing more.
 */
class NameTable {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS)

  name(xml: Buffer, start: number, end: number): string {
    // A sheet's cells are `c` and `v`: one-letter names straight from a table.
    if (end - start === 1) {
      const code = xml[start] as number
      if (code < 128) return ONE_LETTER[code] as string
    }
    let hash = end - start
    let ascii = true
    for (let at = start; at < end; at += 1) {
      const code = xml[at] as number
      if (code > 127) ascii = false
      hash = (hash * 31 + code) | 0
    }
    if (!ascii) return xml.toString('utf8', start, end)
    const slot = hash & (NAME_SLOTS - 1)
    const known = this.slots[slot]
    if (known !== undefined && bytesEqual(xml, start, end, known)) return known
    const name = xml.toString('latin1', start, end)
    this.slots[slot] = name
    return name
  }
}

/** Whether the end tag's qualified name (bytes up to `nameEnd`, from `nameStart`) is `name` or `prefix:name`. */
function endTagMatches(xml: Buffer, nameStart: number, nameEnd: number, name: string): boolean {
  const localStart = nameEnd - name.length
  if (
    localStart >= nameStart &&
    bytesEqual(xml, localStart, nameEnd, name) &&
    (localStart === nameStart || xml[localStart - 1] === COLON)
  ) {
    return true
  }
  // A name with characters beyond ASCII: its bytes are not its characters.
  if (isAscii(name)) return false
  const qualified = xml.toString('utf8', nameStart, nameEnd)
  return qualified === name || qualified.endsWith(`:${name}`)
}

const BOM = [0xef, 0xbb, 0xbf]
/** How much of a new chunk is joined to the token the last one cut; a longer token joins it whole. */
const JOIN_BYTES = 4096

export class XmlScanner {
  private held: Buffer | undefined
  private readonly stack: string[] = []
  private readonly names = new NameTable()
  private rootSeen = false
  private started = false
  private stopped = false

  constructor(
    private readonly handler: XmlHandler,
    /** Completes "the … ends before its closing tag". */
    private readonly noun: string,
  ) {}

  /** No more events after this one; the rest of the bytes are not looked at. */
  stop(): void {
    this.stopped = true
  }

  get isStopped(): boolean {
    return this.stopped
  }

  write(chunk: Buffer): void {
    if (this.stopped || chunk.length === 0) return
    const held = this.held
    this.held = undefined
    if (held === undefined) return this.feed(chunk, 0)
    if (chunk.length <= JOIN_BYTES) return this.feed(Buffer.concat([held, chunk]), 0)
    // The token the last chunk cut is finished from the start of this one: that much is copied, not the whole chunk.
    const head = Buffer.concat([held, chunk.subarray(0, JOIN_BYTES)])
    const consumed = this.consume(head, 0)
    if (this.stopped) return
    if (consumed >= held.length) this.feed(chunk, consumed - held.length)
    else this.feed(Buffer.concat([head.subarray(consumed), chunk.subarray(JOIN_BYTES)]), 0)
  }

  /** Scans `xml` from `from` and holds what is left of it. */
  private feed(xml: Buffer, from: number): void {
    const consumed = this.consume(xml, from)
    // A copy: a view would keep the whole chunk alive for the few bytes of a cut token.
    if (consumed < xml.length && !this.stopped) this.held = Buffer.from(xml.subarray(consumed))
  }

  /** A byte-order mark at the very start, then every complete token; where the first incomplete one starts. */
  private consume(xml: Buffer, from: number): number {
    if (!this.started) {
      if (xml.length < BOM.length && BOM.slice(0, xml.length).every((byte, at) => xml[at] === byte)) return 0
      this.started = true
      if (xml[0] === BOM[0] && xml[1] === BOM[1] && xml[2] === BOM[2]) return this.scan(xml, BOM.length)
    }
    return this.scan(xml, from)
  }

  end(): void {
    if (this.stopped) return
    const rest = this.held
    this.held = undefined
    if (rest !== undefined && !isBlankBetween(rest, 0, rest.length)) {
      if (this.stack.length === 0 && this.rootSeen) throw new XmlError('text after the root element')
      throw new PlainReason(`the ${this.noun} ends before its closing tag`)
    }
    if (this.stack.length > 0 || !this.rootSeen) {
      throw new PlainReason(`the ${this.noun} ends before its closing tag`)
    }
  }

  /** Handles every complete token of `xml` from `from`; returns where the first incomplete one starts. */
  private scan(xml: Buffer, from: number): number {
    const handler = this.handler
    const stack = this.stack
    const length = xml.length
    let at = from
    while (at < length && !this.stopped) {
      let lt = at
      while (lt < length && xml[lt] !== LT) lt += 1
      if (lt === length) return at
      if (lt > at) {
        if (stack.length === 0) {
          if (!isBlankBetween(xml, at, lt)) throw new XmlError('text outside the root element')
        } else handler.text(xml, at, lt)
      }
      if (lt + 1 >= length) return lt
      const next = xml[lt + 1]
      if (next === SLASH) {
        let gt = lt + 2
        while (gt < length && xml[gt] !== GT) gt += 1
        if (gt === length) return lt
        const name = stack.pop()
        let nameEnd = gt
        while (nameEnd > lt + 2 && isSpace(xml[nameEnd - 1] as number)) nameEnd -= 1
        if (name === undefined || !endTagMatches(xml, lt + 2, nameEnd, name)) {
          throw new XmlError(
            `an end tag that does not match its start tag: ${xml.toString('utf8', lt, gt + 1)}`,
          )
        }
        handler.close(name)
        at = gt + 1
        continue
      }
      if (next === QUESTION) {
        let end = lt + 2
        while (end + 1 < length && !(xml[end] === QUESTION && xml[end + 1] === GT)) end += 1
        if (end + 1 >= length) return lt
        at = end + 2
        continue
      }
      if (next === BANG) {
        if (lt + 4 > length) return lt
        if (xml[lt + 2] === DASH && xml[lt + 3] === DASH) {
          let end = lt + 4
          while (end + 2 < length && !(xml[end] === DASH && xml[end + 1] === DASH && xml[end + 2] === GT))
            end += 1
          if (end + 2 >= length) return lt
          at = end + 3
          continue
        }
        if (lt + 9 > length) return lt
        if (bytesEqual(xml, lt, lt + 9, '<![CDATA[')) {
          let end = lt + 9
          while (
            end + 2 < length &&
            !(xml[end] === BRACKET && xml[end + 1] === BRACKET && xml[end + 2] === GT)
          )
            end += 1
          if (end + 2 >= length) return lt
          if (stack.length === 0) throw new XmlError('CDATA outside the root element')
          handler.cdata(xml, lt + 9, end)
          at = end + 3
          continue
        }
        throw new XmlError('a document type declaration, which no spreadsheet program writes')
      }
      // A start tag: its name, then attributes whose quoted values may hold '>'.
      let cursor = lt + 1
      let colon = -1
      for (; cursor < length; cursor += 1) {
        const code = xml[cursor] as number
        if (code === GT || code === SLASH || isSpace(code)) break
        if (code === COLON) colon = cursor
      }
      if (cursor >= length) return lt
      if (cursor === lt + 1) throw new XmlError('a tag with no name')
      const nameEnd = cursor
      let gt = -1
      while (cursor < length) {
        const code = xml[cursor]
        if (code === GT) {
          gt = cursor
          break
        }
        if (code === QUOTE || code === APOSTROPHE) {
          cursor += 1
          while (cursor < length && xml[cursor] !== code) cursor += 1
          if (cursor >= length) return lt
          cursor += 1
        } else if (code === LT) throw new XmlError('a "<" inside a tag')
        else cursor += 1
      }
      if (gt === -1) return lt
      const selfClosing = xml[gt - 1] === SLASH
      if (stack.length === 0) {
        if (this.rootSeen) throw new XmlError('a second root element')
        this.rootSeen = true
      }
      const name = this.names.name(xml, colon === -1 ? lt + 1 : colon + 1, nameEnd)
      const handled = handler.open(name, xml, nameEnd, selfClosing ? gt - 1 : gt, selfClosing)
      if (selfClosing) handler.close(name)
      else if (handled > gt) {
        at = handled
        continue
      } else stack.push(name)
      at = gt + 1
    }
    return at
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
/** `&#x10FFFF;` is the longest reference XML allows without leading zeros; a few more for those. */
const LONGEST_REFERENCE = 16

function reference(name: string): string {
  const named = NAMED[name]
  if (named !== undefined) return named
  if (name.charCodeAt(0) === 35) {
    const hex = name.charCodeAt(1) === 120
    const digits = name.slice(hex ? 2 : 1)
    const code = (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)
      ? Number.parseInt(digits, hex ? 16 : 10)
      : NaN
    if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code)
  }
  throw new XmlError(`an unknown entity or character reference &${name.slice(0, 20)};`)
}

/** XML's five named entities and character references, decoded exactly once. */
export function decodeXmlText(raw: string): string {
  let amp = raw.indexOf('&')
  if (amp === -1) return raw
  let out = ''
  let from = 0
  while (amp !== -1) {
    const semicolon = raw.indexOf(';', amp + 1)
    if (semicolon === -1 || semicolon - amp > LONGEST_REFERENCE) throw new XmlError('a bare "&" in text')
    out += raw.slice(from, amp) + reference(raw.slice(amp + 1, semicolon))
    from = semicolon + 1
    amp = raw.indexOf('&', from)
  }
  return out + raw.slice(from)
}

/** Raw XML text (UTF-8 bytes from `start` to `end`) as a string: decoded, entities once. */
export function xmlText(xml: Buffer, start: number, end: number): string {
  let ascii = true
  for (let at = start; at < end; at += 1) {
    const code = xml[at] as number
    if (code === AMPERSAND) return decodeXmlText(xml.toString('utf8', start, end))
    if (code > 127) ascii = false
  }
  return ascii ? xml.toString('latin1', start, end) : xml.toString('utf8', start, end)
}

/** A CDATA section's literal text, escaped so that decoding it once with the text around it gives it back. */
export function escapedCdata(xml: Buffer, start: number, end: number): string {
  return xml.toString('utf8', start, end).replace(/&/g, '&amp;')
}

// Where the last `findAttribute` found its value; module state so that a lookup allocates nothing.
let valueStart = 0
let valueEnd = 0

/**
 * Finds the attribute `name` (ASCII) between `start` and `end` of `xml`; with
 * `anyPrefix`, `r:id` and `x:id` match `id`, otherwise only an unprefixed
 * name does. Sets `valueStart`/`valueEnd` (the raw value) and returns true.
 */
function findAttribute(xml: Buffer, start: number, end: number, name: string, anyPrefix = false): boolean {
  let at = start
  while (at < end) {
    while (at < end && isSpace(xml[at] as number)) at += 1
    if (at >= end) return false
    const nameStart = at
    let colon = -1
    while (at < end) {
      const code = xml[at] as number
      if (code === EQUALS || isSpace(code)) break
      if (code === COLON) colon = at
      at += 1
    }
    const nameEnd = at
    while (at < end && isSpace(xml[at] as number)) at += 1
    if (xml[at] !== EQUALS) throw new XmlError('an attribute with no value')
    at += 1
    while (at < end && isSpace(xml[at] as number)) at += 1
    const quote = xml[at]
    if (quote !== QUOTE && quote !== APOSTROPHE) throw new XmlError('an attribute value without quotes')
    let close = at + 1
    while (close < end && xml[close] !== quote) close += 1
    if (close >= end) throw new XmlError('an attribute value that is never closed')
    const localStart = colon === -1 ? nameStart : colon + 1
    if ((colon === -1 || anyPrefix) && bytesEqual(xml, localStart, nameEnd, name)) {
      valueStart = at + 1
      valueEnd = close
      return true
    }
    at = close + 1
  }
  return false
}

/** An attribute's decoded value, or undefined. */
export function attribute(
  xml: Buffer,
  start: number,
  end: number,
  name: string,
  anyPrefix = false,
): string | undefined {
  return findAttribute(xml, start, end, name, anyPrefix) ? xmlText(xml, valueStart, valueEnd) : undefined
}
