import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  canonicalRowLine,
  createRowHasher,
  hashRows,
} from '../../../../src/main/services/export/canonical-hash'
import type { OptOutRecord } from '../../../../src/shared/records'

const ROWS: OptOutRecord[] = [
  {
    id: '1',
    phone_number: '02079460000',
    phone_code: '44',
    reason: 'Said "stop",\nthen left',
    purpose: '',
    insert_date: '2024-12-31 23:59:59',
    campaign_id: '0',
    campaign_name: '',
    extra: { campaign_uid: 'ignored' },
  },
  {
    id: '2',
    phone_number: '8181233567',
    phone_code: '1',
    reason: '=1+1',
    purpose: 'TELEMKT',
    insert_date: '2025-01-01',
    campaign_id: '1001',
    campaign_name: 'Café',
  },
]

/** The canonical text of ROWS, typed out by hand from the definition in canonical-hash.ts. */
const CANONICAL_TEXT =
  '"1","44","02079460000","Said \\"stop\\",\\nthen left","","2024-12-31 23:59:59","0",""\n' +
  '"2","1","8181233567","=1+1","TELEMKT","2025-01-01","1001","Café"\n'

describe('canonical row hash', () => {
  it('matches a hash computed independently (sha256sum of the literal text)', () => {
    expect(hashRows(ROWS)).toBe('ec6c369205e6e0a5ca6740e0c7e652612aa4e8adb57363ab884c41dffd2d9fab')
    expect(createHash('sha256').update(Buffer.from(CANONICAL_TEXT, 'utf8')).digest('hex')).toBe(
      hashRows(ROWS),
    )
  })

  it('writes each row as its JSON-string fields in RECORD_FIELDS order', () => {
    expect(ROWS.map(canonicalRowLine).join('')).toBe(CANONICAL_TEXT)
  })

  it('is the hash of nothing for no rows, and does not depend on how rows are split into pages', () => {
    expect(hashRows([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    const hasher = createRowHasher()
    hasher.update(ROWS.slice(0, 1))
    hasher.update([])
    hasher.update(ROWS.slice(1))
    expect(hasher.digest()).toBe(hashRows(ROWS))
  })

  it('escapes control characters and lone surrogates so every value has exactly one encoding', () => {
    const row = { ...(ROWS[1] as OptOutRecord), reason: 'a\u0001b\u000bc\ud800d\r' }
    expect(canonicalRowLine(row)).toContain('"a\\u0001b\\u000bc\\ud800d\\r"')
  })

  it('changes when any field or the row order changes', () => {
    const base = hashRows(ROWS)
    expect(hashRows([...ROWS].reverse())).not.toBe(base)
    expect(
      hashRows([{ ...(ROWS[0] as OptOutRecord), phone_number: '2079460000' }, ROWS[1] as OptOutRecord]),
    ).not.toBe(base)
  })
})
