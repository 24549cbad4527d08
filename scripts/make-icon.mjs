#!/usr/bin/env node
// Draws build/icon.png (1024 × 1024) from build/icon.svg. electron-builder makes the Windows .ico
// and the macOS .icns from this PNG, so the SVG is the one source of the app's icon.
// resvg is a self-contained renderer (a prebuilt binary per platform from npm, no system libraries).
import { readFileSync, writeFileSync } from 'node:fs'
import { Resvg } from '@resvg/resvg-js'

const svgPath = new URL('../build/icon.svg', import.meta.url)
const pngPath = new URL('../build/icon.png', import.meta.url)
const SIZE = 1024

const png = new Resvg(readFileSync(svgPath), { fitTo: { mode: 'width', value: SIZE } }).render()
if (png.width !== SIZE || png.height !== SIZE) {
  throw new Error(
    `build/icon.svg rendered at ${png.width}×${png.height}; it must be square to make a ${SIZE} px icon`,
  )
}
writeFileSync(pngPath, png.asPng())
console.log(`build/icon.png written (${SIZE}×${SIZE}) from build/icon.svg`)
