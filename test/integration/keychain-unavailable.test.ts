import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RecordingClipboard, RecordingShell, ScriptedDialogs } from '../support/desktop-doubles'

// Point libsecret at a bus that does not exist before keytar is loaded: this is
// what a user sees on a Linux desktop without a running Secret Service.
process.env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/opt-out-desk-test-bus'

const TOKEN = 'never-written-token-7f3a9c'
const dirs: string[] = []

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

describe('when the OS keychain is unavailable', () => {
  it('verify-and-save reports it clearly and writes the token nowhere else', async () => {
    const { default: keytar } = await import('keytar')
    const { createCore } = await import('../../src/main/core')
    const userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-nokeychain-'))
    dirs.push(userDataDir)
    const logLines: string[] = []
    // Convoso accepts the token, so only the keychain can fail.
    const fetchStub: typeof fetch = async () =>
      new Response(JSON.stringify({ success: true, offset: '0', limit: '1', total: '0', records: [] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    const core = createCore({
      appInfo: { name: 'Opt-Out Desk', version: 'test' },
      userDataDir,
      keychain: keytar,
      dialogs: new ScriptedDialogs(),
      shell: new RecordingShell(),
      clipboard: new RecordingClipboard(),
      keychainService: 'Opt-Out Desk unavailable test',
      log: (line) => logLines.push(line),
      events: () => undefined,
      fetch: fetchStub,
    })

    const result = await core.handlers.verifyAndSaveToken({ token: TOKEN })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.kind).toBe('keychain-unavailable')
    expect(result.error.message).toMatch(/keychain/i)
    expect(result.error.message).not.toContain(TOKEN)

    // Still disconnected: the token was not kept in memory either.
    expect(await core.handlers.getSessionStatus(undefined)).toMatchObject({
      ok: false,
      error: { kind: 'keychain-unavailable' },
    })
    for (const file of await filesUnder(userDataDir)) {
      expect(await readFile(file, 'utf8')).not.toContain(TOKEN)
    }
    expect(logLines.join('\n')).not.toContain(TOKEN)
    await core.dispose()
  })
})
