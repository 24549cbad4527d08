import { useId, useState, type FormEvent, type ReactNode, type Ref } from 'react'
import { useSessionStore } from '../stores/session'
import { Alert, Spinner } from './Alert'
import { EyeIcon, EyeOffIcon } from './Icons'

interface TokenFormProps {
  /** Called after main verified and stored the token. */
  onConnected?: () => void
  submitLabel?: string
  inputRef?: Ref<HTMLInputElement>
  /** Extra buttons next to the submit button (e.g. Cancel in the replace dialog). */
  secondary?: ReactNode
}

/**
 * The API token field. The token lives in the session store only while it is
 * being typed; submitting empties it before main is even asked.
 */
export function TokenForm({
  onConnected,
  submitLabel = 'Verify and save',
  inputRef,
  secondary,
}: TokenFormProps) {
  const tokenDraft = useSessionStore((s) => s.tokenDraft)
  const verifying = useSessionStore((s) => s.verifying)
  const verifyError = useSessionStore((s) => s.verifyError)
  const setTokenDraft = useSessionStore((s) => s.setTokenDraft)
  const submitToken = useSessionStore((s) => s.submitToken)
  const [revealed, setRevealed] = useState(false)
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    if (verifying) return
    setRevealed(false)
    if (await submitToken()) onConnected?.()
  }

  const describedBy = [hintId, verifyError ? errorId : null].filter(Boolean).join(' ')

  return (
    <form className="token-form" onSubmit={onSubmit} noValidate aria-busy={verifying}>
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          API token
        </label>
        <div className="input-with-button">
          <input
            ref={inputRef}
            id={inputId}
            name="token"
            className="input input-mono"
            type={revealed ? 'text' : 'password'}
            value={tokenDraft}
            onChange={(event) => setTokenDraft(event.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            disabled={verifying}
            aria-invalid={verifyError ? true : undefined}
            aria-describedby={describedBy}
            placeholder="Paste the token from Convoso"
          />
          <button
            type="button"
            className="input-addon-button"
            onClick={() => setRevealed((value) => !value)}
            aria-pressed={revealed}
            aria-controls={inputId}
            disabled={verifying}
          >
            {revealed ? <EyeOffIcon /> : <EyeIcon />}
            <span>{revealed ? 'Hide' : 'Show'}</span>
          </button>
        </div>
        <p id={hintId} className="field-hint">
          Kept in your system keychain, never in a plain file. This window forgets it as soon as it is sent.
        </p>
      </div>

      {verifyError ? (
        <div id={errorId}>
          <Alert tone="error">
            {verifyError.message}
            {verifyError.kind !== 'validation' ? ' Paste the token again to retry.' : null}
          </Alert>
        </div>
      ) : null}

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={verifying}>
          {verifying ? <Spinner /> : null}
          {verifying ? 'Verifying with Convoso…' : submitLabel}
        </button>
        {secondary}
      </div>
      <p className="sr-only" role="status">
        {verifying ? 'Verifying the token with Convoso.' : ''}
      </p>
    </form>
  )
}
