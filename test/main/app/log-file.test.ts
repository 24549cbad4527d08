import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogFile, LOG_FILES_KEPT, LOG_MAX_BYTES } from '../../../src/main/app/log-file'
import { createLog } from '../../../src/main/lib/log'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'opt-out-desk-logs-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('log file', () => {
  it('appends each line to main.log as given', () => {
    const dir = tempDir()
    const write = createLogFile(dir)
    write('first line')
    write('second line')
    expect(readFileSync(join(dir, 'main.log'), 'utf8').split(/\r?\n/)).toEqual([
      'first line',
      'second line',
      '',
    ])
  })

  it('rotates by size and keeps a fixed number of older files', () => {
    const dir = tempDir()
    const write = createLogFile(dir, { maxBytes: 300, keep: 2 })
    for (let line = 0; line < 100; line += 1) write(`line ${String(line).padStart(3, '0')} ${'x'.repeat(40)}`)
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log'])
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(300 + 60)
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('line 099')
    // The newest lines are in main.log, the ones before them in main.1.log.
    const previous = readFileSync(join(dir, 'main.1.log'), 'utf8')
    expect(previous).not.toContain('line 099')
    expect(previous).toMatch(/line 09\d/)
  })

  it('by default keeps at most four files of about 1 MB each, however much is logged', () => {
    const dir = tempDir()
    const write = createLogFile(dir)
    const line = 'x'.repeat(1023)
    for (let written = 0; written < (LOG_FILES_KEPT + 2) * LOG_MAX_BYTES; written += 1024) write(line)
    const files = readdirSync(dir).sort()
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log'])
    const total = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
    expect(total).toBeLessThanOrEqual((LOG_FILES_KEPT + 1) * (LOG_MAX_BYTES + 1024))
  })

  it('holds only redacted text when fed by createLog', () => {
    const dir = tempDir()
    const log = createLog(createLogFile(dir))
    log('GET /search?auth_token=abc123secret&limit=1 failed')
    const text = readFileSync(join(dir, 'main.log'), 'utf8')
    expect(text).toContain('auth_token=[redacted]')
    expect(text).not.toContain('abc123secret')
  })
})
