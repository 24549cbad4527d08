import { useEffect } from 'react'
import { Spinner } from './components/Alert'
import { ConnectScreen } from './components/ConnectScreen'
import { AppMark } from './components/Icons'
import { MainScreen } from './components/MainScreen'
import { useSessionStore } from './stores/session'

/** Start-up asks main how this window is connected, then shows the connect or the main screen. */
export function App() {
  const status = useSessionStore((s) => s.status)
  const loading = useSessionStore((s) => s.loading)
  const load = useSessionStore((s) => s.load)

  useEffect(() => {
    void load()
  }, [load])

  if (loading || status === null) {
    return (
      <div className="splash" role="status" aria-live="polite">
        <AppMark size={40} />
        <p className="splash-text">
          <Spinner /> Opening Opt-Out Desk…
        </p>
      </div>
    )
  }
  if (status.mode === 'disconnected') return <ConnectScreen />
  return <MainScreen status={status} />
}
