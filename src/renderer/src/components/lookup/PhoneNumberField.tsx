import { useDeferredValue, useMemo, type ComponentType, type KeyboardEvent } from 'react'
import { parsePhoneList } from '../../../../shared/lookup/phone-list'
import { countOf } from '../../lib/format'
import type { FieldShellProps } from '../FilterPanel'
import { isPhoneList, lookupCountry } from '../../stores/lookup'
import { useSearchStore } from '../../stores/search'

/** Lines the box grows to before it scrolls. */
const MAX_ROWS = 6
/** Characters of a paste the hint counts numbers in as the user types (about 1,500 numbers). */
const COUNT_LIMIT = 20_000

interface PhoneNumberFieldProps {
  id: string
  /** The field's error from the form (not shown for a list: a list is looked up, not searched). */
  error: string | undefined
  className?: string
  /** The shell every filter field sits in, so this one looks and reads as the others. */
  Shell: ComponentType<FieldShellProps>
}

/**
 * Phone number: one number, or a pasted list (newlines, commas, spaces). A
 * text box that keeps newlines and grows with them; Enter searches as in the
 * other fields, Shift+Enter starts a new line. With more than one number the
 * hint says how many will be looked up, and Search looks each one up.
 */
export function PhoneNumberField({ id, error, className, Shell }: PhoneNumberFieldProps) {
  const value = useSearchStore((s) => s.filters.phoneNumber)
  const phoneCode = useSearchStore((s) => s.filters.phoneCode)
  const setFilter = useSearchStore((s) => s.setFilter)
  const touch = useSearchStore((s) => s.touch)
  // Counted once typing pauses, and only for a list short enough to count at once (main counts the rest).
  const deferred = useDeferredValue(value)
  const list = useMemo(
    () => (deferred.length <= COUNT_LIMIT ? parsePhoneList(deferred, lookupCountry(phoneCode)) : null),
    [deferred, phoneCode],
  )
  const isList = list ? list.inputCount > 1 : isPhoneList(value)
  const lines = value.split('\n').length

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return
    event.preventDefault()
    event.currentTarget.form?.requestSubmit()
  }

  const hint = isList ? (
    <span className="phone-list-hint">
      {list
        ? `${countOf(list.entries.length, 'number')} to look up${list.duplicatesCollapsed > 0 ? ` (${countOf(list.duplicatesCollapsed, 'repeat')} dropped)` : ''}`
        : 'A long list to look up'}
      : Search checks each one.
    </span>
  ) : (
    <>
      One, or paste a list.
      <span className="sr-only"> Enter searches; Shift+Enter starts a new line.</span>
    </>
  )

  return (
    <Shell id={id} label="Phone number" error={isList ? undefined : error} hint={hint} className={className}>
      {(describedBy) => (
        <textarea
          id={id}
          name="phoneNumber"
          className="input phone-number-input"
          value={value}
          rows={Math.min(MAX_ROWS, Math.max(1, lines))}
          inputMode="tel"
          placeholder="(818) 123-3567"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setFilter('phoneNumber', event.target.value)}
          onBlur={() => touch('phoneNumber')}
          onKeyDown={onKeyDown}
          aria-invalid={error && !isList ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
    </Shell>
  )
}
