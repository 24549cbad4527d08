import { useCallback, useEffect, useRef, useState } from 'react'
import { MAX_COPY_TEXT_LENGTH } from '../../../../shared/clipboard'
import { getApi } from '../../api'
import { call } from '../../lib/call'

export interface CopyStatus {
  message: string
  tone: 'done' | 'error'
}

/** How long "Copied" stays on screen (it has been announced by then). */
const STATUS_MS = 4000

/**
 * Copies through main (the window's own clipboard API needs a permission the app refuses) and keeps a
 * short status for a live region: "Copied the cell", or what went wrong.
 */
export function useCopy(): {
  status: CopyStatus | null
  copy: (text: string, what: string) => Promise<void>
  /** The browser's own copy carried the text (a `copy` event): only the status changes. */
  copied: (what: string) => void
} {
  const [status, setStatus] = useState<CopyStatus | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  useEffect(() => () => clearTimeout(timer.current), [])

  const show = useCallback((next: CopyStatus) => {
    setStatus(next)
    timer.current = setTimeout(() => setStatus(null), STATUS_MS)
  }, [])

  const copy = useCallback(
    async (text: string, what: string) => {
      clearTimeout(timer.current)
      // Emptied first, so copying the same thing twice is announced twice.
      setStatus(null)
      let next: CopyStatus
      if (text.length > MAX_COPY_TEXT_LENGTH) {
        next = { tone: 'error', message: 'That is too much text to copy at once; export the rows instead.' }
      } else {
        const result = await call(() => getApi().copyText({ text }))
        next = result.ok
          ? { tone: 'done', message: `Copied ${what}` }
          : { tone: 'error', message: result.error.message }
      }
      show(next)
    },
    [show],
  )

  const copied = useCallback(
    (what: string) => {
      clearTimeout(timer.current)
      setStatus(null)
      // After the emptied status has rendered, so a repeat is announced again.
      timer.current = setTimeout(() => show({ tone: 'done', message: `Copied ${what}` }), 0)
    },
    [show],
  )

  return { status, copy, copied }
}

/** The polite live region a copy's outcome is announced in; always in the page so screen readers watch it. */
export function CopyStatusText({ status, className }: { status: CopyStatus | null; className?: string }) {
  return (
    <p
      className={`copy-status${status ? ` is-${status.tone}` : ''}${className ? ` ${className}` : ''}`}
      role="status"
      aria-live="polite"
    >
      {status?.message ?? ''}
    </p>
  )
}
