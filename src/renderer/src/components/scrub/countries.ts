import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js/min'
import { countryForCallingCode } from '../../../../shared/lookup/phone-list'

/** A country a send list's numbers may be written for, as the country field offers it. */
export interface CountryOption {
  code: CountryCode
  name: string
  callingCode: string
  /** "United Kingdom (+44) · GB": what the field shows and what typing searches. */
  label: string
}

let options: CountryOption[] | null = null

/** Every country libphonenumber knows, by English name, each with its calling code. */
export function countryOptions(): CountryOption[] {
  if (options) return options
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' })
  options = getCountries()
    .map((code) => {
      const name = names.of(code) ?? code
      const callingCode = getCountryCallingCode(code)
      return { code, name, callingCode, label: `${name} (+${callingCode}) · ${code}` }
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en'))
  return options
}

/** The option for an ISO code, or undefined for a code libphonenumber does not know. */
export function countryOption(code: string): CountryOption | undefined {
  return countryOptions().find((option) => option.code === code)
}

/**
 * The country a typed text means: a label as offered, an ISO code (`gb`), a
 * calling code (`+44`, `44`: its main country) or a whole name (`france`);
 * undefined when it names none.
 */
export function countryFromText(text: string): CountryOption | undefined {
  const typed = text.trim().toLowerCase()
  if (typed === '') return undefined
  const all = countryOptions()
  const exact = all.find(
    (option) =>
      option.label.toLowerCase() === typed ||
      option.code.toLowerCase() === typed ||
      option.name.toLowerCase() === typed,
  )
  if (exact) return exact
  const calling = typed.replace(/^\+/, '')
  // A calling code means its main country (1: the US, 44: the UK), as the Phone code field reads it.
  const main = /^\d{1,4}$/.test(calling) ? countryForCallingCode(calling) : undefined
  return main ? all.find((option) => option.code === main) : undefined
}
