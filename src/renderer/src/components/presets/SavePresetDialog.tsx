import { suggestPresetName, summariseFilters } from '../../lib/presets'
import { usePresetsStore } from '../../stores/presets'
import { useSearchStore } from '../../stores/search'
import { PresetNameDialog } from '../PresetNameDialog'

/** "Save as preset": names the form's filters and page size, suggesting a name from the filters. */
export function SavePresetDialog({ onClose }: { onClose: () => void }) {
  const presets = usePresetsStore((s) => s.snapshot)?.presets ?? []
  const filters = useSearchStore((s) => s.filters)
  const pageSize = useSearchStore((s) => s.pageSize)
  const names = presets.map((p) => p.name)
  return (
    <PresetNameDialog
      mode="save"
      initialName={suggestPresetName(filters, names)}
      takenNames={names}
      description={
        <p>
          Keeps the current filters (<strong>{summariseFilters(filters)}</strong>) and {pageSize} rows per
          page.
        </p>
      }
      onSubmit={(name) => usePresetsStore.getState().create(name)}
      onClose={onClose}
    />
  )
}
