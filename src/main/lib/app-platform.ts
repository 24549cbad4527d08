import type { AppPlatform } from '../../shared/contract'

/** What the window needs to know of the system: which key names it shows. */
export function appPlatform(platform: NodeJS.Platform): AppPlatform {
  switch (platform) {
    case 'darwin':
      return 'mac'
    case 'win32':
      return 'windows'
    case 'linux':
      return 'linux'
    default:
      return 'other'
  }
}
