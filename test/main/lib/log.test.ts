import { describe, expect, it } from 'vitest'
import { createLog, redactTokens } from '../../../src/main/lib/log'

describe('log redaction', () => {
  it('blanks auth_token in form bodies, query strings and JSON', () => {
    expect(redactTokens('body auth_token=abc123&limit=1')).toBe('body auth_token=[redacted]&limit=1')
    expect(redactTokens('{"auth_token":"abc123","limit":1}')).toBe('{"auth_token":"[redacted]","limit":1}')
    expect(redactTokens('GET /x?AUTH_TOKEN=zzz')).toBe('GET /x?AUTH_TOKEN=[redacted]')
  })

  it('every logged line goes through redaction', () => {
    const lines: string[] = []
    createLog((line) => lines.push(line))('failed with auth_token=secret-value')
    expect(lines[0]).toContain('auth_token=[redacted]')
    expect(lines[0]).not.toContain('secret-value')
  })
})
