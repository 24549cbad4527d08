import type { OptOutRecord } from '../../../shared/records'
import { integerCellValue, parseWallClock } from '../export/cell-values'
import { ownString } from './cell-text'

/**
 * An opened report's rows, held column by column, mostly in typed arrays: a
 * million rows take about 80 MB and one million heap strings instead of eight
 * (fewer objects also keep garbage collection during the read short). Each
 * value reads back as its exact text:
 * - id: the number, when the text is a plain whole number (no leading zeros);
 * - insert date: the wall-clock time in ms and whether it had a time of day;
 * - phone code, reason, purpose, campaign id and name repeat: a code into
 *   the column's list of distinct values;
 * - phone number: a plain string. Searching by number is the common case, and
 *   rebuilding ten digits from a number costs more than the rest of a scan
 *   (280 ms against 7 ms for a million rows, measured).
 * Text the compact forms cannot give back exactly is kept as it is, by row.
 * A reusable view reads one row at a time as an `OptOutRecord`, so the one
 * filter implementation (convoso/matching.ts) runs over it unchanged.
 */

type CodedField = 'phone_code' | 'reason' | 'purpose' | 'campaign_id' | 'campaign_name'

const CODED_FIELDS: readonly CodedField[] = [
  'phone_code',
  'reason',
  'purpose',
  'campaign_id',
  'campaign_name',
]
/** A guard against a report claiming absurd row counts: capacity is only a hint. */
const MAX_CAPACITY_HINT = 2_000_000
const MIN_CAPACITY = 1024

function grown<T extends Float64Array | Uint8Array | Uint32Array>(array: T, needed: number): T {
  if (needed < array.length) return array
  const bigger = new (array.constructor as new (length: number) => T)(
    Math.max(MIN_CAPACITY, array.length * 2),
  )
  bigger.set(array)
  return bigger
}

/** Text by row, for the few values the compact forms cannot hold. */
class Exceptions {
  private readonly byRow: Map<number, string>
  constructor(entries: Iterable<[number, string]> = []) {
    this.byRow = new Map(entries)
  }
  entries(): [number, string][] {
    return [...this.byRow]
  }
  set(row: number, text: string): void {
    if (text !== '') this.byRow.set(row, ownString(text))
  }
  get(row: number): string {
    return this.byRow.get(row) ?? ''
  }
  get size(): number {
    return this.byRow.size
  }
}

class TextColumn {
  constructor(readonly values: string[] = []) {}
  set(row: number, text: string): void {
    this.values[row] = ownString(text)
  }
  get(row: number): string {
    return this.values[row] as string
  }
}

class IntegerTextColumn {
  /** NaN where the text is in `exceptions` (or empty). */
  values: Float64Array
  constructor(
    capacity: number | Float64Array,
    readonly exceptions = new Exceptions(),
  ) {
    this.values = typeof capacity === 'number' ? new Float64Array(capacity) : capacity
  }
  set(row: number, text: string): void {
    this.values = grown(this.values, row)
    const number = integerCellValue(text)
    this.values[row] = number ?? Number.NaN
    if (number === undefined) this.exceptions.set(row, text)
  }
  get(row: number): string {
    const value = this.values[row] as number
    return value === value ? String(value) : this.exceptions.get(row)
  }
  seal(rows: number): void {
    this.values = this.values.slice(0, rows)
  }
}

const TEXT = 0
const DATE_TIME = 1
const DATE_ONLY = 2
const DAY_MS = 86_400_000
const ZERO = 48

