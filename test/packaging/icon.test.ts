import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ICON_PNG, ICON_SIZE, renderIcon } from '../../scripts/make-icon.mjs'

describe('app icon', () => {
  it('build/icon.png is 1024 px and is what `npm run icon` draws from build/icon.svg today', () => {
    const committed = readFileSync(ICON_PNG)
    // PNG header: the IHDR chunk holds width and height as big-endian 32-bit numbers.
    expect([committed.readUInt32BE(16), committed.readUInt32BE(20)]).toEqual([ICON_SIZE, ICON_SIZE])
    expect(
      Buffer.compare(Buffer.from(renderIcon()), committed),
      'build/icon.png is stale: run npm run icon',
    ).toBe(0)
  })
})
