import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuiltApp, REPO_ROOT } from '../../../support/built-app'

/** Every JavaScript file of the built main process (index.js, its chunks and the worker entries). */
function builtMainSource(): string {
  const dir = join(REPO_ROOT, 'out', 'main')
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'))
  return files.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n')
}

describe('the shipped main bundle carries demo mode without the test tooling', () => {
  let source: string
  beforeAll(() => {
    ensureBuiltApp()
    source = builtMainSource()
  }, 300_000)

  it('serves the Convoso protocol (so the strings below would be found if they were there)', () => {
    expect(source).toContain('/v1/sms-opt-out/search')
    expect(source).toContain('Invalid offset value')
  })

  it.each([
    ['the control routes', '/__control/'],
    ['the maintenance-page fault', 'Scheduled maintenance'],
    ['the reset fault', 'resetAndDestroy'],
    ['the request log', '[REDACTED]'],
    ['the command-line server', 'Fake Convoso listening'],
  ])('has no trace of %s (%j)', (_what, marker) => {
    expect(source).not.toContain(marker)
  })
})
