import fc from 'fast-check'
import {
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  type CountryCode,
} from 'libphonenumber-js/min'
import examples from 'libphonenumber-js/examples.mobile.json'
import { describe, expect, it } from 'vitest'
import {
  EXCEL_SCIENTIFIC_PROBLEM,
  fastCell,
  normaliseNumbers,
  readCell,
  recordKey,
  slowCell,
} from '../../../../src/main/services/send-list/normalise'
import { ReportFileFailure } from '../../../../src/main/services/offline/report-errors'

const SEED = Number(process.env['OPTOUT_DESK_PROPERTY_SEED'] ?? 20261130)

/** The key a cell gets, or its problem. */
function keyOf(cell: string, country: string, codeCell?: string): number | string {
  const reading = readCell(cell, codeCell, country as CountryCode)
  return reading.ok ? Number(reading.digits) : reading.problem
}

const UK_MOBILE = 447700900123
const US_EXAMPLE = 18181233567

describe('readCell: one send-list cell to its key', () => {
  it.each([
    // UK numbers, whichever way they are written
    ['07700 900123', 'GB', undefined, UK_MOBILE],
    ['07700900123', 'GB', undefined, UK_MOBILE],
    ['+44 7700 900123', 'GB', undefined, UK_MOBILE],
    ['+44 7700 900123', 'US', undefined, UK_MOBILE],
    ['+44 (0)7700 900123', 'US', undefined, UK_MOBILE],
    ['0044 7700 900123', 'US', undefined, UK_MOBILE],
    ['00 44 7700 900123', 'GB', undefined, UK_MOBILE],
    ['447700900123', 'GB', undefined, UK_MOBILE],
    ['011 44 7700 900123', 'US', undefined, UK_MOBILE],
    // a US number dialled from the UK (001…) and every US habit
    ['00 1 818 123 3567', 'GB', undefined, US_EXAMPLE],
    ['001-818-123-3567', 'GB', undefined, US_EXAMPLE],
    ['818-123-3567', 'US', undefined, US_EXAMPLE],
    ['(818) 123-3567', 'US', undefined, US_EXAMPLE],
    ['818.123.3567', 'US', undefined, US_EXAMPLE],
    ['1-818-123-3567', 'US', undefined, US_EXAMPLE],
    ['18181233567', 'US', undefined, US_EXAMPLE],
    ['+1 818 123 3567', 'US', undefined, US_EXAMPLE],
    ['+1 (818) 123-3567', 'GB', undefined, US_EXAMPLE],
    ['8181233567', 'US', undefined, US_EXAMPLE],
    // a country-code column: calling code in any form, or a two-letter country
    ['7700 900123', 'US', '44', UK_MOBILE],
    ['07700 900123', 'US', '+44', UK_MOBILE],
    ['7700900123', 'US', '0044', UK_MOBILE],
    ['7700900123', 'US', 'GB', UK_MOBILE],
    ['7700900123', 'US', 'gb', UK_MOBILE],
    ['7700900123', 'US', 'UK', UK_MOBILE],
    ['8181233567', 'GB', '1', US_EXAMPLE],
    ['8181233567', 'GB', '+1', US_EXAMPLE],
    ['8181233567', 'GB', 'US', US_EXAMPLE],
    // an empty code cell means the default country
    ['8181233567', 'US', '', US_EXAMPLE],
    // the number's own +code wins over the column
    ['+44 7700 900123', 'US', '1', UK_MOBILE],
  ])('%s (default %s, code column %s) → %d', (cell, country, code, expected) => {
    expect(keyOf(cell, country, code)).toBe(expected)
  })

  it('keeps the number of a cell with an extension and says the extension was left out', () => {
    for (const cell of [
      '818-123-3567 x123',
      '818-123-3567x123',
      '(818) 123-3567 ext. 123',
      '818 123 3567 ext 123',
      '818-123-3567, extension 123',
      '818-123-3567 #123',
    ]) {
      const reading = readCell(cell, undefined, 'US')
      expect(reading, cell).toEqual({
        ok: true,
        digits: '18181233567',
        note: 'Extension 123 left out: the number itself is scrubbed.',
      })
    }
  })

  it.each([
    ['', 'Empty: this row has no number in the phone column.'],
    ['   ', 'Empty: this row has no number in the phone column.'],
    ['N/A', 'Not a phone number: use digits (spaces, dashes, dots and parentheses are fine).'],
    ['call me', 'Not a phone number: use digits (spaces, dashes, dots and parentheses are fine).'],
    ['1-800-FLOWERS', 'Not a phone number: use digits (spaces, dashes, dots and parentheses are fine).'],
    ['-', 'Not a phone number: it has no digits.'],
    ['12345', 'Too short for a US number: include the area code.'],
    ['555-0100', 'Too short for a US number: include the area code.'],
    ['1234567890123456789', 'Too long to be one phone number. Check that the cell holds one number.'],
    ['+999 123 456 789', 'The country code after "+" is not one that exists.'],
    ['8.18123E+09', EXCEL_SCIENTIFIC_PROBLEM],
    ['8.18123e+09', EXCEL_SCIENTIFIC_PROBLEM],
    ['4.47701E+11', EXCEL_SCIENTIFIC_PROBLEM],
  ])('%j is invalid: %s', (cell, problem) => {
    expect(keyOf(cell, 'US')).toBe(problem)
  })

  it('says the Excel problem is the column formatted as a number', () => {
    expect(EXCEL_SCIENTIFIC_PROBLEM).toContain('formatted as a number in Excel')
  })

  it('refuses a country-code cell that names no country, saying what to write', () => {
    expect(keyOf('8181233567', 'US', '999')).toMatch(/“999”, which is not a country calling code/)
    expect(keyOf('8181233567', 'US', 'XX')).toMatch(/“XX”\. Use a calling code such as 44/)
    expect(keyOf('8181233567', 'US', 'United States')).toMatch(/two-letter country such as GB/)
  })

  it('accepts a possible number the metadata thinks unassigned (a real opt-out may carry it)', () => {
    // 555-01xx is reserved for fiction: possible (10 digits), not valid.
    expect(keyOf('(213) 555-0100', 'US')).toBe(12135550100)
    expect(keyOf('(123) 456-7890', 'US')).toBe(11234567890)
  })

  it('answers a number from the fast path exactly as libphonenumber does', () => {
    expect(fastCell('07700900123', 'GB')).toBe('447700900123')
    expect(fastCell('+447700900123', 'US')).toBe('447700900123')
    expect(fastCell('8181233567', 'US')).toBe('18181233567')
    expect(fastCell('18181233567', 'US')).toBe('18181233567')
    expect(fastCell('447700900123', 'GB')).toBe('447700900123')
    // an international dialling prefix other than 00 goes to libphonenumber
    expect(fastCell('011447700900123', 'US')).toBeUndefined()
  })
})

