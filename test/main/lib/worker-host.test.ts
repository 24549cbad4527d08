import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  fromWorkerFailure,
  RemoteFailure,
  startWorker,
  WorkerFailure,
  type WorkerEntry,
  type WorkerProtocol,
} from '../../../src/main/lib/worker-host'

interface EchoProtocol extends WorkerProtocol {
  requests: {
    echo: [{ n: number; bytes?: Uint8Array }, { n: number; bytes?: Uint8Array }]
    wait: [null, string]
    fail: [null, never]
    exit: [null, never]
    throw: [null, never]
    grow: [null, never]
  }
  notices: Record<string, never>
  event: { echoed: { n: number } }
}

const ECHO: WorkerEntry = { script: join(__dirname, 'fixtures/echo-worker.mjs') }

describe('worker host', () => {
  it('answers requests in order, passes events, and moves transferred buffers', async () => {
    const events: unknown[] = []
    const host = startWorker<EchoProtocol>(ECHO, { onEvent: (event) => events.push(event) })
    try {
      const bytes = new Uint8Array([1, 2, 3])
      const answers = await Promise.all([
        host.request('echo', { n: 1, bytes }, [bytes.buffer]),
        host.request('echo', { n: 2 }),
      ])
      expect(answers.map((answer) => answer.n)).toEqual([1, 2])
      expect([...(answers[0].bytes ?? [])]).toEqual([1, 2, 3])
      // Moved, not copied: the sender's buffer is detached.
      expect(bytes.byteLength).toBe(0)
      expect(events).toEqual([{ echoed: { n: 1, bytes: new Uint8Array([1, 2, 3]) } }, { echoed: { n: 2 } }])
      expect(host.pending).toBe(0)
    } finally {
      await host.terminate()
    }
  })

  it("aborts the worker's handlers on cancel", async () => {
    const host = startWorker<EchoProtocol>(ECHO)
    try {
      const waiting = host.request('wait', null)
      host.cancel()
      expect(await waiting).toBe('cancelled')
    } finally {
      await host.terminate()
    }
  })

  it("gives a handler's failure back as data", async () => {
    const host = startWorker<EchoProtocol>(ECHO)
    try {
      const failure = await host.request('fail', null).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(RemoteFailure)
      expect((failure as RemoteFailure).remote).toEqual({
        data: { kind: 'internal', message: 'said no' },
        code: 'ENOSPC',
        detail: 'Error: said no',
      })
    } finally {
      await host.terminate()
    }
  })

  it.each([
    ['exit', 'exited', {}],
    ['throw', 'crashed', {}],
    ['grow', 'out-of-memory', { resourceLimits: { maxOldGenerationSizeMb: 32 } }],
  ] as const)(
    'a worker that ends by %s rejects what is pending and `ended` with "%s"',
    async (how, reason, limits) => {
      const host = startWorker<EchoProtocol>({ ...ECHO, ...limits })
      const pending = host.request('wait', null).catch((error: unknown) => error)
      const died = host.request(how, null).catch((error: unknown) => error)
      const ended = await host.ended.catch((error: unknown) => error)
      expect(ended).toBeInstanceOf(WorkerFailure)
      expect((ended as WorkerFailure).reason).toBe(reason)
      expect(await pending).toBe(ended)
      expect(await died).toBe(ended)
      // Nothing more can be asked of it.
      await expect(host.request('echo', { n: 1 })).rejects.toBe(ended)
    },
    60_000,
  )

  it('terminate stops the worker mid-request; what was pending rejects as terminated', async () => {
    const host = startWorker<EchoProtocol>(ECHO)
    const pending = host.request('wait', null).catch((error: unknown) => error)
    await host.request('echo', { n: 0 })
    await host.terminate()
    const failure = await pending
    expect(failure).toBeInstanceOf(WorkerFailure)
    expect((failure as WorkerFailure).reason).toBe('terminated')
    await host.terminate()
  })
})

describe('fromWorkerFailure', () => {
  const wording = {
    remote: (remote: { detail: string }) => `remote: ${remote.detail}`,
    gone: (how: string, failure: WorkerFailure) => `${failure.reason}: ${how}`,
  }

  it('hands a handler failure its remote data', () => {
    expect(fromWorkerFailure(new RemoteFailure({ data: { kind: 'x' }, detail: 'boom' }), wording)).toBe(
      'remote: boom',
    )
  })

  it('words a worker that ran out of memory apart from one that stopped any other way', () => {
    expect(fromWorkerFailure(new WorkerFailure('out-of-memory', 'heap'), wording)).toBe(
      'out-of-memory: ran out of memory',
    )
    for (const reason of ['crashed', 'exited', 'terminated'] as const) {
      expect(fromWorkerFailure(new WorkerFailure(reason, 'gone'), wording)).toBe(
        `${reason}: stopped unexpectedly`,
      )
    }
  })

  it('passes any other error through unchanged', () => {
    const other = new Error('not from a worker')
    expect(fromWorkerFailure(other, wording)).toBe(other)
  })
})
