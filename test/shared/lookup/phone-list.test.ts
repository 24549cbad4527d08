import { describe, expect, it } from 'vitest'
import {
  parsePhoneList,
  parsePhoneListInSteps,
  type InvalidEntry,
  type LookupEntry,
  type PhoneEntry,
} from '../../../src/shared/lookup/phone-list'

function numbers(entries: LookupEntry[]): PhoneEntry[] {
  return entries.filter((entry): entry is PhoneEntry => entry.kind === 'number')
}

function invalid(entries: LookupEntry[]): InvalidEntry[] {
  return entries.filter((entry): entry is InvalidEntry => entry.kind === 'invalid')
}

/** The searched fields only, in order: what the lookup will ask Convoso. */
function searched(text: string, country?: string): string[] {
  return numbers(parsePhoneList(text, country).entries).map(
    (entry) => `+${entry.phoneCode} ${entry.phoneNumber}`,
  )
}

describe('parsePhoneList', () => {
  it('keeps three 10-digit US numbers pasted on three lines as three numbers (the issue 13 case)', () => {
    const list = parsePhoneList('8181233567\n2135550100\n3105550199\n')
    expect(list.entries).toHaveLength(3)
    expect(list.inputCount).toBe(3)
    expect(list.duplicatesCollapsed).toBe(0)
    expect(numbers(list.entries).map((entry) => entry.phoneNumber)).toEqual([
      '8181233567',
      '2135550100',
      '3105550199',
    ])
    // Never the 30-digit join the old search made.
    expect(JSON.stringify(list)).not.toContain('818123356721355501003105550199')
  })

  it('reads one number with spaces inside as one number, formatted for display', () => {
    const list = parsePhoneList('818 123 3567')
    expect(list.entries).toEqual([
      {
        kind: 'number',
        input: '818 123 3567',
        phoneCode: '1',
        phoneNumber: '8181233567',
        searchForms: ['8181233567'],
        country: 'US',
        display: '(818) 123-3567',
        e164: '+18181233567',
        occurrences: 1,
      },
    ])
  })

  it.each([
    ['newlines (Windows)', '8181233567\r\n2135550100\r\n3105550199'],
    ['commas', '8181233567, 2135550100,3105550199'],
    ['semicolons', '8181233567;2135550100 ; 3105550199'],
    ['tabs', '8181233567\t2135550100\t3105550199'],
    ['runs of spaces', '8181233567   2135550100  3105550199'],
    ['single spaces between whole numbers', '8181233567 2135550100 3105550199'],
    ['single spaces inside and between', '818 123 3567 213 555 0100 310 555 0199'],
    ['any punctuation', '(818) 123-3567\n213.555.0100\n310/555-0199'],
    ['country codes', '+1 818 123 3567\n1-213-555-0100\n001 310 555 0199'],
    [
      'blank lines and a header-free column from a spreadsheet',
      '\n\n8181233567\n\n\n2135550100\n3105550199\n\n',
    ],
  ])('separates numbers given with %s', (_label, text) => {
    expect(searched(text)).toEqual(['+1 8181233567', '+1 2135550100', '+1 3105550199'])
  })

  it('reads country codes written with +, 00 and a US 1 prefix', () => {
    expect(searched('+44 20 7946 0000')).toEqual(['+44 2079460000'])
    expect(searched('0044 20 7946 0000')).toEqual(['+44 2079460000'])
    expect(searched('+442079460000')).toEqual(['+44 2079460000'])
    expect(searched('1 (818) 123-3567')).toEqual(['+1 8181233567'])
    expect(searched('+1.818.123.3567')).toEqual(['+1 8181233567'])
  })

  it('never lets a + in the middle join two numbers', () => {
    expect(searched('+44 20 7946 0000 +1 818 123 3567')).toEqual(['+44 2079460000', '+1 8181233567'])
  })

  it('reads a UK number with its leading 0 when the default country is GB, and searches both stored forms', () => {
    const [entry] = numbers(parsePhoneList('07700 900123', 'GB').entries)
    expect(entry).toMatchObject({
      phoneCode: '44',
      phoneNumber: '7700900123',
      searchForms: ['7700900123', '07700900123'],
      country: 'GB',
      display: '07700 900123',
    })
  })

  it('shows a number from another country in international form', () => {
    const [entry] = numbers(parsePhoneList('+44 20 7946 0000').entries)
    expect(entry?.display).toBe('+44 20 7946 0000')
  })

  it('collapses duplicates written differently and counts them', () => {
    const list = parsePhoneList('(818) 123-3567\n8181233567\n+1 818 123 3567\n2135550100\n')
    expect(list.inputCount).toBe(4)
    expect(list.duplicatesCollapsed).toBe(2)
    expect(list.entries).toHaveLength(2)
    expect(list.entries[0]).toMatchObject({ input: '(818) 123-3567', occurrences: 3 })
    expect(list.entries[1]).toMatchObject({ phoneNumber: '2135550100', occurrences: 1 })
  })

  it('marks what is not a number as invalid, with a reason, and keeps the numbers around it', () => {
    const list = parsePhoneList(
      '8181233567\nhello\n555 1234\n+999 123 4567\n12345678901234567890\n2135550100',
    )
    expect(numbers(list.entries).map((entry) => entry.phoneNumber)).toEqual(['8181233567', '2135550100'])
    const bad = invalid(list.entries)
    expect(bad.map((entry) => entry.input)).toEqual([
      'hello',
      '555 1234',
      '+999 123 4567',
      '12345678901234567890',
    ])
    expect(bad[0]?.reason).toMatch(/use digits/i)
    expect(bad[1]?.reason).toMatch(/include the area code/)
    expect(bad[2]?.reason).toMatch(/country code/)
    expect(bad[3]?.reason).toMatch(/own line/)
    // Pasted order is kept across kinds.
    expect(list.entries.map((entry) => entry.input)).toEqual([
      '8181233567',
      'hello',
      '555 1234',
      '+999 123 4567',
      '12345678901234567890',
      '2135550100',
    ])
  })

  it('keeps a label pasted with a number apart from it', () => {
    const list = parsePhoneList('Phone: 818 123 3567')
    expect(list.entries.map((entry) => [entry.kind, entry.input])).toEqual([
      ['invalid', 'Phone:'],
      ['number', '818 123 3567'],
    ])
  })

  it('gives nothing for empty or blank text', () => {
    expect(parsePhoneList('')).toEqual({ entries: [], inputCount: 0, duplicatesCollapsed: 0 })
    expect(parsePhoneList(' \n\t ,; ')).toEqual({ entries: [], inputCount: 0, duplicatesCollapsed: 0 })
  })

  it('falls back to the US for a default country it does not know', () => {
    expect(searched('8181233567', 'XX')).toEqual(['+1 8181233567'])
  })

  it('reads 10,000 numbers in one paste as 10,000 entries', () => {
    const text = Array.from(
      { length: 10_000 },
      (_, index) =>
        `(212) 55${String(index).padStart(5, '0').slice(0, 1)}-${String(index).padStart(4, '0').slice(-4)}`,
    ).join('\n')
    const list = parsePhoneList(text)
    expect(list.inputCount).toBe(10_000)
    expect(list.entries.every((entry) => entry.kind === 'number')).toBe(true)
  })
})

describe('parsePhoneListInSteps', () => {
  it('gives exactly what parsePhoneList gives, handing the thread back between slices of work', async () => {
    const text = [
      '(818) 123-3567, +44 7700 900123',
      'not a number',
      ...Array.from({ length: 2_000 }, (_, index) => `213 555 ${String(index).padStart(4, '0')}`),
      '818.123.3567  001 212 555 0100',
    ].join('\n')
    let pauses = 0
    // A slice of 0 ms pauses after every line: the most turns, the same answer.
    const list = await parsePhoneListInSteps(
      text,
      'US',
      async () => {
        pauses += 1
      },
      0,
    )
    expect(list).toEqual(parsePhoneList(text, 'US'))
    // One pause per piece between hard separators: the comma makes the first line two.
    expect(pauses).toBe(2_004)
    expect(list.duplicatesCollapsed).toBe(1)
  })
})
