import { createServer, type Server } from 'node:http'
import { promises as fs } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/app/csp'
import { mimeTypeFor } from '../../../src/main/app/renderer-assets'
import { resolve, sep } from 'node:path'

export interface StaticServer {
  url: string
  close(): Promise<void>
}

/**
 * Serves the built renderer over 127.0.0.1 with the same headers the app's
 * app:// protocol sends, because Chromium will not run module scripts from file://.
 */
export async function serveRendererBuild(rendererDir: string): Promise<StaticServer> {
  const root = resolve(rendererDir)
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
      const target = resolve(root, pathname === '/' ? 'index.html' : `.${pathname}`)
      if (!target.startsWith(root + sep)) {
        response.writeHead(404).end()
        return
      }
      try {
        const body = await fs.readFile(target)
        response.writeHead(200, {
          'content-type': mimeTypeFor(target),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'cache-control': 'no-store',
        })
        response.end(body)
      } catch {
        response.writeHead(404).end()
      }
    })()
  })
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  }
}
