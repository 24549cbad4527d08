import { useEffect, useRef, useState, type ReactNode } from 'react'
import { TOAST_FOCUS_KEY, undoShortcut } from '../lib/keys'
import { usePresetsStore } from '../stores/presets'
import { useSettingsStore } from '../stores/settings'
import { Spinner } from './Alert'
import { CheckIcon, CloseIcon } from './Icons'

/** How long a toast stays when the pointer and focus are elsewhere. */
export const UNDO_TOAST_MS = 10_000
export const NOTICE_TOAST_MS = 6_000

/**
 * Bottom-of-window messages about presets: "Deleted … Undo" and short
 * confirmations (exported, imported, duplicated). One polite live region that is
 * always in the page, so screen readers announce what appears in it.
 *
 * The Undo toast never takes focus by itself: it appears while the user is working (often
 * deleting several presets with the Delete key, focus moving on down the list), and taking
 * focus would break that and interrupt typing. It is announced instead, names its shortcut
 * (Ctrl+Z, Cmd+Z on a Mac), and F6, the desktop key for moving between a window's regions,
 * brings focus to its Undo button; F6 or Escape there goes back to where the user was.
 */
export function PresetToasts() {
  const pendingUndo = usePresetsStore((s) => s.pendingUndo)
  const notice = usePresetsStore((s) => s.notice)
  const busy = usePresetsStore((s) => s.busy)
  const undoDelete = usePresetsStore((s) => s.undoDelete)
  const dismissUndo = usePresetsStore((s) => s.dismissUndo)
  const dismissNotice = usePresetsStore((s) => s.dismissNotice)
  const platform = useSettingsStore((s) => s.appInfo?.platform)
  const loadAppInfo = useSettingsStore((s) => s.loadAppInfo)
  const [undoing, setUndoing] = useState(false)
  const undoRef = useRef<HTMLButtonElement>(null)
  /** Where focus was when F6 brought it to the toast, to go back to. */
  const cameFrom = useRef<HTMLElement | null>(null)
  const shortcut = undoShortcut(platform)

  useEffect(() => {
    void loadAppInfo()
  }, [loadAppInfo])

  /** The Undo toast holds focus (the user came with F6 or Tab). */
  function focusInToast(): boolean {
    return undoRef.current?.parentElement?.contains(document.activeElement) ?? false
  }

  /** Focus goes back to where F6 took it from (when that is still on screen), and nowhere else. */
  function goBack() {
    const back = cameFrom.current
    cameFrom.current = null
    if (back?.isConnected) back.focus()
  }

  /** Undo by the button; focus in the toast goes back, as the toast is about to go. */
  async function undo() {
    const hadFocus = focusInToast()
    setUndoing(true)
    await undoDelete()
    setUndoing(false)
    if (hadFocus) goBack()
  }

  function dismissUndoToast() {
    const hadFocus = focusInToast()
    dismissUndo()
    if (hadFocus) goBack()
  }

  // F6 reaches the Undo toast without it ever taking focus by itself; F6 or Escape goes back.
  useEffect(() => {
    if (!pendingUndo) return
    function onKeyDown(event: KeyboardEvent) {
      const inToast = undoRef.current?.parentElement?.contains(event.target as Node | null) ?? false
      if (inToast && (event.key === 'Escape' || event.key === 'F6')) {
        event.preventDefault()
        goBack()
        return
      }
      if (event.key !== 'F6' || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return
      if ((event.target as HTMLElement | null)?.closest('[role="dialog"]')) return
      event.preventDefault()
      cameFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      undoRef.current?.focus()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [pendingUndo])

  // Ctrl+Z / Cmd+Z undoes the delete while its toast shows (text fields keep their own undo).
  useEffect(() => {
    if (!pendingUndo) return
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey) return
      const target = event.target as HTMLElement | null
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return
      event.preventDefault()
      const hadFocus = focusInToast()
      void usePresetsStore
        .getState()
        .undoDelete()
        .then(() => {
          if (hadFocus) goBack()
        })
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
            Deleted “<span className="toast-name">{pendingUndo.preset.name}</span>”.{' '}
            <span className="toast-hint">
              <kbd>{shortcut.label}</kbd> undoes it · <kbd>{TOAST_FOCUS_KEY.label}</kbd> goes here
            </span>
          </p>
          <button
            ref={undoRef}
            type="button"
            className="toast-action"
            onClick={() => void undo()}
            disabled={undoing || busy}
            aria-keyshortcuts={`${shortcut.aria} ${TOAST_FOCUS_KEY.aria}`}
          >
            {undoing ? <Spinner /> : null}
            Undo
          </button>
          <DismissButton onClick={dismissUndoToast} />
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
