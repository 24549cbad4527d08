import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useScrubStore, type ScrubStep } from '../../stores/scrub'
import { CloseIcon } from '../Icons'
import { ScrubResult } from './ScrubResult'
import { SendListStep } from './SendListStep'
import { SnapshotStep } from './SnapshotStep'

/** The button in the header that opens the window; focus goes back to it when the window closes. */
export const SCRUB_OPENER_ID = 'scrub-open-button'

const STEPS: { step: ScrubStep; label: string }[] = [
  { step: 'list', label: 'Send list' },
  { step: 'snapshot', label: 'Snapshot and rules' },
  { step: 'result', label: 'Result' },
]

/**
 * "Scrub a send list": takes the workspace's place (filters and results come
 * back when it closes). Escape or Close leaves it, except while the scrub or
 * a fresh export runs (cancel those first).
 */
export function ScrubWindow() {
  const step = useScrubStore((s) => s.step)
  const job = useScrubStore((s) => s.job)
  const list = useScrubStore((s) => s.list)
  const phoneColumn = useScrubStore((s) => s.phoneColumn)
  const fresh = useScrubStore((s) => s.fresh)
  const goTo = useScrubStore((s) => s.goTo)
  const close = useScrubStore((s) => s.close)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const busy =
    job?.phase === 'starting' ||
    job?.phase === 'running' ||
    fresh.phase === 'starting' ||
    fresh.phase === 'running'

  const shownStep = useRef(step)

  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  // A new step: focus goes to its heading, so the keyboard and screen readers start there.
  useEffect(() => {
    if (shownStep.current === step) return
    shownStep.current = step
    document.getElementById(`scrub-${step}-title`)?.focus()
  }, [step])

  function leave() {
    if (busy) return
    close()
    // The workspace comes back in this window's place: focus goes back to the button that opened it.
    requestAnimationFrame(() => document.getElementById(SCRUB_OPENER_ID)?.focus())
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    // A menu or a dialog inside handles its own Escape first.
    if (event.key !== 'Escape' || event.defaultPrevented) return
    event.preventDefault()
    leave()
  }

  function reachable(target: ScrubStep): boolean {
    if (busy && target !== 'result') return false
    if (target === 'list') return true
    if (target === 'snapshot') return list.phase === 'ready' && phoneColumn !== null
    return job !== null
  }

  return (
    <main className="scrub" aria-labelledby="scrub-title" onKeyDown={onKeyDown}>
      <div className="scrub-header">
        <h1 id="scrub-title" ref={headingRef} tabIndex={-1} className="results-title">
          Scrub a send list
        </h1>
        <nav aria-label="Scrub steps">
          <ol className="scrub-steps">
            {STEPS.map(({ step: target, label }, index) => (
              <li key={target}>
                <button
                  type="button"
                  className={`scrub-step-link${target === step ? ' is-current' : ''}`}
                  aria-current={target === step ? 'step' : undefined}
                  disabled={!reachable(target)}
                  onClick={() => goTo(target)}
                >
                  <span className="scrub-step-number" aria-hidden="true">
                    {index + 1}
                  </span>
                  {label}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <button
          type="button"
          className="button button-small"
          onClick={leave}
          disabled={busy}
          title={busy ? 'Cancel the running work first' : 'Close (Esc)'}
        >
          <CloseIcon />
          Close
        </button>
      </div>
      <div className="scrub-body">
        {step === 'list' ? <SendListStep /> : null}
        {step === 'snapshot' ? <SnapshotStep /> : null}
        {step === 'result' && job ? <ScrubResult job={job} /> : null}
      </div>
    </main>
  )
}
