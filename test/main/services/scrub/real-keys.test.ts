import { describe, expect, it } from 'vitest'
import { judgeList, verdictOfCode } from '../../../../src/main/services/scrub/scrub-engine'
import { buildSnapshotIndex } from '../../../../src/main/services/scrub/snapshot-index'
import { normaliseNumbers, recordKey } from '../../../../src/main/services/send-list/normalise'
import { record, storeOf } from './doubles'

/** The engine with the send-list module's real normaliser and record key: numbers written every way match. */
describe('matching with the real phone keys', () => {
  it('matches UK and US numbers however the list writes them, and never across countries', async () => {
    const store = storeOf([
      record({ id: 'uk', phone_code: '44', phone_number: '7700900123', campaign_id: '0' }),
      record({ id: 'us', phone_code: '1', phone_number: '8181233567', campaign_id: '0' }),
    ])
    const keys = new Float64Array(store.length)
    const view = store.view()
    for (let row = 0; row < store.length; row += 1) {
      view.at = row
      keys[row] = recordKey(view.phone_code, view.phone_number)
    }
    const cells = [
      '07700 900123',
      '+44 7700 900123',
      '0044 7700 900123',
      '818-123-3567',
      '001 818 123 3567',
      '+1 (818) 123-3567',
      '7700 900124',
      'not a number',
    ]
    const list = normaliseNumbers(
      cells.map((cell) => [cell]),
      { phoneColumn: 0, codeColumn: null, defaultCountry: 'GB' },
    )
    expect(list.key[3]).not.toBe(list.key[4])
    const judged = await judgeList(list, { index: buildSnapshotIndex(keys), store }, { campaignId: null })
    expect([...judged.verdict].map(verdictOfCode)).toEqual([
      'do-not-send',
      'duplicate',
      'duplicate',
      // 818-123-3567 read for the UK is a UK number (+44 818…), not the US one.
      'clear',
      'do-not-send',
      'duplicate',
      'clear',
      'invalid',
    ])
  })
})
