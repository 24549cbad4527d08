import { z } from 'zod'
import type { OptOutRecord, SearchPage } from '../../../shared/records'
import type { Result } from '../../../shared/result'
import { errorFromConvosoBody, isFailureFlag, malformed } from './errors'

/**
 * Accepts every search-response shape Convoso is known to send and returns one
 * `SearchPage`:
 *   { success, offset, limit, total, records: [...] }         (help page)
 *   { success, data: { offset, limit, total, entries: [...] } } (SDKs, DNC)
 * Counts may be numbers or numeric strings. Anything it cannot read with
 * certainty is a malformed response, never a guess: a compliance officer must
 * not see "no records" because a field moved.
 *
 * zod checks only the three counts; records go through a hand-written loop
 * because pages of 1000 are normalised on every search.
 */

const count = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .trim()
    .regex(/^\d+$/)
    .transform((value) => Number(value)),
])

const KNOWN_FIELDS = new Set([
  'id',
  'phone_number',
  'phone_code',
  'reason',
  'purpose',
  'insert_date',
  'campaign_id',
  'campaign_name',
])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  return JSON.stringify(value)
}

function readCount(container: Record<string, unknown>, field: 'offset' | 'limit' | 'total'): number | string {
  const parsed = count.safeParse(container[field])
  if (parsed.success) return parsed.data
  return container[field] === undefined ? `no "${field}"` : `"${field}" is not a whole number`
}

/** The list of rows, wherever this shape keeps it; `undefined` when there is none. */
function rowsOf(container: Record<string, unknown>): unknown {
  return container.records ?? container.entries
}

function normaliseRecords(rows: unknown[], offset: number): OptOutRecord[] | string {
  const records = new Array<OptOutRecord>(rows.length)
  for (let index = 0; index < rows.length; index += 1) {
    const raw = rows[index]
    if (!isRecord(raw)) return `row ${offset + index + 1} is not a record`
    const id = toText(raw.id)
    if (id.trim() === '') return `row ${offset + index + 1} has no ID`

    // One SDK reports `Purpose` with a capital P; the lower-case field wins if both exist.
    const hasLowerPurpose = raw.purpose !== undefined && raw.purpose !== null
    const record: OptOutRecord = {
      id,
      phone_number: toText(raw.phone_number),
      phone_code: toText(raw.phone_code),
      reason: toText(raw.reason),
      purpose: toText(hasLowerPurpose ? raw.purpose : raw.Purpose),
      insert_date: toText(raw.insert_date),
      campaign_id: toText(raw.campaign_id),
      campaign_name: toText(raw.campaign_name),
    }

    let extra: Record<string, string> | undefined
    for (const key in raw) {
      if (KNOWN_FIELDS.has(key)) continue
      if (key === 'Purpose' && !hasLowerPurpose) continue
      // JSON.parse makes "__proto__" an own key; assigning it would swap the prototype.
      if (key === '__proto__') continue
      extra ??= {}
      extra[key] = toText(raw[key])
    }
    if (extra !== undefined) record.extra = extra
    records[index] = record
  }
  return records
}

/** `token` is what was sent with the request: any server text quoted in an error has it removed first. */
export function normaliseSearchResponse(body: unknown, token: string): Result<SearchPage> {
  if (!isRecord(body)) return { ok: false, error: malformed('not a JSON object') }

  const rowsAtTop = rowsOf(body)
  const nested = isRecord(body.data) ? body.data : undefined
  if (isFailureFlag(body.success)) return { ok: false, error: errorFromConvosoBody(body, token) }
  if (
    body.success === undefined &&
    rowsAtTop === undefined &&
    nested === undefined &&
    body.total === undefined
  ) {
    const explained = ['code', 'text', 'message', 'error'].some((key) => body[key] !== undefined)
    return {
      ok: false,
      error: explained ? errorFromConvosoBody(body, token) : malformed('no search results in it'),
    }
  }

  // The counts live next to the rows: at the top level, or inside `data`.
  const container = rowsAtTop === undefined && nested !== undefined ? nested : body
  const offset = readCount(container, 'offset')
  if (typeof offset === 'string') return { ok: false, error: malformed(offset) }
  const limit = readCount(container, 'limit')
  if (typeof limit === 'string') return { ok: false, error: malformed(limit) }
  const total = readCount(container, 'total')
  if (typeof total === 'string') return { ok: false, error: malformed(total) }

  let rows = rowsOf(container)
  if (rows === undefined || rows === null) {
    if (total !== 0) return { ok: false, error: malformed('records are missing') }
    rows = []
  }
  // PHP encodes a non-sequential array as an object keyed by index.
  if (isRecord(rows)) rows = Object.values(rows)
  if (!Array.isArray(rows)) return { ok: false, error: malformed('records are not a list') }

  const records = normaliseRecords(rows, offset)
  if (typeof records === 'string') return { ok: false, error: malformed(records) }
  return { ok: true, data: { offset, limit, total, records } }
}
