import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'

/**
 * The token canary (from the security review): after a run, every IPC answer, log line, file
 * written and the page's text are searched for the token or any 8-character
 * run of it, as sent, URL-encoded, HTML-escaped and base64. Written apart from
 * src/main/lib/redact.ts on purpose: a canary must not share the code it
 * checks.
 */

const RUN = 8

function runs(form: string): string[] {
  if (form.length <= RUN) return [form]
  return Array.from({ length: form.length - RUN + 1 }, (_, at) => form.slice(at, at + RUN))
}

/** Base64 of the token inside any longer base64: one form per byte alignment, neighbours' characters dropped. */
function base64Middles(token: string): string[] {
  const bytes = Buffer.from(token)
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64')
    return encoded.slice(shift === 0 ? 0 : 4, Math.floor((shift + bytes.length) / 3) * 4)
  })
}

export interface CanaryNeedle {
  encoding: string
  text: string
  ignoreCase: boolean
}

export function canaryNeedles(token: string): CanaryNeedle[] {
  const html = token
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
  const forms: [string, string, boolean][] = [
    ['raw', token, true],
    ['URL-encoded', encodeURIComponent(token), true],
    ['form-encoded', new URLSearchParams({ t: token }).toString().slice(2), true],
    ['HTML-escaped', html, true],
    ...base64Middles(token).flatMap((middle): [string, string, boolean][] => [
      ['base64', middle, false],
      ['base64url', middle.replace(/\+/g, '-').replace(/\//g, '_'), false],
    ]),
  ]
  const needles = new Map<string, CanaryNeedle>()
  for (const [encoding, form, ignoreCase] of forms) {
    for (const run of runs(form)) {
      const text = ignoreCase ? run.toLowerCase() : run
      if (!needles.has(`${ignoreCase}:${text}`))
        needles.set(`${ignoreCase}:${text}`, { encoding, text, ignoreCase })
    }
  }
  return [...needles.values()]
}

export interface CanaryHit {
  where: string
  encoding: string
  excerpt: string
}

/** The hits in one text, described by `where`. */
export function findCanary(text: string, where: string, needles: readonly CanaryNeedle[]): CanaryHit[] {
  const lower = text.toLowerCase()
  // One hit per encoding and place is enough to name it.
  const hits = new Map<string, CanaryHit>()
  for (const needle of needles) {
    if (hits.has(needle.encoding)) continue
    const at = (needle.ignoreCase ? lower : text).indexOf(needle.text)
    if (at === -1) continue
    hits.set(needle.encoding, {
      where,
      encoding: needle.encoding,
      excerpt: JSON.stringify(text.slice(Math.max(0, at - 30), at + needle.text.length + 30)),
    })
  }
  return [...hits.values()]
}

/** Each part of a zip (an .xlsx), inflated, so text inside compressed parts is searched too. */
function zipParts(data: Buffer): { name: string; text: string }[] {
  const parts: { name: string; text: string }[] = []
  let at = 0
  while (at + 30 <= data.length && data.readUInt32LE(at) === 0x04034b50) {
    const method = data.readUInt16LE(at + 8)
    const flags = data.readUInt16LE(at + 6)
    const compressedSize = data.readUInt32LE(at + 18)
    const nameLength = data.readUInt16LE(at + 26)
    const extraLength = data.readUInt16LE(at + 28)
    const name = data.toString('utf8', at + 30, at + 30 + nameLength)
    const start = at + 30 + nameLength + extraLength
    // Streamed parts (flag bit 3) give their size only after the data: inflate to the end and let zlib stop.
    const raw = flags & 0x08 ? data.subarray(start) : data.subarray(start, start + compressedSize)
    let text = ''
    try {
      text = method === 0 ? raw.toString('utf8') : inflateRawSync(raw, { finishFlush: 2 }).toString('utf8')
    } catch {
      text = ''
    }
    parts.push({ name, text })
    if (flags & 0x08) {
      // Find the next local header after this part's data.
      const next = data.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), start + 1)
      if (next === -1) break
      at = next
    } else {
      at = start + compressedSize
    }
  }
  return parts
}

async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = []
  let entries
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch {
    return found
  }
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) found.push(...(await filesUnder(path)))
    else if (entry.isFile()) found.push(path)
  }
  return found
}

/** Every file under the folders (each file once), as text, and each part of a zip inflated. */
export async function scanFolders(
  folders: readonly string[],
  needles: readonly CanaryNeedle[],
): Promise<CanaryHit[]> {
  const files = new Set<string>()
  for (const folder of folders) for (const file of await filesUnder(folder)) files.add(file)
  const hits: CanaryHit[] = []
  for (const file of files) {
    const data = await readFile(file).catch(() => null)
    if (data === null) continue
    hits.push(...findCanary(data.toString('utf8'), `file ${file}`, needles))
    if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
      for (const part of zipParts(data))
        hits.push(...findCanary(part.text, `file ${file} (part ${part.name})`, needles))
    }
  }
  return hits
}

export function describeHits(hits: readonly CanaryHit[]): string {
  return [
    `The token canary found ${hits.length} trace(s) of a token where none may be:`,
    ...hits.slice(0, 20).map((hit) => `- ${hit.where} [${hit.encoding}]: ${hit.excerpt}`),
  ].join('\n')
}
