import { useEffect, useRef, useState, type ReactNode } from 'react'
import { usePresetsStore } from '../stores/presets'
import { Spinner } from './Alert'
import { CheckIcon, CloseIcon } from './Icons'

/** How long a toast stays when the pointer and focus are elsewhere. */
export const UNDO_TOAST_MS = 10_000
export const NOTICE_TOAST_MS = 6_000

/**
 * Bottom-of-window messages about presets: "Deleted … Undo" and short
 * confirmations (exported, imported, duplicated). One polite live region that is
 * always in the page, so screen readers announce what appears in it.
 */
export function PresetToasts() {
  const pendingUndo = usePresetsStore((s) => s.pendingUndo)
  const notice = usePresetsStore((s) => s.notice)
  const busy = usePresetsStore((s) => s.busy)
  const undoDelete = usePresetsStore((s) => s.undoDelete)
  const dismissUndo = usePresetsStore((s) => s.dismissUndo)
  const dismissNotice = usePresetsStore((s) => s.dismissNotice)
  const [undoing, setUndoing] = useState(false)

  async function undo() {
    setUndoing(true)
    await undoDelete()
    setUndoing(false)
  }

  // Ctrl+Z / Cmd+Z undoes the delete while its toast shows (text fields keep their own undo).
  useEffect(() => {
    if (!pendingUndo) return
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey) return
      const target = event.target as HTMLElement | null
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return
      event.preventDefault()
      void usePresetsStore.getState().undoDelete()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [pendingUndo])

  return (
    <div className="toast-region" role="status" aria-live="polite">
      {notice ? (
        <Toast key={`notice-${notice.id}`} timeout={NOTICE_TOAST_MS} onTimeout={dismissNotice}>
          <span className="toast-icon" aria-hidden="true">
            <CheckIcon />
          </span>
          <p className="toast-message">{notice.message}</p>
          <DismissButton onClick={dismissNotice} />
        </Toast>
      ) : null}
      {pendingUndo ? (
        <Toast
          key={`undo-${pendingUndo.preset.id}`}
          timeout={UNDO_TOAST_MS}
          onTimeout={dismissUndo}
          paused={undoing}
        >
          <p className="toast-message">
            Deleted “<span className="toast-name">{pendingUndo.preset.name}</span>”.
          </p>
          <button
            type="button"
            className="toast-action"
            onClick={() => void undo()}
            disabled={undoing || busy}
            aria-keyshortcuts="Control+Z"
          >
            {undoing ? <Spinner /> : null}
            Undo
          </button>
          <DismissButton onClick={dismissUndo} />
        </Toast>
      ) : null}
    </div>
  )
}

interface ToastProps {
  timeout: number
  onTimeout: () => void
  /** Holds the timer, e.g. while its action runs. */
  paused?: boolean
  children: ReactNode
}

/** One toast. Its timer waits while the pointer is over it or focus is inside it. */
function Toast({ timeout, onTimeout, paused = false, children }: ToastProps) {
  const [hovered, setHovered] = useState(false)
  const [focused, setFocused] = useState(false)
  const onTimeoutRef = useRef(onTimeout)

  useEffect(() => {
    onTimeoutRef.current = onTimeout
  }, [onTimeout])

  const holding = paused || hovered || focused
  useEffect(() => {
    if (holding) return
    const timer = window.setTimeout(() => onTimeoutRef.current(), timeout)
    return () => window.clearTimeout(timer)
  }, [holding, timeout])

  return (
    <div
      className="toast"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(false)
      }}
    >
      {children}
    </div>
  )
}

function DismissButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      className="icon-button toast-close"
      onClick={onClick}
      aria-label="Dismiss"
      title="Dismiss"
    >
      <CloseIcon />
    </button>
  )
}
