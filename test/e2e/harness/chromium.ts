/** Debian's Chromium, and the flags it needs on a machine with no network and no GPU. */
export const CHROMIUM_PATH = process.env['OPTOUT_DESK_CHROMIUM'] ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
