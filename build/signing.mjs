// Code signing and notarisation come only from environment variables (CI secrets or a release
// machine), never from the repository. Without them the build still succeeds, unsigned, and says so
// in one line per platform (printed by build/after-pack.mjs before electron-builder would sign).

const has = (env, ...names) => names.every((name) => (env[name] ?? '').trim() !== '')

/**
 * The signing-related parts of the electron-builder config for this environment.
 * @param {Record<string, string | undefined>} env
 */
export function signingConfig(env) {
  // Azure Trusted Signing is chosen when its account is configured and no certificate file is;
  // electron-builder reads AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET itself.
  const azure =
    !hasWindowsCertificate(env) &&
    has(
      env,
      'AZURE_SIGNING_ENDPOINT',
      'AZURE_SIGNING_ACCOUNT',
      'AZURE_SIGNING_PROFILE',
      'AZURE_SIGNING_PUBLISHER',
    )
      ? {
          endpoint: env.AZURE_SIGNING_ENDPOINT,
          codeSigningAccountName: env.AZURE_SIGNING_ACCOUNT,
          certificateProfileName: env.AZURE_SIGNING_PROFILE,
          publisherName: env.AZURE_SIGNING_PUBLISHER,
        }
      : null
  return {
    win: azure ? { azureSignOptions: azure } : {},
    mac: {
      // No certificate: skip signing outright instead of picking whatever identity the keychain holds.
      ...(hasMacCertificate(env) ? {} : { identity: null }),
      notarize: hasMacCertificate(env) && hasNotaryKey(env),
    },
  }
}

/**
 * One line saying whether this platform's build is signed (and notarised), and how to change that.
 * @param {string} platform electron platform name: win32, darwin or linux
 * @param {Record<string, string | undefined>} env
 */
export function signingNotice(platform, env) {
  if (platform === 'win32') {
    if (hasWindowsCertificate(env))
      return 'Windows code signing: certificate file from WIN_CSC_LINK/CSC_LINK.'
    if (signingConfig(env).win.azureSignOptions) return 'Windows code signing: Azure Trusted Signing.'
    return 'Windows code signing skipped: set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD (certificate file) or AZURE_SIGNING_* and AZURE_TENANT_ID/CLIENT_ID/CLIENT_SECRET (Azure Trusted Signing) to sign.'
  }
  if (platform === 'darwin') {
    if (!hasMacCertificate(env))
      return 'macOS code signing and notarisation skipped: set CSC_LINK and CSC_KEY_PASSWORD (Developer ID Application certificate) and APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER (App Store Connect API key) to sign and notarise.'
    if (!hasNotaryKey(env))
      return 'macOS: signed with CSC_LINK; notarisation skipped: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER to notarise.'
    return 'macOS: signed with CSC_LINK and notarised with the App Store Connect API key.'
  }
  return 'Linux packages are not signed (AppImage and deb carry no code signature).'
}

function hasWindowsCertificate(env) {
  return has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK')
}

function hasMacCertificate(env) {
  return has(env, 'CSC_LINK') || has(env, 'CSC_NAME')
}

function hasNotaryKey(env) {
  return has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER')
}
