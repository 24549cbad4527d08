import { useId, useMemo, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import {
  KNOWN_PURPOSES,
  TEXT_MATCH_MODES,
  type FilterField,
  type SearchFilters,
  type TextMatchMode,
  validateInsertDate,
} from '../../../shared/filters'
import { describeRangeCost, rangeDayCount } from '../../../shared/date-range'
import { useFocusTarget } from '../lib/focus-targets'
import { useSearchStore, visibleFieldErrors, type FieldErrors } from '../stores/search'
import { Spinner } from './Alert'
import { CalendarIcon, SearchIcon } from './Icons'
import { PhoneNumberField } from './lookup/PhoneNumberField'

/** The order errors are visited in when a search is refused. */
const FIELD_ORDER: FilterField[] = [
  'id',
  'campaignId',
  'phoneCode',
  'phoneNumber',
  'reasonText',
  'purposeText',
  'insertDate',
  'insertDateTo',
]

export const filterInputId = (field: FilterField): string => `filter-${field}`

/** Moves focus to the first field of `form` showing an error; false when none does. */
function focusFirstError(form: HTMLFormElement | null): boolean {
  const shown = visibleFieldErrors(useSearchStore.getState())
  const first = FIELD_ORDER.find((field) => shown[field])
  const element = first ? form?.elements.namedItem(filterInputId(first)) : null
  if (!(element instanceof HTMLElement)) return false
  element.focus()
  return true
}

/** Moves focus to the form's first field, whichever it is; false when the form is not on screen. */
function focusFirstField(form: HTMLFormElement | null): boolean {
  const first = form?.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea')
  if (!first) return false
  first.focus()
  return document.activeElement === first
}

const MODE_LABELS: Record<TextMatchMode, string> = {
  any: 'Any',
  blank: 'Blank',
  notBlank: 'Not blank',
  equals: 'Equals…',
}

function countActive(filters: SearchFilters): number {
  let count = 0
  // A From…To range is one filter, counted by its From.
  for (const field of ['id', 'campaignId', 'phoneCode', 'phoneNumber', 'insertDate'] as const) {
    if (filters[field].trim() !== '') count += 1
  }
  if (filters.reasonMode !== 'any') count += 1
  if (filters.purposeMode !== 'any') count += 1
  return count
}

/** The search form: every field validates as the user types, with the same rules main applies. */
export function FilterPanel() {
  const filters = useSearchStore((s) => s.filters)
  const validation = useSearchStore((s) => s.validation)
  const touched = useSearchStore((s) => s.touched)
  const submitted = useSearchStore((s) => s.submitted)
  const serverFieldErrors = useSearchStore((s) => s.serverFieldErrors)
  const loading = useSearchStore((s) => s.loading)
  const search = useSearchStore((s) => s.search)
  const clearFilters = useSearchStore((s) => s.clearFilters)
  const formRef = useRef<HTMLFormElement>(null)
  useFocusTarget('firstFilterError', () => focusFirstError(formRef.current))
  useFocusTarget('firstFilter', () => focusFirstField(formRef.current))

  const errors = useMemo(
    () => visibleFieldErrors({ validation, touched, submitted, serverFieldErrors }),
    [validation, touched, submitted, serverFieldErrors],
  )
  const active = countActive(filters)

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    const sent = await search()
    if (!sent) focusFirstError(formRef.current)
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    // Enter submits from text boxes natively; make it work from the selects too.
    if (event.key === 'Enter' && event.target instanceof HTMLSelectElement) {
      event.preventDefault()
      formRef.current?.requestSubmit()
    }
  }

  return (
    <aside className="filter-panel" aria-labelledby="filters-title">
      <form ref={formRef} className="filter-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
        <div className="panel-header">
          <h2 id="filters-title" className="panel-title">
            Filters
          </h2>
          <span className="muted small" aria-live="polite">
            {active === 0 ? 'None set — all opt-outs' : `${active} set`}
          </span>
        </div>

        <div className="filter-fields">
          <TextField
            field="id"
            label="Record ID"
            errors={errors}
            inputMode="numeric"
            placeholder="e.g. 2778557"
          />
          <TextField
            field="campaignId"
            label="Campaign ID"
            errors={errors}
            inputMode="numeric"
            placeholder="e.g. 1042"
            hint="0 = global opt-outs (all campaigns)"
          />
          <div className="field-row">
            <TextField
              field="phoneCode"
              label="Phone code"
              errors={errors}
              inputMode="tel"
              placeholder="1"
              className="field-narrow"
            />
            <PhoneNumberField
              id={filterInputId('phoneNumber')}
              error={errors.phoneNumber}
              className="grow"
              Shell={FieldShell}
            />
          </div>
          <PhonePreview />
          <TextMatchField kind="reason" label="Reason" errors={errors} />
          <TextMatchField kind="purpose" label="Purpose" errors={errors} suggestions={KNOWN_PURPOSES} />
          <InsertDateField errors={errors} />
        </div>

        <div className="panel-footer">
          <button type="submit" className="button button-primary grow">
            {loading ? <Spinner /> : <SearchIcon />}
            Search
          </button>
          <button type="button" className="button" onClick={clearFilters}>
            Clear
          </button>
        </div>
      </form>
    </aside>
  )
}

