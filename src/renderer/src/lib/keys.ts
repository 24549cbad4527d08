import type { AppPlatform } from '../../../shared/contract'

/** A shortcut as the user reads it and as `aria-keyshortcuts` names it. */
export interface Shortcut {
  label: string
  aria: string
}

/** Undo: Cmd+Z on a Mac, Ctrl+Z elsewhere (and while the platform is not known yet). */
export function undoShortcut(platform: AppPlatform | undefined): Shortcut {
  return platform === 'mac' ? { label: 'Cmd+Z', aria: 'Meta+Z' } : { label: 'Ctrl+Z', aria: 'Control+Z' }
}

/** F6 moves between the window's regions in desktop apps; here it reaches a toast and returns from it. */
export const TOAST_FOCUS_KEY: Shortcut = { label: 'F6', aria: 'F6' }
