import { DEFAULT_API_BASE } from '../../../shared/settings'

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

/** The origin (scheme, host, port) of an API base, as a token is bound to it; null for a base Settings refuses. */
export function apiOrigin(apiBase: string): string | null {
  const base = normaliseApiBase(apiBase)
  return base.ok ? new URL(base.apiBase).origin : null
}

/** `host[:port]` of an origin or API base, for messages. */
export function hostOf(originOrBase: string): string {
  try {
    return new URL(originOrBase).host
  } catch {
    return originOrBase
  }
}

/**
 * The one rule for where a token may be sent: an address Settings accepts
 * (above), on the origin the token was verified against. A token checked with
 * one server is never posted to another, whatever the settings say.
 */
export function tokenDestination(
  apiBase: string,
  tokenOrigin: string,
): { ok: true; apiBase: string } | { ok: false; kind: 'apiBase' | 'origin'; message: string } {
  const base = normaliseApiBase(apiBase)
  if (!base.ok) return { ok: false, kind: 'apiBase', message: `${base.message} Fix it in Settings.` }
  const origin = new URL(base.apiBase).origin
  if (origin !== tokenOrigin) {
    return {
      ok: false,
      kind: 'origin',
      message: `The saved token was checked with ${hostOf(tokenOrigin)}, not ${hostOf(origin)}, so it was not sent. Paste a token to use ${hostOf(origin)}, or change the API address back in API settings.`,
    }
  }
  return { ok: true, apiBase: base.apiBase }
}