/** Year, month and day of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day]
}

class WallClockColumn {
  /** Convoso's wall-clock time as if it were UTC, in ms (see export/cell-values.ts). */
  times: Float64Array
  kinds: Uint8Array
  /** `YYYY-MM-DD` as character codes for the last day read: rows come in date order, so mostly a hit. */
  private cachedDay = Number.NaN
  private readonly day: number[] = Array.from({ length: 10 }, () => ZERO)
  constructor(
    capacity: number | { times: Float64Array; kinds: Uint8Array },
    readonly exceptions = new Exceptions(),
  ) {
    this.times = typeof capacity === 'number' ? new Float64Array(capacity) : capacity.times
    this.kinds = typeof capacity === 'number' ? new Uint8Array(capacity) : capacity.kinds
  }
  set(row: number, text: string): void {
    this.times = grown(this.times, row)
    this.kinds = grown(this.kinds, row)
    // parseWallClock takes only the two exact layouts, so formatting it again gives the same text.
    const wallClock = text === '' ? undefined : parseWallClock(text)
    if (wallClock) {
      this.times[row] = wallClock.date.getTime()
      this.kinds[row] = wallClock.hasTime ? DATE_TIME : DATE_ONLY
    } else {
      this.kinds[row] = TEXT
      this.exceptions.set(row, text)
    }
  }
  /**
   * Built from character codes without a Date: a search by insert date reads
   * every row's text, and this is twice as fast as going through Date's
   * getters, and gives flat strings (see cell-text.ts wallClockText).
   */
  get(row: number): string {
    const kind = this.kinds[row] as number
    if (kind === TEXT) return this.exceptions.get(row)
    const time = this.times[row] as number
    const days = Math.floor(time / DAY_MS)
    const d = this.day
    if (days !== this.cachedDay) {
      this.cachedDay = days
      const [year, month, day] = civilFromDays(days)
      d[0] = ZERO + Math.floor(year / 1000)
      d[1] = ZERO + (Math.floor(year / 100) % 10)
      d[2] = ZERO + (Math.floor(year / 10) % 10)
      d[3] = ZERO + (year % 10)
      d[4] = 45
      d[5] = ZERO + Math.floor(month / 10)
      d[6] = ZERO + (month % 10)
      d[7] = 45
      d[8] = ZERO + Math.floor(day / 10)
      d[9] = ZERO + (day % 10)
    }
    const c = d as [number, number, number, number, number, number, number, number, number, number]
    if (kind === DATE_ONLY)
      return String.fromCharCode(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])
    const seconds = Math.round((time - days * DAY_MS) / 1000)
    const hour = Math.floor(seconds / 3600)
    const minute = Math.floor(seconds / 60) % 60
    const second = seconds % 60
    // prettier-ignore
    return String.fromCharCode(
      c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], 32,
      ZERO + Math.floor(hour / 10), ZERO + (hour % 10), 58,
      ZERO + Math.floor(minute / 10), ZERO + (minute % 10), 58,
      ZERO + Math.floor(second / 10), ZERO + (second % 10),
    )
  }
  seal(rows: number): void {
    this.times = this.times.slice(0, rows)
    this.kinds = this.kinds.slice(0, rows)
  }
}

class CodedColumn {
  codes: Uint32Array
  private readonly index = new Map<string, number>()
  constructor(
    capacity: number | Uint32Array,
    readonly values: string[] = [],
  ) {
    this.codes = typeof capacity === 'number' ? new Uint32Array(capacity) : capacity
  }
  set(row: number, value: string): void {
    let code = this.index.get(value)
    if (code === undefined) {
      code = this.values.length
      const owned = ownString(value)
      this.values.push(owned)
      this.index.set(owned, code)
    }
    this.codes = grown(this.codes, row)
    this.codes[row] = code
  }
  get(row: number): string {
    return this.values[this.codes[row] as number] as string
  }
  /** Gives back the spare capacity and the lookup table, which only appending needs. */
  seal(rows: number): void {
    this.codes = this.codes.slice(0, rows)
    this.index.clear()
  }
}

export interface RowStore {
  readonly length: number
  /** A plain record (a copy): what a search page returns. */
  record(row: number): OptOutRecord
  /** One reusable record whose fields read row `at`; valid until `at` changes. */
  view(): RowView
  /** Distinct values held for a repetitive field. */
  distinctValues(field: CodedField): number
  /** Ids or insert dates kept as plain text (the compact form could not give them back). */
  textValues(field: 'id' | 'insert_date'): number
  /** The columns as plain data, to move the store from a worker to main (see rowStoreFromColumns). */
  columns(): RowStoreColumns
  /**
   * The same columns as copies of their own (every buffer may be moved to a worker while this store
   * goes on being searched), built UNPACK_SLICE_ROWS rows at a time with the event loop getting a
   * turn between: encoding a million phone numbers at once held main's loop over a second on a loaded
   * machine (measured). For the scrub, which matches a send list against an opened report in a worker.
   */
  columnsCopy(): Promise<RowStoreColumns>
}

