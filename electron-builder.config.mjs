// The one electron-builder config for Opt-Out Desk (used by every `npm run dist*` script and by
// test/packaging/package-check.mjs). Signing comes from environment variables: build/signing.mjs.
import { afterPack } from './build/after-pack.mjs'
import { signingConfig } from './build/signing.mjs'

const signing = signingConfig(process.env)

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'com.optoutdesk.app',
  productName: 'Opt-Out Desk',
  copyright: 'Copyright © Opt-Out Desk',
  directories: { buildResources: 'build', output: 'dist' },
  // Only the built app: electron-vite bundles the renderer and preload into out/, and main keeps
  // its production dependencies (package.json "dependencies") as runtime requires. Everything else
  // (src/, test/, bench/, build/, configs, source maps) stays out of the package.
  files: [
    'out/**',
    'package.json',
    // No source maps anywhere (the app's or its dependencies'), and not exceljs's browser bundles:
    // in Node it loads lib/ through excel.js.
    '!**/*.map',
    '!**/node_modules/exceljs/dist/**',
  ],
  asar: true,
  // Native addons cannot be loaded from inside an asar archive: keytar's .node goes beside it, in
  // app.asar.unpacked, and Electron's asar shim redirects the require there.
  asarUnpack: ['**/*.node'],
  // keytar is an N-API addon (binding.gyp sets NAPI_VERSION; its prebuilds are tagged napi-v3):
  // N-API is ABI-stable across Node and Electron versions, so the binary npm built for Node runs
  // in Electron unchanged and no rebuild against Electron's headers is needed. Skipping the rebuild
  // also keeps packaging free of a compiler and of a download of Electron's headers.
  npmRebuild: false,
  nodeGypRebuild: false,
  afterPack: (context) => afterPack(context),

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    ...signing.win,
  },
  nsis: {
    // Assisted installer: per-user by default (no administrator rights), with a per-machine choice
    // on its install-mode page or with /allusers on the command line (see README, "Silent install").
    oneClick: false,
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Opt-Out Desk',
    // Settings, presets and report history stay unless the uninstaller is run with --delete-app-data.
    deleteAppDataOnUninstall: false,
    artifactName: 'Opt-Out-Desk-Setup-${version}.${ext}',
  },

  mac: {
    target: [
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ],
    category: 'public.app-category.business',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    ...signing.mac,
  },
  dmg: { artifactName: 'Opt-Out-Desk-${version}-${arch}.${ext}' },

  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'Opt-Out Desk',
    synopsis: 'Search, review and export the SMS opt-out list kept in Convoso.',
    artifactName: 'Opt-Out-Desk-${version}-${arch}.${ext}',
  },
  // keytar talks to the Secret Service through libsecret.
  deb: { depends: ['libsecret-1-0'] },

  publish: null,
}

export default config
