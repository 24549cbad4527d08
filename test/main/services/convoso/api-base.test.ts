import { describe, expect, it } from 'vitest'
import { normaliseApiBase } from '../../../../src/main/services/convoso/api-base'
import { DEFAULT_API_BASE } from '../../../../src/shared/settings'

describe('API base URL rule', () => {
  it.each([
    [DEFAULT_API_BASE, DEFAULT_API_BASE],
    ['https://api.convoso.com/v1/', 'https://api.convoso.com/v1'],
    ['  https://staging.example.com/v1  ', 'https://staging.example.com/v1'],
    ['http://127.0.0.1:4010/v1', 'http://127.0.0.1:4010/v1'],
    ['http://localhost:8080/v1', 'http://localhost:8080/v1'],
    ['http://[::1]:8080/v1', 'http://[::1]:8080/v1'],
  ])('accepts %s', (input, expected) => {
    expect(normaliseApiBase(input)).toEqual({ ok: true, apiBase: expected })
  })

  it.each([
    ['http://api.convoso.com/v1', /https/],
    ['http://192.168.1.10/v1', /unencrypted/],
    ['http://127.0.0.1.evil.com/v1', /https/],
    ['ftp://api.convoso.com/v1', /https/],
    ['file:///etc/passwd', /https/],
    ['not a url', /not a web address/],
    ['', /Type the API address/],
    ['https://user:pw@api.convoso.com/v1', /user name and password/],
    ['https://api.convoso.com/v1?auth_token=abc', /\?/],
  ])('refuses %s', (input, reason) => {
    const result = normaliseApiBase(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toMatch(reason)
  })
})
