import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface CapturedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export interface AdhocServer {
  /** Base like `http://127.0.0.1:PORT/v1`, to pass as `apiBase`. */
  apiBase: string
  origin: string
  requests: CapturedRequest[]
  close(): Promise<void>
}

/** A one-off HTTP server on 127.0.0.1 whose every answer the test writes by hand. */
export async function startAdhocServer(
  handler: (request: CapturedRequest, res: ServerResponse, req: IncomingMessage) => void,
): Promise<AdhocServer> {
  const requests: CapturedRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const captured: CapturedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(captured)
      handler(captured, res, req)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  const origin = `http://127.0.0.1:${address.port}`
  return {
    apiBase: `${origin}/v1`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

export function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(body)
}