/**
 * A sealed store as structured-clone data. The typed arrays move without a copy
 * (transferablesOf), the phone numbers too, as bytes: a million separate strings,
 * or even one string of them all, cost main a long pause to receive (a 300,000-row
 * report's 3 MB of phone numbers took over 100 ms to clone as a string, measured).
 */
export interface RowStoreColumns {
  length: number
  id: { values: Float64Array; exceptions: [number, string][] }
  /** Every phone number's UTF-16 code units end to end (exact for any text), and where each ends, in units. */
  phoneNumbers: { utf16: Uint8Array; ends: Uint32Array }
  insertDate: { times: Float64Array; kinds: Uint8Array; exceptions: [number, string][] }
  coded: Record<CodedField, { codes: Uint32Array; values: string[] }>
}

/** The buffers of `columns`, to transfer rather than copy (they are unusable where they came from afterwards). */
export function transferablesOf(columns: RowStoreColumns): ArrayBuffer[] {
  const arrays = [
    columns.id.values,
    columns.phoneNumbers.ends,
    columns.phoneNumbers.utf16,
    columns.insertDate.times,
    columns.insertDate.kinds,
    ...CODED_FIELDS.map((field) => columns.coded[field].codes),
  ]
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))]
}

/** Phone numbers are decoded this many rows at a time, main's event loop getting a turn between. */
const UNPACK_SLICE_ROWS = 10_000
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** `text` as UTF-16 code units in a buffer of its own (never a pooled one: it is transferred). */
function utf16Of(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2)
  Buffer.from(bytes.buffer).write(text, 'utf16le')
  return bytes
}

/** Rebuilds a store from `columns`, as searchable as the one they came from. */
export async function rowStoreFromColumns(columns: RowStoreColumns): Promise<RowStore> {
  const { length, phoneNumbers } = columns
  const { utf16, ends } = phoneNumbers
  const bytes = Buffer.from(utf16.buffer, utf16.byteOffset, utf16.byteLength)
  const phones: string[] = new Array<string>(length)
  for (let first = 0; first < length; first += UNPACK_SLICE_ROWS) {
    const last = Math.min(length, first + UNPACK_SLICE_ROWS)
    const from = first === 0 ? 0 : (ends[first - 1] as number)
    const text = bytes.toString('utf16le', from * 2, (ends[last - 1] as number) * 2)
    let start = 0
    for (let row = first; row < last; row += 1) {
      const end = (ends[row] as number) - from
      phones[row] = ownString(text.slice(start, end))
      start = end
    }
    await nextTurn()
  }
  const coded = {} as Record<CodedField, CodedColumn>
  for (const field of CODED_FIELDS) {
    coded[field] = new CodedColumn(columns.coded[field].codes, columns.coded[field].values)
  }
  return sealedStore(
    length,
    new IntegerTextColumn(columns.id.values, new Exceptions(columns.id.exceptions)),
    new TextColumn(phones),
    new WallClockColumn(columns.insertDate, new Exceptions(columns.insertDate.exceptions)),
    coded,
  )
}

export interface RowView extends OptOutRecord {
  at: number
}

export interface RowStoreBuilder {
  append(record: OptOutRecord): void
  readonly length: number
  finish(): RowStore
}

export function createRowStoreBuilder(capacityHint = 0): RowStoreBuilder {
  const capacity = Math.max(0, Math.min(Math.floor(capacityHint) || 0, MAX_CAPACITY_HINT))
  let length = 0
  const id = new IntegerTextColumn(capacity)
  const phoneNumber = new TextColumn()
  const insertDate = new WallClockColumn(capacity)
  const coded = {
    phone_code: new CodedColumn(capacity),
    reason: new CodedColumn(capacity),
    purpose: new CodedColumn(capacity),
    campaign_id: new CodedColumn(capacity),
    campaign_name: new CodedColumn(capacity),
  } satisfies Record<CodedField, CodedColumn>

  return {
    get length() {
      return length
    },
    append(record) {
      id.set(length, record.id)
      phoneNumber.set(length, record.phone_number)
      insertDate.set(length, record.insert_date)
      coded.phone_code.set(length, record.phone_code)
      coded.reason.set(length, record.reason)
      coded.purpose.set(length, record.purpose)
      coded.campaign_id.set(length, record.campaign_id)
      coded.campaign_name.set(length, record.campaign_name)
      length += 1
    },
    finish() {
      id.seal(length)
      insertDate.seal(length)
      for (const field of CODED_FIELDS) coded[field].seal(length)
      return sealedStore(length, id, phoneNumber, insertDate, coded)
    },
  }
}

