import type { ReactNode } from 'react'
import { AlertIcon, CloseIcon, InfoIcon } from './Icons'

interface AlertProps {
  tone?: 'error' | 'warning' | 'info'
  title?: string
  children: ReactNode
  /** Buttons shown under the message, e.g. "Replace token" or "Try again". */
  actions?: ReactNode
  onDismiss?: () => void
  className?: string
}

/** One clear message. Errors are announced (`role="alert"`); other tones are polite status. */
export function Alert({ tone = 'error', title, children, actions, onDismiss, className }: AlertProps) {
  const isError = tone === 'error'
  return (
    <div
      className={`alert alert-${tone}${className ? ` ${className}` : ''}`}
      role={isError ? 'alert' : 'status'}
    >
      <span className="alert-icon">{isError ? <AlertIcon /> : <InfoIcon />}</span>
      <div className="alert-content">
        {title ? <p className="alert-title">{title}</p> : null}
        <div className="alert-message">{children}</div>
        {actions ? <div className="alert-actions">{actions}</div> : null}
      </div>
      {onDismiss ? (
        <button
          type="button"
          className="icon-button alert-dismiss"
          onClick={onDismiss}
          aria-label="Dismiss"
          title="Dismiss"
        >
          <CloseIcon />
        </button>
      ) : null}
    </div>
  )
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span
      className="spinner"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  )
}
