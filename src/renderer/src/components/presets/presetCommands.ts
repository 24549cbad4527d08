import type { Preset } from '../../../../shared/presets'

/**
 * What the list does to one preset when a key, the actions menu or a button
 * asks: the list implements them, because each also moves focus or opens a dialog.
 */
export interface PresetCommands {
  rename: (preset: Preset) => void
  remove: (preset: Preset) => void
  moveBy: (preset: Preset, delta: -1 | 1) => void
  duplicate: (preset: Preset) => void
  openMenu: (preset: Preset) => void
}