/** Countries with simple and tricky national prefixes, IDD prefixes and shared calling codes. */
const COUNTRIES: CountryCode[] = [
  'US',
  'CA',
  'GB',
  'GG',
  'IE',
  'DE',
  'FR',
  'IT',
  'ES',
  'NL',
  'BE',
  'CH',
  'AT',
  'SE',
  'NO',
  'PL',
  'PT',
  'AU',
  'NZ',
  'IN',
  'PK',
  'PH',
  'SG',
  'JP',
  'CN',
  'KR',
  'MX',
  'BR',
  'AR',
  'CO',
  'RU',
  'KZ',
  'ZA',
  'NG',
  'EG',
  'IL',
  'AE',
  'TR',
  'UA',
  'HU',
]

const digitString = (min: number, max: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max })
    .map((digits) => digits.join(''))

/** Random digits varied into a country's realistic shapes: example numbers with the last digits changed. */
function realistic(country: CountryCode): fc.Arbitrary<string> {
  const example = getExampleNumber(country, examples)?.nationalNumber ?? '2015550123'
  return digitString(0, 4).map((tail) => example.slice(0, example.length - tail.length) + tail)
}

describe('the fast path and libphonenumber agree (property, seeded)', () => {
  it('on random digit strings in every shape a cell may take', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COUNTRIES),
        fc.constantFrom(...COUNTRIES),
        digitString(1, 16),
        fc.constantFrom('', '0', '1', '8', '00', '011', '+', '+1', '+44', '+49', '+7', 'cc'),
        (country, home, digits, prefix) => {
          const cell = (prefix === 'cc' ? getCountryCallingCode(country) : prefix) + digits
          const fast = fastCell(cell, home)
          if (fast !== undefined) expect(fast, `${cell} from ${home}`).toBe(slowCell(cell, home))
        },
      ),
      { seed: SEED, numRuns: 20_000 },
    )
  })

  it('on realistic numbers, and answers most of them itself', () => {
    let answered = 0
    let runs = 0
    fc.assert(
      fc.property(
        fc.constantFrom(...COUNTRIES),
        fc.constantFrom(...COUNTRIES),
        fc.constantFrom('national', 'trunk', 'plus', 'plus-trunk'),
        (country, home, form) => {
          return fc.assert(
            fc.property(realistic(country), (national) => {
              const code = getCountryCallingCode(country)
              const cell =
                form === 'national'
                  ? national
                  : form === 'trunk'
                    ? `0${national}`
                    : form === 'plus'
                      ? `+${code}${national}`
                      : `+${code}0${national}`
              // A list's national numbers are its own country's; +code ones come from anywhere.
              const from = form === 'national' || form === 'trunk' ? country : home
              const fast = fastCell(cell, from)
              runs += 1
              if (fast !== undefined) {
                answered += 1
                expect(fast, `${cell} from ${from}`).toBe(slowCell(cell, from))
              }
            }),
            { seed: SEED, numRuns: 5 },
          )
        },
      ),
      { seed: SEED, numRuns: 2_000 },
    )
    // Not a speed assertion: without the fast path answering the usual shapes, a million rows take minutes.
    expect(answered / runs).toBeGreaterThan(0.5)
  })
})

