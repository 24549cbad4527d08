import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createClipboardService } from '../../../../src/main/services/clipboard/clipboard-service'
import { createDispatcher } from '../../../../src/main/ipc/dispatcher'
import { createSenderCheck } from '../../../../src/main/ipc/trusted-sender'
import { MAX_COPY_TEXT_LENGTH } from '../../../../src/shared/clipboard'
import { removeProfile } from '../../../support/app-under-test'
import { RecordingClipboard } from '../../../support/desktop-doubles'
import { createTestCore } from '../../../support/test-core'

const APP = { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true }

describe('clipboard service', () => {
  it('puts the text on the clipboard exactly as given', () => {
    const clipboard = new RecordingClipboard()
    const service = createClipboardService({ clipboard, log: () => undefined })
    expect(service.copyText('Record ID\tPhone number\n2778557\t08181233567')).toEqual({
      ok: true,
      data: null,
    })
    expect(clipboard.text).toBe('Record ID\tPhone number\n2778557\t08181233567')
  })

  it('turns a clipboard failure into a message and logs the cause', () => {
    const lines: string[] = []
    const service = createClipboardService({
      clipboard: {
        writeText: () => {
          throw new Error('X11 selection owner gone')
        },
      },
      log: (line) => lines.push(line),
    })
    const result = service.copyText('2778557')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.kind).toBe('internal')
    expect(result.error.message).toMatch(/could not be copied to the clipboard/)
    expect(result.error.message).not.toMatch(/X11/)
    expect(lines.join('\n')).toMatch(/X11 selection owner gone/)
  })
})

describe('copyText through the dispatcher', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  async function dispatcher() {
    const clipboard = new RecordingClipboard()
    const userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-clip-'))
    const core = createTestCore({ userDataDir, clipboard })
    cleanups.push(async () => {
      await core.dispose()
      await removeProfile(userDataDir)
    })
    const dispatch = createDispatcher(core.handlers, {
      isTrustedSender: createSenderCheck(['app://opt-out-desk']),
      log: () => undefined,
      secrets: core.secrets,
    })
    return { clipboard, dispatch }
  }

  it('copies what the window sends', async () => {
    const { clipboard, dispatch } = await dispatcher()
    expect(await dispatch('copyText', { text: '(818) 123-3567' }, APP)).toEqual({ ok: true, data: null })
    expect(clipboard.written).toEqual(['(818) 123-3567'])
  })

  it('refuses a payload that is not text, or too long, and copies nothing', async () => {
    const { clipboard, dispatch } = await dispatcher()
    const notText = await dispatch('copyText', { text: 42 }, APP)
    expect(notText.ok).toBe(false)
    const tooLong = await dispatch('copyText', { text: 'a'.repeat(MAX_COPY_TEXT_LENGTH + 1) }, APP)
    expect(tooLong.ok).toBe(false)
    if (!tooLong.ok && tooLong.error.kind === 'validation') {
      expect(tooLong.error.fieldErrors['text']).toMatch(/export the rows instead/)
    } else {
      throw new Error('expected a validation error')
    }
    expect(clipboard.written).toEqual([])
  })
})
