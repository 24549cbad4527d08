import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serialiseExport, serialisePresets } from '../../../../src/main/services/presets/presets-file'
import { createPresetsService } from '../../../../src/main/services/presets/presets-service'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import type { Preset } from '../../../../src/shared/presets'
import { ScriptedDialogs } from '../../../support/desktop-doubles'

/** Finding 9: the number of presets has a cap (1,000), said in the message, for every way of adding one. */

const CAP_MESSAGE = /Opt-Out Desk keeps at most 1,000 presets/

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'presets-cap-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

let counter = 0
const ids = { newId: () => `new-${++counter}`, now: () => '2026-01-01T00:00:00.000Z' }

const preset = (index: number): Preset => ({
  id: `p-${index}`,
  name: `Campaign ${index}`,
  filters: { ...EMPTY_FILTERS, campaignId: String(index) },
  pageSize: 100,
  starter: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
})

async function serviceWith(count: number, dialogs = new ScriptedDialogs()) {
  const presets = Array.from({ length: count }, (_, index) => preset(index))
  await writeFile(join(dir, 'presets.json'), serialisePresets({ presets, defaultId: null }))
  return createPresetsService({ directory: dir, dialogs, log: () => undefined, ids })
}

describe('finding 9: at most 1,000 presets', () => {
  it('refuses to create or duplicate the 1,001st preset, saying why', async () => {
    const service = await serviceWith(1000)
    const created = await service.create({ name: 'One more', filters: EMPTY_FILTERS, pageSize: 100 })
    expect(created).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringMatching(CAP_MESSAGE) },
    })
    expect(await service.duplicate('p-1')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(CAP_MESSAGE) },
    })
    const listed = await service.list()
    expect(listed.ok && listed.data.presets).toHaveLength(1000)
  })

  it('still creates the 1,000th', async () => {
    const service = await serviceWith(999)
    expect((await service.create({ name: 'The last', filters: EMPTY_FILTERS, pageSize: 100 })).ok).toBe(true)
  })

  it('refuses an import that would pass the cap, and adds none of it', async () => {
    const source = join(dir, 'shared.json')
    const incoming = Array.from({ length: 20 }, (_, index) => ({
      ...preset(5000 + index),
      name: `Shared ${index}`,
    }))
    await writeFile(source, serialiseExport(incoming, '2026-01-01T00:00:00.000Z'))
    const dialogs = new ScriptedDialogs()
    dialogs.nextImportPath = source
    const service = await serviceWith(990, dialogs)
    const preview = await service.previewImport()
    if (!preview.ok || !preview.data) throw new Error('no preview')
    const confirmed = await service.confirmImport(preview.data.previewId)
    expect(confirmed).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/at most 1,000 presets; you have 990 and this would add 20/) },
    })
    const listed = await service.list()
    expect(listed.ok && listed.data.presets).toHaveLength(990)
  })
})
