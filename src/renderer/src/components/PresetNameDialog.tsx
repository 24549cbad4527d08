import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { PRESET_NAME_MAX, validatePresetName } from '../../../shared/presets'
import type { AppError } from '../../../shared/result'
import type { NameOutcome } from '../stores/presets'
import { Alert, Spinner } from './Alert'
import { Modal } from './Modal'

interface PresetNameDialogProps {
  mode: 'save' | 'rename'
  /** What the field starts with (a suggestion, or the current name). */
  initialName: string
  /** The other presets' names: a new name must differ from each, ignoring case. */
  takenNames: readonly string[]
  description?: ReactNode
  onSubmit: (name: string) => Promise<NameOutcome>
  onClose: () => void
}

const TEXT = {
  save: { title: 'Save as preset', submit: 'Save preset', busy: 'Saving…' },
  rename: { title: 'Rename preset', submit: 'Rename', busy: 'Renaming…' },
} as const

/**
 * Asks for a preset name. The name is checked as it is typed with the rule main
 * applies (`validatePresetName`); main's own answer for the name shows in the same place.
 */
export function PresetNameDialog({
  mode,
  initialName,
  takenNames,
  description,
  onSubmit,
  onClose,
}: PresetNameDialogProps) {
  const [value, setValue] = useState(initialName)
  /** Errors show once the user has typed or tried to submit; the suggestion itself is never scolded. */
  const [checking, setChecking] = useState(false)
  const [saving, setSaving] = useState(false)
  const [serverError, setServerError] = useState<string | null>(null)
  const [failure, setFailure] = useState<AppError | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const errorId = useId()
  const hintId = useId()
  const text = TEXT[mode]

  useEffect(() => {
    // The whole suggestion is selected, so typing replaces it.
    inputRef.current?.select()
  }, [])

  const validation = validatePresetName(value, takenNames)
  const localError = 'error' in validation ? validation.error : null
  const error = serverError ?? (checking ? localError : null)
  const length = value.trim().replace(/\s+/g, ' ').length

  async function onFormSubmit(event: FormEvent) {
    event.preventDefault()
    if (saving) return
    setChecking(true)
    if ('error' in validation) {
      inputRef.current?.focus()
      return
    }
    if (mode === 'rename' && validation.name === initialName) {
      onClose()
      return
    }
    setSaving(true)
    setFailure(null)
    const outcome = await onSubmit(validation.name)
    if (outcome.ok) {
      onClose()
      return
    }
    setSaving(false)
    setServerError(outcome.nameError)
    setFailure(outcome.error)
    inputRef.current?.focus()
  }

  return (
    <Modal
      title={text.title}
      description={description}
      size="small"
      initialFocus={inputRef}
      onClose={() => {
        if (!saving) onClose()
      }}
    >
      <form onSubmit={onFormSubmit} noValidate aria-busy={saving}>
        <div className="field">
          <label htmlFor={inputId} className="field-label">
            Preset name
          </label>
          <input
            ref={inputRef}
            id={inputId}
            className="input"
            type="text"
            value={value}
            maxLength={PRESET_NAME_MAX * 4}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setValue(event.target.value)
              setChecking(true)
              setServerError(null)
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          />
          {error ? (
            // Main's answer to a submit is announced; as-you-type errors are read with the field.
            <p id={errorId} className="field-error" role={serverError ? 'alert' : undefined}>
              {error}
            </p>
          ) : null}
          <p id={hintId} className="field-hint field-hint-split">
            <span>Each name is unique (case is ignored).</span>
            <span className={length > PRESET_NAME_MAX ? 'count-over' : undefined}>
              {length}/{PRESET_NAME_MAX}
            </span>
          </p>
        </div>
        {failure ? <Alert tone="error">{failure.message}</Alert> : null}
        <div className="form-actions form-actions-end">
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? <Spinner /> : null}
            {saving ? text.busy : text.submit}
          </button>
        </div>
      </form>
    </Modal>
  )
}
