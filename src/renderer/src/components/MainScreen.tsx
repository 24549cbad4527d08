import { useEffect } from 'react'
import type { SessionStatus } from '../../../shared/contract'
import { usePresetsStore } from '../stores/presets'
import { AppHeader } from './AppHeader'
import { FilterPanel } from './FilterPanel'
import { PresetToasts } from './PresetToasts'
import { PresetsPanel, PresetsProblem } from './PresetsPanel'
import { ResultsPanel } from './ResultsPanel'

/** Connected (live or demo): header, presets and filters on the left, results on the right. */
export function MainScreen({ status }: { status: Exclude<SessionStatus, { mode: 'disconnected' }> }) {
  const startPresets = usePresetsStore((s) => s.start)

  useEffect(() => {
    // Loads the presets; the default one runs only the first time per app start (see the store).
    void startPresets()
  }, [startPresets])

  return (
    <div className="app-shell">
      <AppHeader status={status} />
      <PresetsProblem />
      <div className="workspace">
        <div className="sidebar">
          <PresetsPanel />
          <FilterPanel />
        </div>
        <ResultsPanel />
      </div>
      <PresetToasts />
    </div>
  )
}
