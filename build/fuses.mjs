// The Electron fuses Opt-Out Desk ships with: the one list, flipped into the packaged binary by
// build/after-pack.mjs and pinned by test/packaging/fuses.test.ts. Fuses are bits compiled into the
// Electron binary that switch features off before any app code runs, so they hold even if the app
// is tampered with. See https://www.electronjs.org/docs/latest/tutorial/fuses
import { FuseV1Options, FuseVersion } from '@electron/fuses'

/** Each fuse and the state the app needs, with why. */
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter.
  RunAsNode: false,
  // Cookies (none today) are encrypted at rest with an OS-held key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS could inject code into the main process (e.g. --require).
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and friends would let anyone on the machine debug the process that holds the token.
  EnableNodeCliInspectArguments: false,
  // The app's code is checked against the hash recorded at build time (macOS and Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded, so an unchecked app/ folder beside it cannot replace the app.
  OnlyLoadAppFromAsar: true,
  // file:// gets no special powers: the renderer is served from app://opt-out-desk.
  GrantFileProtocolExtraPrivileges: false,
})

/**
 * The @electron/fuses configuration for one packaged binary. An Apple Silicon binary that is not
 * signed afterwards (no certificate configured) needs its ad-hoc signature redone after the flip,
 * or macOS refuses to start it.
 * @param {{ platform: string, arch: string }} target electron platform name and arch name
 */
export function fuseConfig({ platform, arch }) {
  /** @type {import('@electron/fuses').FuseV1Config} */
  const config = {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
  }
  for (const [name, state] of Object.entries(FUSES)) {
    const index = FuseV1Options[name]
    if (typeof index !== 'number') throw new Error(`@electron/fuses has no fuse named ${name}`)
    config[index] = state
  }
  return config
}
