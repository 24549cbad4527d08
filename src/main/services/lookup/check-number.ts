import type { PhoneEntry } from '../../../shared/lookup/phone-list'
import { isRecordOfNumber, type LookupVerdict } from '../../../shared/lookup/verdicts'
import { MAX_LIMIT } from '../../../shared/paging'
import type { OptOutRecord } from '../../../shared/records'
import type { Result } from '../../../shared/result'
import { searchWithRetry, type RetryContext } from '../export/retry'
import type { SearchSource } from '../sources/search-source'

/**
 * One number's verdict: every opt-out record the source holds for it.
 *
 * Convoso is asked with `phone_number` alone (an exact match, per the API
 * reference) and the country code is checked here instead: a record stored
 * with no `phone_code`, or with "+1", still counts, where sending
 * `phone_code=1` would have left it out and the number would read "not found".
 * A record for the same digits under another country code does not count.
 * Each stored form of the number (UK 7700900123 and 07700900123) is asked.
 */

/** Every record for one `phone_number`, page by page (a number has a handful; a page holds 1000). */
async function recordsFor(
  source: SearchSource,
  entry: PhoneEntry,
  form: string,
  retry: RetryContext,
): Promise<Result<OptOutRecord[]>> {
  const params = { phone_number: form }
  const search = (offset: number, limit: number, signal: AbortSignal) =>
    source.search(params, offset, limit, signal)
  const found: OptOutRecord[] = []
  for (let offset = 0; offset <= source.maxOffset(); offset += MAX_LIMIT) {
    const page = await searchWithRetry(search, offset, MAX_LIMIT, retry)
    if (!page.ok) return page
    found.push(...page.data.records.filter((record) => isRecordOfNumber(record, form, entry.phoneCode)))
    if (page.data.records.length < MAX_LIMIT || offset + MAX_LIMIT >= page.data.total) break
  }
  return { ok: true, data: found }
}

export async function checkNumber(
  source: SearchSource,
  entry: PhoneEntry,
  retry: RetryContext,
): Promise<LookupVerdict> {
  const records: OptOutRecord[] = []
  const seen = new Set<string>()
  for (const form of entry.searchForms) {
    const answer = await recordsFor(source, entry, form, retry)
    if (!answer.ok) return { verdict: 'failed', entry, error: answer.error }
    for (const record of answer.data) {
      if (seen.has(record.id)) continue
      seen.add(record.id)
      records.push(record)
    }
  }
  return records.length > 0 ? { verdict: 'opted-out', entry, records } : { verdict: 'not-found', entry }
}
