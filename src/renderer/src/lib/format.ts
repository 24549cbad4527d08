import { parsePhoneNumberFromString } from 'libphonenumber-js/min'

/** Numbers in the user's own locale, e.g. `12,345` in en-US. */
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

export function formatCount(value: number): string {
  return numberFormat.format(value)
}

/** `1 opt-out`, `12,345 opt-outs`. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`
}

/** `812 bytes`, `12.3 KB`, `4.5 MB`, `1.2 GB` (1 KB = 1024 bytes, as file managers count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = value < 100 ? 1 : 0
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value)} ${units[unit]}`
}

/** Time left, as a person would say it: `a few seconds`, `40 s`, `3 min 5 s`, `1 h 12 min`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds))
  if (whole < 10) return 'a few seconds'
  if (whole < 60) return `${whole} s`
  if (whole < 3600) {
    const minutes = Math.floor(whole / 60)
    const rest = whole % 60
    return rest === 0 || minutes >= 10 ? `${minutes} min` : `${minutes} min ${rest} s`
  }
  const hours = Math.floor(whole / 3600)
  const minutes = Math.floor((whole % 3600) / 60)
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** An ISO timestamp in the computer's local time, e.g. `May 1, 2024, 11:00 AM`; the text itself when unreadable. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date)
}

/** The last part of a path written on any system: `C:\Reports\a.xlsx` → `a.xlsx`. */
export function fileNameOf(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

/** The folder part of a path written on any system: `C:\Reports\a.xlsx` → `C:\Reports`. */
export function folderOf(path: string): string {
  return path.slice(0, path.length - fileNameOf(path).length).replace(/[\\/]$/, '')
}

/** The first 12 hex digits of a SHA-256: enough to tell two reports apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12)
}

export interface PhoneDisplay {
  /** As people in its country write it: `(818) 123-3567`, `07700 900123`. */
  national: string
  /** With its country code, readable anywhere: `+1 818 123 3567`. */
  international: string
}

const phoneDisplays = new Map<string, PhoneDisplay | null>()
const PHONE_CACHE_LIMIT = 5000

/**
 * A stored number formatted for its country, or null when Convoso's text does not read as a possible
 * number for that calling code (it is then shown exactly as stored). Display only: exports, copies of
 * rows and the row hash keep Convoso's exact text.
 */
export function phoneDisplay(phoneCode: string, phoneNumber: string): PhoneDisplay | null {
  const key = `${phoneCode}|${phoneNumber}`
  const cached = phoneDisplays.get(key)
  if (cached !== undefined) return cached
  let display: PhoneDisplay | null = null
  if (/^\d{1,4}$/.test(phoneCode) && /^\d{2,17}$/.test(phoneNumber)) {
    // Convoso may store a number with its trunk prefix (UK 07700…): read it as typed in that country.
    const parsed = parsePhoneNumberFromString(phoneNumber, { defaultCallingCode: phoneCode })
    if (parsed?.isPossible()) {
      display = { national: parsed.formatNational(), international: parsed.formatInternational() }
    }
  }
  if (phoneDisplays.size >= PHONE_CACHE_LIMIT) phoneDisplays.clear()
  phoneDisplays.set(key, display)
  return display
}
