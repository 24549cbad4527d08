import { useRef, useState } from 'react'
import type { SessionStatus } from '../../../shared/contract'
import { formatCount } from '../lib/format'
import { useReportStore } from '../stores/report'
import { useSessionStore } from '../stores/session'
import { Alert, Spinner } from './Alert'
import { openCompare } from './compare/open-compare'
import { AppMark, CompareIcon, FlaskIcon, KeyIcon, ReportsIcon, SettingsIcon } from './Icons'
import { Modal } from './Modal'
import { OpenReportButton } from './OpenReport'
import { ScrubButton } from './scrub/ScrubButton'
import { ShortLabel } from './ShortLabel'
import { ReportsDialog } from './ReportsDialog'
import { SettingsDialog } from './SettingsDialog'
import { TokenForm } from './TokenForm'

/** The top bar: product, how this window is connected, and the session's controls. */
export function AppHeader({ status }: { status: SessionStatus }) {
  const busy = useSessionStore((s) => s.busy)
  const error = useSessionStore((s) => s.error)
  const dismissError = useSessionStore((s) => s.dismissError)
  const openReplace = useSessionStore((s) => s.openReplace)
  const stopDemo = useSessionStore((s) => s.stopDemo)
  // Disconnected, the header shows only while a report is open; closing it leads to the connect screen.
  const closeReport = useReportStore((s) => s.close)
  const [confirmForget, setConfirmForget] = useState(false)
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [reportsOpen, setReportsOpen] = useState(false)

  return (
    <>
      <header className="app-header">
        <div className="app-header-brand">
          <AppMark />
          <span className="app-name">Opt-Out Desk</span>
        </div>
        <div className="app-header-session">
          {status.mode === 'live' ? (
            <>
              <span className="status-pill status-live" title={status.apiBase}>
                <span className="status-dot" aria-hidden="true" />
                Connected · <span className="status-pill-wide">token ending </span>
                <span className="mono">••••{status.tokenLast4}</span>
              </span>
              <button
                type="button"
                className="button button-quiet"
                onClick={openReplace}
                title="Replace token"
              >
                <KeyIcon />
                <ShortLabel long="Replace token" short="Replace" />
              </button>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => setConfirmForget(true)}
                disabled={busy === 'forget'}
                title="Forget token"
              >
                <ShortLabel long="Forget token" short="Forget" />
              </button>
            </>
          ) : status.mode === 'demo' ? (
            <span className="status-pill status-demo">
              <span className="status-dot" aria-hidden="true" />
              Demo mode
            </span>
          ) : (
            <>
              <span className="status-pill status-offline">
                <span className="status-dot" aria-hidden="true" />
                Not connected to Convoso
              </span>
              <button type="button" className="button button-quiet" onClick={() => void closeReport()}>
                <KeyIcon />
                Connect
              </button>
            </>
          )}
          <span className="header-separator" aria-hidden="true" />
          <OpenReportButton />
          <ScrubButton />
          <button
            type="button"
            className="button button-quiet"
            onClick={() => setReportsOpen(true)}
            aria-haspopup="dialog"
          >
            <ReportsIcon />
            Reports
          </button>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => openCompare()}
            title="Compare two reports: what was removed, changed or added between them"
          >
            <CompareIcon />
            Compare
          </button>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => setSettingsOpen(true)}
            aria-haspopup="dialog"
          >
            <SettingsIcon />
            Settings
          </button>
        </div>
      </header>

      {status.mode === 'demo' ? (
        <section className="demo-banner" aria-label="Demo mode">
          <FlaskIcon />
          <p>
            <strong>Demo data — not your Convoso account</strong> ({formatCount(status.recordCount)} generated
            records)
          </p>
          <button
            type="button"
            className="button button-small"
            onClick={() => void stopDemo()}
            disabled={busy === 'leave-demo'}
          >
            {busy === 'leave-demo' ? <Spinner /> : null}
            Leave demo
          </button>
        </section>
      ) : null}

      {error ? (
        <div className="session-error">
          <Alert tone="error" onDismiss={dismissError}>
            {error.message}
          </Alert>
        </div>
      ) : null}

      {confirmForget ? <ForgetTokenDialog onClose={() => setConfirmForget(false)} /> : null}
      <ReplaceTokenDialog />
      {settingsOpen ? <SettingsDialog onClose={() => setSettingsOpen(false)} /> : null}
      {reportsOpen ? <ReportsDialog onClose={() => setReportsOpen(false)} /> : null}
    </>
  )
}

function ForgetTokenDialog({ onClose }: { onClose: () => void }) {
  const forgetToken = useSessionStore((s) => s.forgetToken)
  const busy = useSessionStore((s) => s.busy)
  const cancelRef = useRef<HTMLButtonElement>(null)

  async function confirm() {
    // On failure the header shows why; either way this question is answered.
    await forgetToken()
    onClose()
  }

  return (
    <Modal
      title="Forget the API token?"
      role="alertdialog"
      size="small"
      onClose={onClose}
      initialFocus={cancelRef}
      description={
        <p>
          Opt-Out Desk deletes the token from your system keychain and returns to the connect screen. The
          token itself stays valid in Convoso; an admin can revoke it there.
        </p>
      }
    >
      <div className="form-actions form-actions-end">
        <button ref={cancelRef} type="button" className="button" onClick={onClose}>
          Keep token
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => void confirm()}
          disabled={busy === 'forget'}
        >
          {busy === 'forget' ? <Spinner /> : null}
          Forget token
        </button>
      </div>
    </Modal>
  )
}

/** Replacing keeps the current session until the new token verifies. */
export function ReplaceTokenDialog() {
  const open = useSessionStore((s) => s.replaceOpen)
  const closeReplace = useSessionStore((s) => s.closeReplace)
  const verifying = useSessionStore((s) => s.verifying)
  const inputRef = useRef<HTMLInputElement>(null)
  if (!open) return null
  return (
    <Modal
      title="Replace the API token"
      onClose={() => {
        if (!verifying) closeReplace()
      }}
      initialFocus={inputRef}
      description={
        <p>
          Paste a token created under <strong>API → Authorization Tokens</strong> with the SMS Opt-Out section
          ticked. The current token stays in use until the new one is verified.
        </p>
      }
    >
      <TokenForm
        inputRef={inputRef}
        submitLabel="Verify and replace"
        secondary={
          <button type="button" className="button" onClick={closeReplace} disabled={verifying}>
            Cancel
          </button>
        }
      />
    </Modal>
  )
}
