import { useEffect } from 'react'
import { Spinner } from './components/Alert'
import { ConnectScreen } from './components/ConnectScreen'
import { AppMark } from './components/Icons'
import { MainScreen } from './components/MainScreen'
import { ReportOpening } from './components/OpenReport'
import { useReportDrop } from './lib/useReportDrop'
import { useCompareStore } from './stores/compare'
import { followJobs } from './stores/jobs'
import { useReportStore } from './stores/report'
import { useSearchStore } from './stores/search'
import { useSessionStore } from './stores/session'

/**
 * Start-up asks main how this window is connected, whether a report is open, which jobs run
 * (following their events from then on) and what the last search's form was, then shows the
 * connect screen or the main screen. A report opens without a token, so the main screen also
 * shows one while disconnected.
 */
export function App() {
  const status = useSessionStore((s) => s.status)
  const loading = useSessionStore((s) => s.loading)
  const load = useSessionStore((s) => s.load)
  const loadReport = useReportStore((s) => s.load)
  const opened = useReportStore((s) => s.opened)
  // Two reports are compared without a token, like one is viewed.
  const comparing = useCompareStore((s) => s.view !== null)
  const restoreSearch = useSearchStore((s) => s.restoreLast)
  const searchRestored = useSearchStore((s) => s.restored)
  const dragging = useReportDrop()

  useEffect(() => {
    void load()
    void loadReport()
    // The last search's filters and page size fill the form before it is first shown.
    void restoreSearch()
  }, [load, loadReport, restoreSearch])

  // Main's job events reach the stores from here on; a reloaded window also picks up running jobs.
  useEffect(() => followJobs(), [])

  if (loading || status === null || !searchRestored) {
    return (
      <div className="splash" role="status" aria-live="polite">
        <AppMark size={40} />
        <p className="splash-text">
          <Spinner /> Opening Opt-Out Desk…
        </p>
      </div>
    )
  }
  return (
    <>
      {status.mode === 'disconnected' && !opened && !comparing ? (
        <ConnectScreen />
      ) : (
        <MainScreen status={status} />
      )}
      <ReportOpening />
      {dragging ? (
        <div className="drop-hint" aria-hidden="true">
          <p>Drop an Excel or CSV report to open it</p>
        </div>
      ) : null}
    </>
  )
}
