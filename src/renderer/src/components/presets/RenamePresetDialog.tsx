import type { Preset } from '../../../../shared/presets'
import { usePresetsStore } from '../../stores/presets'
import { PresetNameDialog } from '../PresetNameDialog'

/** "Rename": any name the other presets do not have. */
export function RenamePresetDialog({ preset, onClose }: { preset: Preset; onClose: () => void }) {
  const presets = usePresetsStore((s) => s.snapshot)?.presets ?? []
  return (
    <PresetNameDialog
      mode="rename"
      initialName={preset.name}
      takenNames={presets.filter((p) => p.id !== preset.id).map((p) => p.name)}
      onSubmit={(name) => usePresetsStore.getState().rename(preset.id, name)}
      onClose={onClose}
    />
  )
}
