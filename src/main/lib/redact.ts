/**
 * The one redaction used by the log, the Convoso error mapping and the
 * dispatcher's last sweep. A server (or a library) can echo the token in many
 * forms: as sent, URL-encoded, HTML-escaped, base64, inside JSON. The literal
 * token is replaced in every one of those encodings first; the `auth_token`
 * patterns run second, for tokens main does not know (another account's, an
 * old one) and for text logged before a token is loaded.
 */

export const REDACTED = '[redacted]'

/** Redacting a very short "token" would shred ordinary text and protect nothing. */
export const MIN_REDACTABLE_TOKEN = 4

/** A run this long of a token is treated as the token: 8 characters of hex already narrow it a lot. */
export const SECRET_RUN = 8

/** Where main's current secrets come from; the session provides it, so no caller holds the token store. */
export type SecretsProvider = () => readonly string[]

function escapeHtml(text: string, quote: 'named' | 'decimal' | 'hex'): string {
  const apostrophe = quote === 'hex' ? '&#x27;' : '&#39;'
  const doubleQuote = quote === 'named' ? '&quot;' : quote === 'hex' ? '&#x22;' : '&#34;'
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, doubleQuote)
    .replace(/'/g, apostrophe)
}

/**
 * Base64 of the token as it appears inside base64 of any longer text: the
 * encoding of a byte depends on its position modulo 3, so the token is encoded
 * at each of the three alignments and the characters shared with its
 * neighbours are dropped. Returns standard and URL-safe forms.
 */
export function base64Forms(token: string): string[] {
  const bytes = Buffer.from(token, 'utf8')
  const forms: string[] = []
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
      .toString('base64')
      .replace(/=+$/, '')
    // Drop the group holding the padding bytes in front, and the last group if a neighbour completes it.
    const start = shift === 0 ? 0 : 4
    const fullGroups = Math.floor((shift + bytes.length) / 3)
    const middle = encoded.slice(start, fullGroups * 4)
    if (middle.length >= SECRET_RUN) forms.push(middle)
    if (shift === 0) forms.push(encoded)
  }
  return [...new Set(forms.flatMap((form) => [form, form.replace(/\+/g, '-').replace(/\//g, '_')]))]
}

/** Every text form of a token that is compared without regard to case (hex tokens are echoed in either). */
export function textForms(token: string): string[] {
  return [
    ...new Set([
      token,
      encodeURIComponent(token),
      new URLSearchParams({ t: token }).toString().slice(2),
      escapeHtml(token, 'named'),
      escapeHtml(token, 'decimal'),
      escapeHtml(token, 'hex'),
      JSON.stringify(token).slice(1, -1),
      // PHP's json_encode also escapes "/".
      JSON.stringify(token).slice(1, -1).replace(/\//g, '\\/'),
    ]),
  ]
}

function usable(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter((secret) => secret.length >= MIN_REDACTABLE_TOKEN))]
}

/** One secret's forms: case-insensitive text forms and case-sensitive base64 forms. */
interface Forms {
  text: string[]
  base64: string[]
}

function formsOf(secrets: readonly string[]): Forms[] {
  return usable(secrets).map((secret) => ({
    text: textForms(secret).map((form) => form.toLowerCase()),
    base64: base64Forms(secret),
  }))
}

function replaceAll(text: string, needle: string, ignoreCase: boolean): string {
  if (needle === '') return text
  if (!ignoreCase) return text.split(needle).join(REDACTED)
  const lower = text.toLowerCase()
  // toLowerCase keeps the length for everything but a few non-ASCII letters; fall back to a regex then.
  if (lower.length !== text.length) {
    return text.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), REDACTED)
  }
  let result = ''
  let from = 0
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    result += text.slice(from, at) + REDACTED
    from = at + needle.length
  }
  return from === 0 ? text : result + text.slice(from)
}

const QUOTE = String.raw`(?:\\?["']|%22|%27|&quot;|&#34;|&#x22;|&#39;|&#x27;)`
const SEPARATOR = String.raw`(?:=|:|%3d|%3a|&#61;|&#x3d;|&#58;|&#x3a;)`
/**
 * The value after `auth_token` (in a form body, a query, JSON, YAML, a header,
 * any of them URL-encoded or HTML-escaped). It runs to whitespace, a quote or
 * a bracket; an `&` (or `%26`) ends it only when a new `name=` follows, so a
 * token that holds `&` is not cut in two.
 */
