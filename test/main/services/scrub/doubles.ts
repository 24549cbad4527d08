import { createRowStoreBuilder, type RowStore } from '../../../../src/main/services/offline/row-store'
import type { ListKeys } from '../../../../src/main/services/scrub/scrub-engine'
import type { OptOutRecord } from '../../../../src/shared/records'

/**
 * Small stand-ins for the send-list module's normaliser and record key (services/send-list, built
 * beside this one): a key is the digits of country code and number, written as a number. Enough to
 * test the matching and the rules without libphonenumber.
 */
export function testRecordKey(phoneCode: string, phoneNumber: string): number {
  const digits = `${phoneCode}${phoneNumber}`.replace(/\D/g, '')
  return digits.length >= 8 ? Number(digits) : Number.NaN
}

/** Numbers written with their country code ("+1 818 123 3567"); anything else is invalid. */
export function testListKeys(cells: readonly string[]): ListKeys {
  const key = new Float64Array(cells.length)
  const problem: (string | undefined)[] = []
  const firstRowOf = new Int32Array(cells.length)
  const first = new Map<number, number>()
  cells.forEach((cell, row) => {
    const digits = cell.replace(/\D/g, '')
    const value = cell.trim().startsWith('+') && digits.length >= 8 ? Number(digits) : Number.NaN
    key[row] = value
    problem[row] = value === value ? undefined : `"${cell}" is not a phone number.`
    const seen = value === value ? first.get(value) : undefined
    if (seen === undefined && value === value) first.set(value, row)
    firstRowOf[row] = seen ?? row
  })
  return { key, problem, firstRowOf }
}

let nextId = 1000
export function record(fields: Partial<OptOutRecord>): OptOutRecord {
  nextId += 1
  return {
    id: String(nextId),
    phone_code: '1',
    phone_number: '8181233567',
    reason: 'STOP',
    purpose: '',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: '0',
    campaign_name: '',
    ...fields,
  }
}

export function storeOf(records: readonly OptOutRecord[]): RowStore {
  const builder = createRowStoreBuilder(records.length)
  for (const one of records) builder.append(one)
  return builder.finish()
}

export function keysOf(store: RowStore): Float64Array {
  const keys = new Float64Array(store.length)
  const view = store.view()
  for (let row = 0; row < store.length; row += 1) {
    view.at = row
    keys[row] = testRecordKey(view.phone_code, view.phone_number)
  }
  return keys
}
