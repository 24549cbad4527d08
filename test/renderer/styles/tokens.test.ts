// The stylesheet is read as a file: vitest hands CSS imports (?raw too) over empty. The renderer has no
// Node; this test of its stylesheet runs in Node and only reads the source.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs'
// eslint-disable-next-line no-restricted-imports
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Every text colour token against every background token it can sit on, in the light theme and in the
 * dark one, computed with WCAG 2.1's relative luminance: normal text needs 4.5:1.
 */
const TOKENS_CSS = readFileSync(join(__dirname, '../../../src/renderer/src/styles/tokens.css'), 'utf8')
const AA_TEXT = 4.5

/** Neutral text (and accent or status text used on the page itself) sits on any neutral surface. */
const PAGE_TEXTS = [
  'text',
  'text-muted',
  'text-subtle',
  'text-placeholder',
  'accent',
  'accent-text',
  'danger',
  'danger-text',
  'warning-text',
  'success',
  'success-text',
]
const PAGE_BACKGROUNDS = [
  'bg',
  'surface',
  'surface-sunken',
  'surface-hover',
  'row-hover',
  'border-subtle',
  'accent-soft',
]

/** Text on a tinted or filled background: alerts, badges, buttons, the toast. */
const TINTED_PAIRS: [text: string, background: string][] = [
  ['danger', 'danger-soft'],
  ['danger-text', 'danger-soft'],
  ['warning-text', 'warning-soft'],
  ['success-text', 'success-soft'],
  ['accent-text', 'info-soft'],
  ['accent-text', 'selection'],
  ['text', 'selection'],
  ['text-on-color', 'accent'],
  ['text-on-color', 'accent-hover'],
  ['text-on-color', 'accent-active'],
  ['text-on-color', 'danger'],
  ['text-on-color', 'danger-hover'],
  ['inverse-text', 'inverse-surface'],
  ['inverse-text-muted', 'inverse-surface'],
  ['inverse-success', 'inverse-surface'],
  ['inverse-accent', 'inverse-surface'],
]

type Rgb = [number, number, number]

/** The custom properties of the blocks `css` holds, last one winning. */
function declarations(css: string): Map<string, string> {
  const tokens = new Map<string, string>()
  for (const match of css.matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)) {
    tokens.set(match[1] ?? '', (match[2] ?? '').trim())
  }
  return tokens
}

/** The text of the block opened by the first `{` at or after `start`, without its braces. */
function blockAt(css: string, start: number): { body: string; end: number } {
  const open = css.indexOf('{', start)
  let depth = 0
  for (let index = open; index < css.length; index++) {
    if (css[index] === '{') depth++
    else if (css[index] === '}' && --depth === 0) return { body: css.slice(open + 1, index), end: index + 1 }
  }
  throw new Error('tokens.css has an unclosed block')
}

/** The light tokens, and the dark ones (the light set with the dark media block's overrides). */
function themes(css: string): { light: Map<string, string>; dark: Map<string, string> } {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '')
  const darkStart = withoutComments.indexOf('@media (prefers-color-scheme: dark)')
  if (darkStart < 0) throw new Error('tokens.css has no dark theme block')
  const dark = blockAt(withoutComments, darkStart)
  const light = declarations(withoutComments.slice(0, darkStart) + withoutComments.slice(dark.end))
  return { light, dark: new Map([...light, ...declarations(dark.body)]) }
}

function resolve(tokens: Map<string, string>, name: string, seen: string[] = []): string {
  const value = tokens.get(name)
  if (value === undefined) throw new Error(`--${name} is not defined`)
  const reference = /^var\(--([\w-]+)\)$/.exec(value)
  if (!reference) return value
  if (seen.includes(name)) throw new Error(`--${name} refers to itself`)
  return resolve(tokens, reference[1] ?? '', [...seen, name])
}

/** An opaque colour: #rgb or #rrggbb (text tokens must be opaque to have one contrast). */
function parseColour(value: string): Rgb {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value)?.[1]
  if (!hex) throw new Error(`"${value}" is not an opaque hex colour`)
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex
  return [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16)) as Rgb
}

/** WCAG 2.1 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

function pairsOf(): [string, string][] {
  return [
    ...PAGE_TEXTS.flatMap((text) => PAGE_BACKGROUNDS.map((bg): [string, string] => [text, bg])),
    ...TINTED_PAIRS,
  ]
}

describe('the contrast maths', () => {
  it('gives the WCAG figures for known pairs', () => {
    expect(contrast(parseColour('#000'), parseColour('#fff'))).toBeCloseTo(21, 5)
    expect(contrast(parseColour('#777777'), parseColour('#ffffff'))).toBeCloseTo(4.48, 2)
    // The figure for the old muted grey on white.
    expect(contrast(parseColour('#7b8494'), parseColour('#ffffff'))).toBeCloseTo(3.77, 2)
  })
})

describe.each(['light', 'dark'] as const)('the %s theme', (theme) => {
  const tokens = themes(TOKENS_CSS)[theme]

  it('sets every text and background token to an opaque colour', () => {
    for (const [text, background] of pairsOf()) {
      expect(() => parseColour(resolve(tokens, text)), `--${text}`).not.toThrow()
      expect(() => parseColour(resolve(tokens, background)), `--${background}`).not.toThrow()
    }
  })

  it.each(pairsOf())(`--%s on --%s reaches ${AA_TEXT}:1`, (text, background) => {
    const ratio = contrast(parseColour(resolve(tokens, text)), parseColour(resolve(tokens, background)))
    expect(ratio, `--${text} on --${background}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(AA_TEXT)
  })
})
