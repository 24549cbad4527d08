import { describe, expect, it } from 'vitest'
import {
  cellCopyText,
  phoneCopyText,
  recordCopyText,
  rowsCopyText,
  scopeText,
} from '../../../../src/renderer/src/components/results/copy-text'
import { makeRecord } from '../../../support/renderer/values'

const HEADER = 'Record ID\tPhone code\tPhone number\tReason\tPurpose\tInsert date\tCampaign ID\tCampaign name'

describe('what the grid copies', () => {
  it('copies a cell as Convoso sent it: no formatting, no "(blank)" marker', () => {
    const record = makeRecord(0, { phone_number: '08181233567', reason: '' })
    expect(cellCopyText(record, 'phone_number')).toBe('08181233567')
    expect(cellCopyText(record, 'reason')).toBe('')
    expect(cellCopyText(record, 'insert_date')).toBe('2024-04-22 17:01:31')
  })

  it('copies rows as tab-separated text under the report’s column names, one line per row', () => {
    const rows = [
      makeRecord(0, { reason: '' }),
      makeRecord(1, { reason: 'Said "stop"\tthen\nleft a voicemail', campaign_name: 'Spring Renewal' }),
    ]
    expect(rowsCopyText(rows)).toBe(
      [
        HEADER,
        '2778557\t1\t8181233567\t\tTELEMKT\t2024-04-22 17:01:31\t0\t',
        // A tab or line break inside a value would split the cell or the row in a spreadsheet.
        '2778558\t1\t8181233568\tSaid "stop" then left a voicemail\tTELEMKT\t2024-04-22 17:01:31\t1042\tSpring Renewal',
      ].join('\n'),
    )
  })

  it('copies a phone number with its country code, formatted, or as stored when it cannot be read', () => {
    expect(phoneCopyText({ phone_code: '1', phone_number: '8181233567' })).toBe('+1 818 123 3567')
    expect(phoneCopyText({ phone_code: '44', phone_number: '07700900123' })).toBe('+44 7700 900123')
    expect(phoneCopyText({ phone_code: '1', phone_number: '123' })).toBe('+1 123')
    expect(phoneCopyText({ phone_code: '', phone_number: '123' })).toBe('123')
  })

  it('says whether an opt-out is global or for one campaign', () => {
    expect(scopeText({ campaign_id: '0', campaign_name: '' })).toBe('Global: every campaign')
    expect(scopeText({ campaign_id: '1042', campaign_name: 'Spring Renewal' })).toBe(
      'Campaign 1042 (Spring Renewal) only',
    )
    expect(scopeText({ campaign_id: '1042', campaign_name: '' })).toBe('Campaign 1042 only')
  })

  it('copies a whole record as labelled lines, blanks marked, unknown fields included', () => {
    const record = makeRecord(1, { purpose: '', extra: { campaign_uid: 'c-77' } })
    expect(recordCopyText(record)).toBe(
      [
        'Phone number: +1 818 123 3568 (stored as 8181233568)',
        'Phone code: 1',
        'Opt-out: Campaign 1042 (Spring Renewal) only',
        'Reason: Reason 1',
        'Purpose: (blank)',
        'Insert date: 2024-04-22 17:01:31',
        'Record ID: 2778558',
        'Campaign ID: 1042',
        'Campaign name: Spring Renewal',
        'campaign_uid: c-77',
      ].join('\n'),
    )
  })
})
