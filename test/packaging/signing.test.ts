import { describe, expect, it } from 'vitest'
import { signingConfig, signingNotice } from '../../build/signing.mjs'

const APPLE_KEY = {
  APPLE_API_KEY: '/k/AuthKey.p8',
  APPLE_API_KEY_ID: 'ABC123',
  APPLE_API_ISSUER: 'issuer-uuid',
}
const AZURE = {
  AZURE_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net',
  AZURE_SIGNING_ACCOUNT: 'acct',
  AZURE_SIGNING_PROFILE: 'profile',
  AZURE_SIGNING_PUBLISHER: 'CN=Example',
}

describe('signing from environment variables (build/signing.mjs)', () => {
  it('signs nothing and says so for each platform when no secret is set', () => {
    expect(signingConfig({})).toEqual({ win: {}, mac: { identity: null, notarize: false } })
    expect(signingNotice('win32', {})).toMatch(/^Windows code signing skipped: set WIN_CSC_LINK/)
    expect(signingNotice('darwin', {})).toMatch(/^macOS code signing and notarisation skipped/)
    expect(signingNotice('linux', {})).toMatch(/not signed/)
  })

  it('treats blank variables (unset GitHub secrets) as absent', () => {
    expect(signingConfig({ CSC_LINK: '', ...APPLE_KEY, APPLE_API_KEY: ' ' })).toEqual({
      win: {},
      mac: { identity: null, notarize: false },
    })
  })

  it('signs on macOS with a certificate and notarises only with the whole App Store Connect key', () => {
    expect(signingConfig({ CSC_LINK: 'cert.p12' }).mac).toEqual({ notarize: false })
    expect(signingNotice('darwin', { CSC_LINK: 'cert.p12' })).toMatch(/notarisation skipped/)
    expect(signingConfig({ CSC_LINK: 'cert.p12', ...APPLE_KEY }).mac).toEqual({ notarize: true })
    expect(signingNotice('darwin', { CSC_LINK: 'cert.p12', ...APPLE_KEY })).toMatch(/signed .* and notarised/)
  })

  it('uses Azure Trusted Signing on Windows when configured and no certificate file is', () => {
    expect(signingConfig(AZURE).win).toEqual({
      azureSignOptions: {
        endpoint: AZURE.AZURE_SIGNING_ENDPOINT,
        codeSigningAccountName: 'acct',
        certificateProfileName: 'profile',
        publisherName: 'CN=Example',
      },
    })
    expect(signingNotice('win32', AZURE)).toBe('Windows code signing: Azure Trusted Signing.')
    expect(signingConfig({ ...AZURE, WIN_CSC_LINK: 'cert.pfx' }).win).toEqual({})
    expect(signingConfig({ ...AZURE, AZURE_SIGNING_PROFILE: '' }).win).toEqual({})
  })
})
