import { useEffect, useId, useRef, type FormEvent } from 'react'
import {
  DEFAULT_API_BASE,
  DEFAULT_EXPORT_CONCURRENCY,
  MAX_EXPORT_CONCURRENCY,
  MIN_EXPORT_CONCURRENCY,
} from '../../../shared/settings'
import { useSessionStore } from '../stores/session'
import { useSettingsStore } from '../stores/settings'
import { Alert, Spinner } from './Alert'
import { Modal } from './Modal'

const CONCURRENCY_CHOICES = Array.from(
  { length: MAX_EXPORT_CONCURRENCY - MIN_EXPORT_CONCURRENCY + 1 },
  (_, index) => MIN_EXPORT_CONCURRENCY + index,
)

/** The host part of an address as typed, or null while it is not an address yet. */
function originOf(address: string): URL | null {
  try {
    return new URL(address.trim())
  } catch {
    return null
  }
}

/**
 * Main sends the token only to the host it was checked with; moving to another
 * host removes it. Said before saving, so nobody is surprised to be asked again.
 */
function hostChangeWarning(saved: string | undefined, draft: string): string | null {
  const from = saved ? originOf(saved) : null
  const to = originOf(draft)
  if (!from || !to || from.origin === to.origin) return null
  return `The saved token was checked with ${from.host} only. Saving ${to.host} disconnects Opt-Out Desk and removes that token; you will paste a token for ${to.host}.`
}

/** API settings: where Opt-Out Desk sends its Convoso requests. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const apiBaseDraft = useSettingsStore((s) => s.apiBaseDraft)
  const settings = useSettingsStore((s) => s.settings)
  const appInfo = useSettingsStore((s) => s.appInfo)
  const loading = useSettingsStore((s) => s.loading)
  const saving = useSettingsStore((s) => s.saving)
  const error = useSettingsStore((s) => s.error)
  const apiBaseError = useSettingsStore((s) => s.apiBaseError)
  const live = useSessionStore((s) => s.status?.mode === 'live')
  const setApiBaseDraft = useSettingsStore((s) => s.setApiBaseDraft)
  const concurrencyDraft = useSettingsStore((s) => s.concurrencyDraft)
  const setConcurrencyDraft = useSettingsStore((s) => s.setConcurrencyDraft)
  const concurrencyId = useId()
  const snapshotMaxAgeDraft = useSettingsStore((s) => s.snapshotMaxAgeDraft)
  const setSnapshotMaxAgeDraft = useSettingsStore((s) => s.setSnapshotMaxAgeDraft)
  const snapshotMaxAgeError = useSettingsStore((s) => s.snapshotMaxAgeError)
  const snapshotAgeId = useId()
  const load = useSettingsStore((s) => s.load)
  const save = useSettingsStore((s) => s.save)
  const reset = useSettingsStore((s) => s.reset)
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const warningId = useId()

  useEffect(() => {
    void load()
  }, [load])

  // The field is disabled while the settings load, and a disabled field loses focus to the page, where
  // Escape and the dialog's Tab trap cannot see it: the dialog holds focus meanwhile, the field after.
  useEffect(() => {
    const input = inputRef.current
    const dialog = input?.closest<HTMLElement>('[role="dialog"]')
    if (!input || !dialog) return
    const active = document.activeElement
    const unfocused = active === null || active === document.body || active === dialog || active === input
    if (!unfocused) return
    if (loading) dialog.focus()
    else input.focus()
  }, [loading])

  function close() {
    reset()
    onClose()
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    if (saving) return
    if (await save()) {
      void useSessionStore.getState().refresh()
      onClose()
    } else if (useSettingsStore.getState().snapshotMaxAgeError) {
      document.getElementById(snapshotAgeId)?.focus()
    } else {
      inputRef.current?.focus()
    }
  }

  const unchanged =
    settings !== null &&
    apiBaseDraft.trim() === settings.apiBase &&
    concurrencyDraft === settings.exportConcurrency &&
    snapshotMaxAgeDraft.trim() === String(settings.snapshotMaxAgeHours)
  const warning = live ? hostChangeWarning(settings?.apiBase, apiBaseDraft) : null
  const describedBy = [apiBaseError ? errorId : null, warning ? warningId : null, hintId]
    .filter(Boolean)
    .join(' ')

  return (
    <Modal title="API settings" onClose={close} initialFocus={inputRef}>
      <form onSubmit={onSubmit} noValidate aria-busy={loading || saving}>
        <div className="field">
          <label htmlFor={inputId} className="field-label">
            Convoso API base URL
          </label>
          <input
            ref={inputRef}
            id={inputId}
            className="input input-mono"
            type="url"
            value={apiBaseDraft}
            onChange={(event) => setApiBaseDraft(event.target.value)}
            disabled={loading}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={apiBaseError ? true : undefined}
            aria-describedby={describedBy}
            placeholder={DEFAULT_API_BASE}
          />
          {apiBaseError ? (
            <p id={errorId} className="field-error">
              {apiBaseError}
            </p>
          ) : null}
          {warning ? (
            <p id={warningId} className="field-warning" role="status">
              {warning}
            </p>
          ) : null}
          <p id={hintId} className="field-hint">
            Almost every account uses <code>{DEFAULT_API_BASE}</code>. Change it only if Convoso gave you a
            different address. Changing it clears the results on screen.
          </p>
          {apiBaseDraft.trim() !== DEFAULT_API_BASE ? (
            <button type="button" className="link-button" onClick={() => setApiBaseDraft(DEFAULT_API_BASE)}>
              Use the standard address
            </button>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={concurrencyId} className="field-label">
            Pages fetched at once during an export
          </label>
          <select
            id={concurrencyId}
            className="select"
            value={concurrencyDraft}
            onChange={(event) => setConcurrencyDraft(Number(event.target.value))}
            disabled={loading}
            aria-describedby={`${concurrencyId}-hint`}
          >
            {CONCURRENCY_CHOICES.map((value) => (
              <option key={value} value={value}>
                {value}
                {value === DEFAULT_EXPORT_CONCURRENCY ? ' (standard)' : ''}
              </option>
            ))}
          </select>
          <p id={`${concurrencyId}-hint`} className="field-hint">
            More pages at once makes large exports faster but asks more of Convoso. Applies to the next
            export.
          </p>
        </div>
        <div className="field">
          <label htmlFor={snapshotAgeId} className="field-label">
            Scrub: a snapshot older than this many hours is old
          </label>
          <input
            id={snapshotAgeId}
            className="input input-small"
            inputMode="numeric"
            value={snapshotMaxAgeDraft}
            onChange={(event) => setSnapshotMaxAgeDraft(event.target.value)}
            disabled={loading}
            aria-invalid={snapshotMaxAgeError ? true : undefined}
            aria-describedby={`${snapshotAgeId}-hint${snapshotMaxAgeError ? ` ${snapshotAgeId}-error` : ''}`}
          />
          {snapshotMaxAgeError ? (
            <p id={`${snapshotAgeId}-error`} className="field-error">
              {snapshotMaxAgeError}
            </p>
          ) : null}
          <p id={`${snapshotAgeId}-hint`} className="field-hint">
            Scrubbing a send list against an older report says so and offers a fresh export of every opt-out
            first (1 to 720 hours; 24 as standard).
          </p>
        </div>
        {error ? <Alert tone="error">{error.message}</Alert> : null}
        <div className="form-actions form-actions-end">
          {appInfo ? (
            <span className="muted small grow">
              {appInfo.name} {appInfo.version}
            </span>
          ) : null}
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving || loading || unchanged}>
            {saving ? <Spinner /> : null}
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