describe('recordKey: an opt-out record gets the key its number gets in a list', () => {
  it.each([
    ['44', '7700900123', UK_MOBILE],
    ['44', '07700900123', UK_MOBILE],
    ['+44', '7700 900123', UK_MOBILE],
    ['44', '447700900123', UK_MOBILE],
    ['44', '+447700900123', UK_MOBILE],
    ['', '+44 7700 900123', UK_MOBILE],
    ['1', '8181233567', US_EXAMPLE],
    ['1', '18181233567', US_EXAMPLE],
    ['1', '(818) 123-3567', US_EXAMPLE],
    ['', '8181233567', US_EXAMPLE],
    ['1', '001 818 123 3567', US_EXAMPLE],
  ])('(%j, %j) → %d', (code, number, expected) => {
    expect(recordKey(code, number)).toBe(expected)
  })

  it('uses the given default calling code for a record stored without one', () => {
    expect(recordKey('', '07700900123', '44')).toBe(UK_MOBILE)
  })

  it('is NaN for a record with no digits or more than 15', () => {
    expect(recordKey('1', '')).toBeNaN()
    expect(recordKey('1', 'n/a')).toBeNaN()
    expect(recordKey('1', '1234567890123456')).toBeNaN()
  })

  it('property: a number read from any list form gets the record key of (code, national) and (code, trunk + national)', () => {
    const withTrunkZero = new Set(
      COUNTRIES.filter((country) =>
        slowCell(`0${getExampleNumber(country, examples)?.nationalNumber}`, country),
      ),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...COUNTRIES).chain((country) => fc.tuple(fc.constant(country), realistic(country))),
        fc.constantFrom('national', 'plus', '00'),
        ([country, national], form) => {
          const code = getCountryCallingCode(country)
          const cell =
            form === 'national' ? national : form === 'plus' ? `+${code} ${national}` : `00${code}${national}`
          const listed = readCell(cell, undefined, country)
          if (!listed.ok) return
          const key = Number(listed.digits)
          const nationalDigits = listed.digits.slice(code.length)
          expect(recordKey(code, nationalDigits), `${country} ${cell}`).toBe(key)
          expect(recordKey(code, `+${listed.digits}`)).toBe(key)
          // Where the country writes a trunk 0 (UK, Germany, France…), Convoso may keep it.
          if (withTrunkZero.has(country) && slowCell(`0${nationalDigits}`, country) === listed.digits) {
            expect(recordKey(code, `0${nationalDigits}`), `${country} 0${nationalDigits}`).toBe(key)
          }
        },
      ),
      { seed: SEED, numRuns: 5_000 },
    )
  })

  it('agrees with the list for every country libphonenumber knows, on its example mobile number', () => {
    const disagreements: string[] = []
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples)
      if (!example) continue
      const listed = readCell(example.formatNational(), undefined, country)
      if (!listed.ok) continue
      const code = String(example.countryCallingCode)
      if (recordKey(code, String(example.nationalNumber)) !== Number(listed.digits))
        disagreements.push(country)
    }
    expect(disagreements).toEqual([])
  })
})

