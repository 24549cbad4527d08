import { useEffect } from 'react'
import type { SessionStatus } from '../../../shared/contract'
import { useCompareStore } from '../stores/compare'
import { useLookupStore } from '../stores/lookup'
import { usePresetsStore } from '../stores/presets'
import { useReportStore } from '../stores/report'
import { AppHeader } from './AppHeader'
import { ComparePanel } from './compare/ComparePanel'
import { FilterPanel } from './FilterPanel'
import { LookupPanel } from './lookup/LookupPanel'
import { PresetToasts } from './PresetToasts'
import { PresetsPanel } from './presets/PresetsPanel'
import { PresetsProblem } from './presets/PresetsProblem'
import { ReportBanner } from './ReportBanner'
import { ResultsPanel } from './ResultsPanel'
import { ScrubWindow } from './scrub/ScrubWindow'
import { useScrubStore } from '../stores/scrub'

/**
 * Connected (live or demo), or viewing an opened report: header, presets and
 * filters on the left, results on the right.
 */
export function MainScreen({ status }: { status: SessionStatus }) {
  const startPresets = usePresetsStore((s) => s.start)
  const report = useReportStore((s) => s.opened)
  const lookup = useLookupStore((s) => s.view)
  const scrubbing = useScrubStore((s) => s.open)
  const compare = useCompareStore((s) => s.view)

  useEffect(() => {
    // Loads the presets; the default one runs only the first time per app start (see the store).
    void startPresets()
  }, [startPresets])

  return (
    <div className="app-shell">
      <AppHeader status={status} />
      {report ? <ReportBanner report={report} /> : null}
      <PresetsProblem />
      {/* The scrub window takes the workspace's place; the search stays as it was underneath. */}
      <div className="workspace" hidden={scrubbing}>
        <div className="sidebar">
          <PresetsPanel />
          <FilterPanel />
        </div>
        {compare ? (
          <ComparePanel view={compare} />
        ) : lookup ? (
          <LookupPanel view={lookup} />
        ) : (
          <ResultsPanel />
        )}
      </div>
      {scrubbing ? <ScrubWindow /> : null}
      <PresetToasts />
    </div>
  )
}
