/**
 * Decides whether an IPC call comes from the app's own renderer. Only frames
 * whose URL has one of the app's origins may call main; anything else (a page
 * that somehow got navigated elsewhere, a stray iframe) is refused.
 */
export interface SenderInfo {
  /** URL of the frame that sent the call; empty when Electron could not tell. */
  frameUrl: string
  /** False for sub-frames: only the window's top-level document may call main. */
  isMainFrame: boolean
}

/**
 * Scheme plus host, computed by hand: Node's URL gives custom schemes such as
 * app:// an opaque "null" origin, while Chromium treats them as real origins.
 * URLs without a host (file:, data:, about:blank) have no origin worth trusting.
 */
function originOf(href: string): string | null {
  try {
    const url = new URL(href)
    return url.host === '' ? null : `${url.protocol}//${url.host}`
  } catch {
    return null
  }
}

export function createSenderCheck(trustedOrigins: readonly string[]): (sender: SenderInfo) => boolean {
  const origins = new Set(trustedOrigins.map(originOf).filter((origin) => origin !== null))
  return (sender) => {
    if (!sender.isMainFrame) return false
    const origin = originOf(sender.frameUrl)
    return origin !== null && origins.has(origin)
  }
}
