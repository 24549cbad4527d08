import type { SessionStatus } from '../../../shared/contract'
import { AppHeader } from './AppHeader'
import { FilterPanel } from './FilterPanel'
import { ResultsPanel } from './ResultsPanel'

/** Connected (live or demo): header, filters on the left, results on the right. */
export function MainScreen({ status }: { status: Exclude<SessionStatus, { mode: 'disconnected' }> }) {
  return (
    <div className="app-shell">
      <AppHeader status={status} />
      <div className="workspace">
        <FilterPanel />
        <ResultsPanel />
      </div>
    </div>
  )
}
