import type { OptOutRecord } from '../../../src/shared/records'

export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (reason: unknown) => void
}

/** A promise the test settles when it chooses, to hold a real call "in flight". */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Like `array.find`, but a test failure instead of `undefined`. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}`)
  return value
}

/** A record as Convoso returns it, for components given rows directly. */
export function makeRecord(index: number, overrides: Partial<OptOutRecord> = {}): OptOutRecord {
  return {
    id: String(2_778_557 + index),
    phone_number: String(8_181_233_567 + index),
    phone_code: '1',
    reason: `Reason ${index}`,
    purpose: 'TELEMKT',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: index % 2 === 0 ? '0' : '1042',
    campaign_name: index % 2 === 0 ? '' : 'Spring Renewal',
    ...overrides,
  }
}