describe('normaliseNumbers', () => {
  const rows = [
    ['Ann', '07700 900123', '44'],
    ['Bob', '+1 818 123 3567', ''],
    ['Cat', 'N/A', ''],
    ['Dan', '+44 7700 900123', ''],
    ['Eve', '(818) 123-3567', '1'],
    ['Fay'],
    ['Gus', '0044 7700 900123', 'GB'],
  ]

  it('gives every row its key, its problem, and the row of its first occurrence', () => {
    const list = normaliseNumbers(rows, { phoneColumn: 1, codeColumn: 2, defaultCountry: 'US' })
    expect(Array.from(list.key)).toEqual([UK_MOBILE, US_EXAMPLE, NaN, UK_MOBILE, US_EXAMPLE, NaN, UK_MOBILE])
    expect(Array.from(list.firstRowOf)).toEqual([0, 1, 2, 0, 1, 5, 0])
    expect(list.problem[2]).toMatch(/^Not a phone number/)
    expect(list.problem[5]).toMatch(/^Empty/)
    expect(list.problem.filter((problem) => problem !== undefined)).toHaveLength(2)
  })

  it('reads numbers without a code column for the default country', () => {
    const list = normaliseNumbers([['07700 900123'], ['7700 900123']], {
      phoneColumn: 0,
      codeColumn: null,
      defaultCountry: 'GB',
    })
    expect(Array.from(list.key)).toEqual([UK_MOBILE, UK_MOBILE])
    expect(Array.from(list.firstRowOf)).toEqual([0, 0])
  })

  it('keeps every key exact (E.164 has at most 15 digits)', () => {
    const list = normaliseNumbers([['+86 139 1234 5678'], ['+49 1512 3456789']], {
      phoneColumn: 0,
      codeColumn: null,
      defaultCountry: 'US',
    })
    expect(Array.from(list.key)).toEqual([8613912345678, 4915123456789])
    for (const key of list.key) expect(Number.isSafeInteger(key)).toBe(true)
  })

  it('stops with the cancelled failure when its signal aborts', () => {
    const controller = new AbortController()
    controller.abort()
    expect(() =>
      normaliseNumbers(rows, {
        phoneColumn: 1,
        codeColumn: null,
        defaultCountry: 'US',
        signal: controller.signal,
      }),
    ).toThrow(ReportFileFailure)
  })

  it('refuses a default country libphonenumber does not know', () => {
    expect(() => normaliseNumbers(rows, { phoneColumn: 1, codeColumn: null, defaultCountry: 'XX' })).toThrow(
      RangeError,
    )
  })
})
