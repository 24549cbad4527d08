/** Where Convoso's REST API lives unless the user points the app at a staging account. */
export const DEFAULT_API_BASE = 'https://api.convoso.com/v1'

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Accepts an API base URL only when the token sent to it cannot travel in clear
 * text: https anywhere, plain http to this computer only. Returns the URL without
 * a trailing slash, or the reason it was refused.
 */
export function normaliseApiBase(
  raw: string,
): { ok: true; apiBase: string } | { ok: false; message: string } {
  const text = raw.trim()
  if (text === '') return { ok: false, message: `Type the API address, e.g. ${DEFAULT_API_BASE}.` }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, message: `That is not a web address. Use the form ${DEFAULT_API_BASE}.` }
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: 'Remove the user name and password from the address.' }
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, message: 'Remove the "?…" or "#…" part from the address.' }
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return {
      ok: false,
      message:
        'Use https://: plain http:// would send the API token unencrypted (allowed only for 127.0.0.1 or localhost).',
    }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'The address must start with https://.' }
  }
  return { ok: true, apiBase: url.href.replace(/\/+$/, '') }
}