interface TextFieldProps {
  field: 'id' | 'campaignId' | 'phoneCode' | 'phoneNumber'
  label: string
  errors: FieldErrors
  hint?: string
  placeholder?: string
  inputMode?: 'numeric' | 'tel' | 'text'
  className?: string
}

function TextField({ field, label, errors, hint, placeholder, inputMode, className }: TextFieldProps) {
  const value = useSearchStore((s) => s.filters[field])
  const setFilter = useSearchStore((s) => s.setFilter)
  const touch = useSearchStore((s) => s.touch)
  const id = filterInputId(field)
  return (
    <FieldShell id={id} label={label} error={errors[field]} hint={hint} className={className}>
      {(describedBy) => (
        <input
          id={id}
          name={field}
          className="input"
          type="text"
          value={value}
          inputMode={inputMode}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setFilter(field, event.target.value)}
          onBlur={() => touch(field)}
          aria-invalid={errors[field] ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
    </FieldShell>
  )
}

export interface FieldShellProps {
  id: string
  label: ReactNode
  error: string | undefined
  hint?: ReactNode
  className?: string
  children: (describedBy: string | undefined) => ReactNode
}

/** Label, control, then the error (if any) and the hint, wired with aria-describedby. */
function FieldShell({ id, label, error, hint, className, children }: FieldShellProps) {
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children(describedBy)}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  )
}

/** Shows what a typed phone number becomes, e.g. "(818) 123-3567" → 8181233567. */
function PhonePreview() {
  const raw = useSearchStore((s) => s.filters.phoneNumber)
  const validation = useSearchStore((s) => s.validation)
  const phone = validation.ok ? validation.params.phone_number : undefined
  const code = validation.ok ? validation.params.phone_code : undefined
  if (!phone || raw.trim() === phone) return null
  return (
    <p className="field-hint field-preview" aria-live="polite">
      Searches for {code ? <span className="mono">+{code} </span> : null}
      <span className="mono">{phone}</span>
    </p>
  )
}

interface TextMatchFieldProps {
  kind: 'reason' | 'purpose'
  label: string
  errors: FieldErrors
  suggestions?: readonly string[]
}

