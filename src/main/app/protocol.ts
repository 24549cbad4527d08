import { promises as fs } from 'node:fs'
import { protocol } from 'electron'
import { CONTENT_SECURITY_POLICY } from './csp'
import { APP_SCHEME, mimeTypeFor, resolveRendererAsset } from './renderer-assets'

/** Must run before `app.whenReady()`: Electron only honours privileges registered early. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
  ])
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveRendererAsset(rendererDir, request.url)
    if (!path) return new Response('Not found', { status: 404 })
    try {
      const body = await fs.readFile(path)
      return new Response(body, {
        headers: {
          'content-type': mimeTypeFor(path),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
