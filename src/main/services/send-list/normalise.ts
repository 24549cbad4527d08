import type { SendListColumns } from '../../../shared/scrub'
import type { NormalisedList } from './types'

/**
 * Send-list numbers and opt-out records to one comparable key: the E.164
 * number's digits as a Number. (Contract step: implemented in the next commit.)
 */

export interface NormaliseOptions extends SendListColumns {
  signal?: AbortSignal
}

export function normaliseNumbers(
  rows: readonly (readonly string[])[],
  options: NormaliseOptions,
): NormalisedList {
  void rows
  void options
  throw new Error('normaliseNumbers: not built yet')
}

/** The key of an opt-out record (Convoso's phone_code and phone_number); NaN when it cannot be one. */
export function recordKey(phoneCode: string, phoneNumber: string): number {
  void phoneCode
  void phoneNumber
  throw new Error('recordKey: not built yet')
}
