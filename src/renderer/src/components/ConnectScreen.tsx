import { useState } from 'react'
import { focusTargetWhenShown } from '../lib/focus-targets'
import { useSessionStore } from '../stores/session'
import { Alert, Spinner } from './Alert'
import { AppMark, FlaskIcon, SettingsIcon } from './Icons'
import { OpenReportButton } from './OpenReport'
import { SettingsDialog } from './SettingsDialog'
import { TokenForm } from './TokenForm'

/** Shown while no token is stored: how to get one, where to paste it, and the demo. */
export function ConnectScreen() {
  const error = useSessionStore((s) => s.error)
  const busy = useSessionStore((s) => s.busy)
  const verifying = useSessionStore((s) => s.verifying)
  const startDemo = useSessionStore((s) => s.startDemo)
  const dismissError = useSessionStore((s) => s.dismissError)
  const notice = useSessionStore((s) => (s.status?.mode === 'disconnected' ? s.status.notice : undefined))
  const [settingsOpen, setSettingsOpen] = useState(false)

  async function onDemo() {
    await startDemo()
    if (useSessionStore.getState().status?.mode === 'demo') focusTargetWhenShown('firstFilter')
  }

  return (
    <div className="connect-screen">
      <main className="connect-card" aria-labelledby="connect-title">
        <div className="connect-brand">
          <AppMark size={36} />
          <div>
            <p className="connect-product">Opt-Out Desk</p>
            <p className="muted small">Search and review your Convoso SMS opt-out list</p>
          </div>
        </div>

        <h1 id="connect-title" className="connect-title">
          Connect to Convoso
        </h1>

        {error ? (
          <Alert tone="error" title="Opt-Out Desk could not start its session" onDismiss={dismissError}>
            {error.message}
          </Alert>
        ) : null}

        {notice ? (
          <Alert tone="warning" title="Not connected">
            {notice}
          </Alert>
        ) : null}

        <ol className="steps">
          <li>
            A Convoso admin opens <strong>API → Authorization Tokens</strong> and creates a token.
          </li>
          <li>
            In the token&rsquo;s permissions, tick the <strong>SMS Opt-Out</strong> section.
          </li>
          <li>Paste the token below. Opt-Out Desk checks it with Convoso before keeping it.</li>
        </ol>

        {/* Connected: the main screen replaces this one, and work starts in the first filter. */}
        <TokenForm onConnected={() => focusTargetWhenShown('firstFilter')} />

        <div className="divider" role="separator">
          <span>or</span>
        </div>

        <div className="connect-alternatives">
          <button
            type="button"
            className="button button-block"
            onClick={() => void onDemo()}
            disabled={busy === 'demo' || verifying}
          >
            {busy === 'demo' ? <Spinner /> : <FlaskIcon />}
            {busy === 'demo' ? 'Preparing demo data…' : 'Explore with demo data'}
          </button>
          <p className="muted small center">
            Generated records on this computer. Nothing is sent to Convoso.
          </p>
          <OpenReportButton className="button button-block" />
          <p className="muted small center">
            Search an Excel or CSV report exported earlier, with no token or network. You can also drop the
            file on this window, or two reports to compare them.
          </p>
        </div>

        <div className="connect-footer">
          <button type="button" className="link-button" onClick={() => setSettingsOpen(true)}>
            <SettingsIcon />
            API settings
          </button>
        </div>
      </main>
      {settingsOpen ? <SettingsDialog onClose={() => setSettingsOpen(false)} /> : null}
    </div>
  )
}
