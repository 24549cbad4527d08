import { describe, expect, it } from 'vitest'
import { describeSearchAnswer, type SearchAnswerInput } from '../../../src/shared/lookup/search-answer'
import { LOOKUP_CAMPAIGN_42, LOOKUP_GLOBAL } from '../../support/lookup-records'

const GLOBAL = LOOKUP_GLOBAL
const CAMPAIGN = LOOKUP_CAMPAIGN_42

function answer(input: Partial<SearchAnswerInput> & Pick<SearchAnswerInput, 'params' | 'records'>) {
  return describeSearchAnswer({ total: input.records.length, offset: 0, source: 'convoso', ...input })
}

describe('describeSearchAnswer', () => {
  it('says nothing when the search was not for a phone number', () => {
    expect(answer({ params: {}, records: [GLOBAL] })).toBeNull()
    expect(answer({ params: { campaign_id: '0' }, records: [GLOBAL] })).toBeNull()
  })

  it('gives one record as the issue’s sentence: where, since when, why', () => {
    expect(answer({ params: { phone_number: '8181233567' }, records: [GLOBAL] })).toEqual({
      kind: 'verdict',
      verdict: 'opted-out',
      text: '(818) 123-3567 is opted out: global, since 2024-04-22 17:01, reason: Customer asked by phone.',
    })
  })

  it('gives several records one clause each, counted', () => {
    expect(answer({ params: { phone_number: '8181233567' }, records: [GLOBAL, CAMPAIGN] })?.text).toBe(
      '(818) 123-3567 is opted out in 2 places: global, since 2024-04-22 17:01, reason: Customer asked by phone; ' +
        'campaign 42 (Spring promo), since 2025-01-05 09:30, reason: STOP reply, purpose: TELEMKT.',
    )
  })

  it('says "not on the opt-out list", or "not in this report" for an opened report', () => {
    expect(answer({ params: { phone_number: '3105550199' }, records: [] })).toEqual({
      kind: 'verdict',
      verdict: 'not-found',
      text: '(310) 555-0199 is not on the opt-out list.',
    })
    expect(answer({ params: { phone_number: '3105550199' }, records: [], source: 'report' })?.text).toBe(
      '(310) 555-0199 is not in this report.',
    )
  })

  it('does not count the same digits under another country code as this number, and says they are shown', () => {
    const uk = { ...LOOKUP_GLOBAL, id: '9', phone_code: '44' }
    expect(answer({ params: { phone_number: '8181233567' }, records: [uk] })?.text).toBe(
      '(818) 123-3567 is not on the opt-out list. The grid also shows 1 record for the same digits under another country code.',
    )
  })

  it('names the country code searched with, since records stored under another code or none were left out', () => {
    const found = answer({ params: { phone_number: '2079460000', phone_code: '44' }, records: [] })
    expect(found?.text).toBe(
      '+44 20 7946 0000 is not on the opt-out list. Only records stored with country code 44 were searched.',
    )
  })

  it('is true of the exact digits searched: "18181233567" is not called (818) 123-3567', () => {
    const found = answer({ params: { phone_number: '18181233567' }, records: [] })
    expect(found?.text).toBe(
      '18181233567 is not on the opt-out list. Convoso matches the exact digits, and this number is usually stored as 8181233567: search that to check it.',
    )
  })

  it('with other filters set, says the rows are only those that match them too', () => {
    const found = answer({ params: { phone_number: '8181233567', campaign_id: '42' }, records: [] })
    expect(found).toEqual({
      kind: 'narrowed',
      text:
        'Only (818) 123-3567’s records that also match campaign 42 are shown. ' +
        'Clear the other filters to see whether it is opted out anywhere.',
    })
  })

  it('does not read a verdict into one page of many: it counts them and points to the grid', () => {
    const found = answer({ params: { phone_number: '8181233567' }, records: [GLOBAL], total: 30 })
    expect(found?.text).toBe(
      '(818) 123-3567 has 30 opt-out records under these exact digits; the grid lists them page by page.',
    )
  })
})