const VALUE = String.raw`(?:(?!%26[\w.\-]+%3d)(?:[^\s"'&,;}<>\]]|&(?![\w.\-\[\]]+(?:=|%3d))(?!quot;|#3[49];|#x2[27];)))+`
const TOKEN_FIELD = new RegExp(
  String.raw`(auth[_-]?token${QUOTE}?\s*${SEPARATOR}\s*${QUOTE}?)(?!\[redacted\])${VALUE}`,
  'gi',
)

/**
 * Removes the given secrets (in every encoding, whole or any 8-character run)
 * and then any `auth_token` value from text. Safe on any string; never throws.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text
  for (const forms of formsOf(secrets)) {
    for (const form of forms.text) result = replaceAll(result, form, true)
    for (const form of forms.base64) result = replaceAll(result, form, false)
  }
  // Then what is left of a token cut short elsewhere: any 8-character run of it.
  if (secrets.length > 0) result = secretScanner(secrets).scrub(result)
  return result.replace(TOKEN_FIELD, `$1${REDACTED}`)
}

/** All `size`-character windows of each form, for finding partial echoes. */
function windowsOf(forms: readonly string[], size = SECRET_RUN): Set<string> {
  const windows = new Set<string>()
  for (const form of forms)
    for (let at = 0; at + size <= form.length; at += 1) windows.add(form.slice(at, at + size))
  return windows
}

const QUAD = SECRET_RUN / 2

export interface SecretScanner {
  /** True when the text holds a secret, or any 8-character run of one, in any of its encodings. */
  leaks(text: string): boolean
  /** The text with every such run (and the whole secret) replaced by `[redacted]`. */
  scrub(text: string): string
}

/**
 * A scanner for partial echoes: text cut short (a message capped at 300
 * characters) can hold most of a token without holding all of it. Built once
 * per answer, then run on every string in it.
 */
export function secretScanner(secrets: readonly string[]): SecretScanner {
  const all = formsOf(secrets)
  const textWindows = windowsOf(all.flatMap((forms) => forms.text))
  const base64Windows = windowsOf(all.flatMap((forms) => forms.base64))
  const empty = textWindows.size === 0 && base64Windows.size === 0
  const textQuads = windowsOf(
    all.flatMap((forms) => forms.text),
    QUAD,
  )
  const base64Quads = windowsOf(
    all.flatMap((forms) => forms.base64),
    QUAD,
  )

  /**
   * Every 8-character run holds a 4-character piece starting at a multiple of
   * 4, so text none of whose aligned pieces belongs to a secret holds no run.
   * This skips almost every string of a 1000-row page at a quarter of the cost.
   */
  function mayHold(text: string, lower: string): boolean {
    for (let at = 0; at + QUAD <= text.length; at += QUAD) {
      if (textQuads.has(lower.slice(at, at + QUAD)) || base64Quads.has(text.slice(at, at + QUAD))) return true
    }
    return false
  }

  function covered(text: string): boolean[] | null {
    if (empty || text.length < SECRET_RUN) return null
    const lower = text.toLowerCase()
    const sameLength = lower.length === text.length
    if (sameLength && !mayHold(text, lower)) return null
    let marks: boolean[] | null = null
    for (let at = 0; at + SECRET_RUN <= text.length; at += 1) {
      const window = text.slice(at, at + SECRET_RUN)
      const lowerWindow = sameLength ? lower.slice(at, at + SECRET_RUN) : window.toLowerCase()
      if (textWindows.has(lowerWindow) || base64Windows.has(window)) {
        marks ??= new Array<boolean>(text.length).fill(false)
        marks.fill(true, at, at + SECRET_RUN)
      }
    }
    return marks
  }

  return {
    leaks: (text) => covered(text) !== null,
    scrub(text) {
      const marks = covered(text)
      if (marks === null) return text
      let result = ''
      for (let at = 0; at < text.length; at += 1) {
        if (!marks[at]) result += text[at]
        else if (at === 0 || !marks[at - 1]) result += REDACTED
      }
      return result
    },
  }
}
