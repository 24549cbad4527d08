#!/usr/bin/env node
// Draws build/icon.png (1024 × 1024) from build/icon.svg: `npm run icon`. electron-builder makes the
// Windows .ico and the macOS .icns from this PNG, so the SVG is the one source of the app's icon.
// resvg is a self-contained renderer (a prebuilt binary per platform from npm, no system libraries).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'

export const ICON_SVG = fileURLToPath(new URL('../build/icon.svg', import.meta.url))
export const ICON_PNG = fileURLToPath(new URL('../build/icon.png', import.meta.url))
export const ICON_SIZE = 1024

/** The PNG bytes of build/icon.svg rendered at ICON_SIZE. */
export function renderIcon() {
  const png = new Resvg(readFileSync(ICON_SVG), { fitTo: { mode: 'width', value: ICON_SIZE } }).render()
  if (png.width !== ICON_SIZE || png.height !== ICON_SIZE) {
    throw new Error(`build/icon.svg rendered at ${png.width}×${png.height}; it must be square`)
  }
  return png.asPng()
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ICON_PNG, renderIcon())
  console.log(`build/icon.png written (${ICON_SIZE}×${ICON_SIZE}) from build/icon.svg`)
}