function sealedStore(
  length: number,
  id: IntegerTextColumn,
  phoneNumber: TextColumn,
  insertDate: WallClockColumn,
  coded: Readonly<Record<CodedField, CodedColumn>>,
): RowStore {
  const phoneCode = coded.phone_code
  const reason = coded.reason
  const purpose = coded.purpose
  const campaignId = coded.campaign_id
  const campaignName = coded.campaign_name

  // A class, not an object literal, so every view shares one shape and V8 keeps the getters inlined.
  class View implements RowView {
    at = 0
    get id(): string {
      return id.get(this.at)
    }
    get phone_number(): string {
      return phoneNumber.get(this.at)
    }
    get insert_date(): string {
      return insertDate.get(this.at)
    }
    get phone_code(): string {
      return phoneCode.get(this.at)
    }
    get reason(): string {
      return reason.get(this.at)
    }
    get purpose(): string {
      return purpose.get(this.at)
    }
    get campaign_id(): string {
      return campaignId.get(this.at)
    }
    get campaign_name(): string {
      return campaignName.get(this.at)
    }
  }

  return {
    length,
    record: (row) => ({
      id: id.get(row),
      phone_number: phoneNumber.get(row),
      phone_code: phoneCode.get(row),
      reason: reason.get(row),
      purpose: purpose.get(row),
      insert_date: insertDate.get(row),
      campaign_id: campaignId.get(row),
      campaign_name: campaignName.get(row),
    }),
    view: () => new View(),
    distinctValues: (field) => coded[field].values.length,
    textValues: (field) => (field === 'id' ? id : insertDate).exceptions.size,
    columns() {
      const ends = new Uint32Array(length)
      let end = 0
      for (let row = 0; row < length; row += 1) {
        end += phoneNumber.get(row).length
        ends[row] = end
      }
      const codedColumns = {} as RowStoreColumns['coded']
      for (const field of CODED_FIELDS) {
        codedColumns[field] = { codes: coded[field].codes, values: coded[field].values }
      }
      return {
        length,
        id: { values: id.values, exceptions: id.exceptions.entries() },
        phoneNumbers: { utf16: utf16Of(phoneNumber.values.slice(0, length).join('')), ends },
        insertDate: {
          times: insertDate.times,
          kinds: insertDate.kinds,
          exceptions: insertDate.exceptions.entries(),
        },
        coded: codedColumns,
      }
    },
    async columnsCopy() {
      const ends = new Uint32Array(length)
      let end = 0
      for (let first = 0; first < length; first += UNPACK_SLICE_ROWS) {
        const last = Math.min(length, first + UNPACK_SLICE_ROWS)
        for (let row = first; row < last; row += 1) {
          end += phoneNumber.get(row).length
          ends[row] = end
        }
        await nextTurn()
      }
      const utf16 = new Uint8Array(end * 2)
      const bytes = Buffer.from(utf16.buffer, utf16.byteOffset, utf16.byteLength)
      for (let first = 0; first < length; first += UNPACK_SLICE_ROWS) {
        const last = Math.min(length, first + UNPACK_SLICE_ROWS)
        const from = first === 0 ? 0 : (ends[first - 1] as number)
        bytes.write(phoneNumber.values.slice(first, last).join(''), from * 2, 'utf16le')
        await nextTurn()
      }
      const codedColumns = {} as RowStoreColumns['coded']
      for (const field of CODED_FIELDS) {
        codedColumns[field] = { codes: coded[field].codes.slice(0, length), values: [...coded[field].values] }
      }
      return {
        length,
        id: { values: id.values.slice(0, length), exceptions: id.exceptions.entries() },
        phoneNumbers: { utf16, ends },
        insertDate: {
          times: insertDate.times.slice(0, length),
          kinds: insertDate.kinds.slice(0, length),
          exceptions: insertDate.exceptions.entries(),
        },
        coded: codedColumns,
      }
    },
  }
}
