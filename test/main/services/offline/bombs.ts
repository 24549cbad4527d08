import { constants, deflateRawSync } from 'node:zlib'
import { RECORD_FIELDS } from '../../../../src/shared/records'

/**
 * Hostile workbooks, built without ever holding their inflated content: a part
 * is a short text repeated many times, deflated once with a full flush (which
 * makes the compressed piece independent of what came before), so the piece
 * can be repeated to make a part that inflates to a gigabyte from a megabyte.
 */

export interface BombPart {
  /** Inflated: head, then `middle` × `repeat`, then tail. */
  head: string
  /** The same text each time, or a text made from its index (which deflates far less well). */
  middle?: string | ((index: number) => string)
  repeat?: number
  tail?: string
  /** What the zip's directory claims the part inflates to; the truth when not given. */
  claimedSize?: number
}

function deflatedPart(part: BombPart): { data: Buffer; size: number } {
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 }
  const pieces: Buffer[] = [deflateRawSync(Buffer.from(part.head, 'utf8'), flush)]
  let size = Buffer.byteLength(part.head)
  const repeat = part.repeat ?? 0
  const middle = part.middle
  if (typeof middle === 'function' && repeat > 0) {
    let text = ''
    for (let index = 0; index < repeat; index += 1) {
      text += middle(index)
      if (text.length >= 1024 * 1024 || index === repeat - 1) {
        pieces.push(deflateRawSync(Buffer.from(text, 'utf8'), flush))
        size += Buffer.byteLength(text)
        text = ''
      }
    }
  } else if (typeof middle === 'string' && repeat > 0) {
    // Many copies of the text per deflated piece, so the piece compresses as well as deflate can.
    const copies = Math.max(1, Math.min(repeat, Math.floor((1024 * 1024) / Buffer.byteLength(middle))))
    const piece = deflateRawSync(Buffer.from(middle.repeat(copies), 'utf8'), flush)
    const whole = Math.floor(repeat / copies)
    for (let i = 0; i < whole; i += 1) pieces.push(piece)
    const rest = repeat - whole * copies
    if (rest > 0) pieces.push(deflateRawSync(Buffer.from(middle.repeat(rest), 'utf8'), flush))
    size += Buffer.byteLength(middle) * repeat
  }
  pieces.push(deflateRawSync(Buffer.from(part.tail ?? '', 'utf8')))
  size += Buffer.byteLength(part.tail ?? '')
  return { data: Buffer.concat(pieces), size }
}

export interface ZipPart {
  name: string
  /** As stored in the file: deflated when `method` is 8. */
  data: Buffer
  method: 0 | 8
  /** What the directory claims the part inflates to. */
  size: number
  crc: number
}

/** The bytes of a zip holding these parts (no zip64: each part under 4 GB). */
export function zipArchive(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    if (part.size > 0xffffffff) throw new Error('a part must claim less than 4 GB (no zip64 here)')
    const nameBytes = Buffer.from(part.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(part.method, 8)
    local.writeUInt32LE(part.crc, 14)
    local.writeUInt32LE(part.data.length, 18)
    local.writeUInt32LE(part.size, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(part.method, 10)
    central.writeUInt32LE(part.crc, 16)
    central.writeUInt32LE(part.data.length, 20)
    central.writeUInt32LE(part.size, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, part.data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + part.data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** A zip of deflated parts (CRC left at 0: yauzl does not check it, and neither does the reader). */
export function deflatedZip(parts: Record<string, BombPart>): Buffer {
  return zipArchive(
    Object.entries(parts).map(([name, part]) => {
      const { data, size } = deflatedPart(part)
      return { name, data, method: 8, size: part.claimedSize ?? size, crc: 0 }
    }),
  )
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships'
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** The workbook parts around one sheet called "Opt-outs" (and shared text, when given). */
export function workbookWith(sheet: BombPart, sharedStrings?: BombPart): Buffer {
  return deflatedZip({
    'xl/workbook.xml': {
      head:
        `<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}">` +
        '<sheets><sheet name="Opt-outs" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    'xl/_rels/workbook.xml.rels': {
      head:
        `<Relationships xmlns="${RELS}"><Relationship Id="rId1" ` +
        `Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    ...(sharedStrings ? { 'xl/sharedStrings.xml': sharedStrings } : {}),
    'xl/worksheets/sheet1.xml': sheet,
  })
}

export const SHEET_HEAD = `<worksheet xmlns="${MAIN}"><sheetData>`
export const SHEET_TAIL = '</sheetData></worksheet>'

/** A header row with Convoso's field names, as inline strings; `withReferences` writes `r` on rows and cells. */
export function headerRow(withReferences = true): string {
  const cells = RECORD_FIELDS.map(
    (name, index) =>
      `<c${withReferences ? ` r="${String.fromCharCode(65 + index)}1"` : ''} t="inlineStr"><is><t>${name}</t></is></c>`,
  ).join('')
  return `<row${withReferences ? ' r="1"' : ''}>${cells}</row>`
}