/** Reason and purpose: any, blank, not blank, or equal to a typed value. */
function TextMatchField({ kind, label, errors, suggestions }: TextMatchFieldProps) {
  const modeField = kind === 'reason' ? 'reasonMode' : 'purposeMode'
  const textField = kind === 'reason' ? 'reasonText' : 'purposeText'
  const mode = useSearchStore((s) => s.filters[modeField])
  const text = useSearchStore((s) => s.filters[textField])
  const setFilter = useSearchStore((s) => s.setFilter)
  const touch = useSearchStore((s) => s.touch)
  const textRef = useRef<HTMLInputElement>(null)
  const listId = useId()
  const modeId = filterInputId(modeField)
  const textId = filterInputId(textField)
  // Main may key an error to the mode ("reasonMode") or to the text; both show here.
  const modeError = errors[modeField]
  const error = errors[textField] ?? modeError
  const errorId = `${textId}-error`

  function onModeChange(next: TextMatchMode) {
    setFilter(modeField, next)
    // Move straight to the text box when the user chose to type a value.
    if (next === 'equals') requestAnimationFrame(() => textRef.current?.focus())
  }

  return (
    <div className="field">
      <label htmlFor={modeId} className="field-label">
        {label}
      </label>
      <div className="match-row">
        <select
          id={modeId}
          name={modeField}
          className="select"
          value={mode}
          onChange={(event) => onModeChange(event.target.value as TextMatchMode)}
          aria-invalid={modeError ? true : undefined}
          aria-describedby={modeError ? errorId : undefined}
        >
          {TEXT_MATCH_MODES.map((option) => (
            <option key={option} value={option}>
              {MODE_LABELS[option]}
            </option>
          ))}
        </select>
        {mode === 'equals' ? (
          <input
            ref={textRef}
            id={textId}
            name={textField}
            className="input grow"
            type="text"
            value={text}
            list={suggestions ? listId : undefined}
            aria-label={`${label} equals`}
            placeholder={suggestions ? 'e.g. TELEMKT' : 'Exact text'}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setFilter(textField, event.target.value)}
            onBlur={() => touch(textField)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
        ) : null}
      </div>
      {suggestions && mode === 'equals' ? (
        <datalist id={listId}>
          {suggestions.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(.*)$/

/**
 * Insert date: From alone is one date, typed as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (sent as typed);
 * From and To (days) are a range, run as one search per day. Each box can also be filled from the
 * system calendar, which keeps any time already typed. Before a range runs, its cost is stated.
 */
function InsertDateField({ errors }: { errors: FieldErrors }) {
  const labelId = useId()
  const hintId = `${filterInputId('insertDate')}-hint`
  return (
    <div className="field" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="field-label">
        Insert date
      </span>
      <DateBox field="insertDate" label="From" placeholder="2024-04-22" errors={errors} hintId={hintId} />
      <DateBox field="insertDateTo" label="To" placeholder="optional" errors={errors} hintId={hintId} />
      <p id={hintId} className="field-hint">
        YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS in From for an exact time (account time zone). Add To for a range
        of days, shown oldest day first.
      </p>
      <RangeCost />
    </div>
  )
}

function DateBox({
  field,
  label,
  placeholder,
  errors,
  hintId,
}: {
  field: 'insertDate' | 'insertDateTo'
  label: string
  placeholder: string
  errors: FieldErrors
  hintId: string
}) {
  const value = useSearchStore((s) => s.filters[field])
  const setFilter = useSearchStore((s) => s.setFilter)
  const touch = useSearchStore((s) => s.touch)
  const pickerRef = useRef<HTMLInputElement>(null)
  const id = filterInputId(field)
  const error = errors[field]
  const errorId = `${id}-error`
  const datePart = DATE_PREFIX.exec(value.trim())?.[1] ?? ''
  // The native picker only takes real dates; anything else opens it on today.
  const pickerValue = datePart !== '' && typeof validateInsertDate(datePart) === 'string' ? datePart : ''

  function openPicker() {
    const picker = pickerRef.current
    if (!picker) return
    try {
      picker.showPicker()
    } catch {
      picker.focus()
    }
  }

  function onPicked(date: string) {
    if (date === '') return
    const time = DATE_PREFIX.exec(value.trim())?.[2] ?? ''
    setFilter(field, `${date}${time}`)
    touch(field)
  }

  return (
    <>
      <div className="date-range-row">
        <label htmlFor={id} className="date-range-label">
          <span className="sr-only">Insert date </span>
          {label}
        </label>
        <div className="input-with-button grow">
          <input
            id={id}
            name={field}
            className="input input-mono"
            type="text"
            value={value}
            placeholder={placeholder}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setFilter(field, event.target.value)}
            onBlur={() => touch(field)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          />
          <button
            type="button"
            className="input-addon-button"
            onClick={openPicker}
            aria-label={`Pick the ${label === 'From' ? 'first' : 'last'} date`}
          >
            <CalendarIcon />
          </button>
          <input
            ref={pickerRef}
            className="date-picker-proxy"
            type="date"
            tabIndex={-1}
            aria-hidden="true"
            value={pickerValue}
            onChange={(event) => onPicked(event.target.value)}
          />
        </div>
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  )
}

/** "31 days: at least 31 requests", said before a range runs: Convoso takes one date per request. */
function RangeCost() {
  const validation = useSearchStore((s) => s.validation)
  const range = validation.ok ? validation.params : undefined
  const days =
    range?.insert_date && range.insert_date_to ? rangeDayCount(range.insert_date, range.insert_date_to) : 0
  return (
    <p className="field-hint range-cost" aria-live="polite" data-testid="range-cost">
      {days > 1
        ? `${describeRangeCost(days)} (one search per day to count its records, more for days with many).`
        : ''}
    </p>
  )
}
