import { electronBinary } from './harness/electron-binary'

export default function globalSetup(): void {
  const binary = electronBinary()
  if ('missing' in binary) {
    console.log(`[e2e] The "electron" project's specs will be skipped: ${binary.missing}.`)
    console.log(
      '[e2e] The same specs run in Chromium with the real main-process handlers behind an emulated preload.',
    )
  } else {
    console.log(`[e2e] Electron runtime found at ${binary.path}: specs run in Chromium and in Electron.`)
  }
}
