import { isLookupCountry, parsePhoneList } from '../../../shared/lookup/phone-list'
import { fail, ok, type Result } from '../../../shared/result'
import type { NormalisedSample, PreviewNormalisedResponse, SendListColumns } from '../../../shared/scrub'
import { readCell } from './normalise'

/**
 * What each sample row's number becomes with the chosen columns and country,
 * read exactly as the scrub will read it (readCell), shown as the lookup shows
 * numbers (national for the default country's calling code, international otherwise).
 */
export function previewNormalisedRows(
  list: { header: readonly string[]; sample: readonly (readonly string[])[] },
  { phoneColumn, codeColumn, defaultCountry }: SendListColumns,
): Result<PreviewNormalisedResponse> {
  const columns = list.header.length
  const problem = (field: string, message: string): Result<PreviewNormalisedResponse> =>
    fail({ kind: 'validation', message, fieldErrors: { [field]: message } })
  if (phoneColumn >= columns) {
    return problem(
      'phoneColumn',
      `The list has ${columns} column${columns === 1 ? '' : 's'}; choose one of them.`,
    )
  }
  if (codeColumn !== null && codeColumn >= columns) {
    return problem(
      'codeColumn',
      `The list has ${columns} column${columns === 1 ? '' : 's'}; choose one of them, or none.`,
    )
  }
  if (codeColumn === phoneColumn) {
    return problem(
      'codeColumn',
      'The country code column cannot be the phone column; choose another, or none.',
    )
  }
  if (!isLookupCountry(defaultCountry)) {
    return problem(
      'defaultCountry',
      `${defaultCountry} is not a country phone numbers can be read for. Use a two-letter country code such as US or GB.`,
    )
  }
  const rows = list.sample.map((row): NormalisedSample => {
    const input = row[phoneColumn] ?? ''
    const reading = readCell(input, codeColumn === null ? undefined : (row[codeColumn] ?? ''), defaultCountry)
    if (!reading.ok) return { input, e164: null, display: input, problem: reading.problem }
    const e164 = `+${reading.digits}`
    const entry = parsePhoneList(e164, defaultCountry).entries[0]
    return {
      input,
      e164,
      display: entry?.kind === 'number' ? entry.display : e164,
      problem: null,
      ...(reading.note !== undefined ? { note: reading.note } : {}),
    }
  })
  return ok({ rows })
}
