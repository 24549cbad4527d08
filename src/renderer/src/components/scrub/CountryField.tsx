import { useId, useState, type KeyboardEvent } from 'react'
import { countryFromText, countryOption, countryOptions } from './countries'

/**
 * The default country for numbers written without a country code: a text
 * field with the country list as suggestions (type a name, an ISO code or a
 * calling code to find one). A choice takes effect when picked from the list,
 * on Enter, or when focus leaves; text that names no country is refused with
 * a message and the previous country stays.
 */
export function CountryField({ value, onChange }: { value: string; onChange: (country: string) => void }) {
  const id = useId()
  const listId = `${id}-countries`
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const current = countryOption(value)
  const [text, setText] = useState(current?.label ?? value)
  const [error, setError] = useState<string | null>(null)

  const [shownValue, setShownValue] = useState(value)

  // Another country chosen elsewhere (the remembered one arriving) shows here.
  if (shownValue !== value) {
    setShownValue(value)
    setText(current?.label ?? value)
    setError(null)
  }

  function commit(typed: string): void {
    const found = countryFromText(typed)
    if (!found) {
      setError(
        `"${typed.trim()}" is not a country in the list. Type its name, its two-letter code or its calling code, and pick it.`,
      )
      return
    }
    setError(null)
    setText(found.label)
    onChange(found.code)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault()
      commit(text)
    }
  }

  return (
    <div className="field scrub-country">
      <label htmlFor={id} className="field-label">
        Country for numbers without a code
      </label>
      <input
        id={id}
        className="input"
        list={listId}
        value={text}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        onChange={(event) => {
          const typed = event.target.value
          setText(typed)
          // Picking a suggestion puts its whole label in the field: that is a choice.
          if (countryOptions().some((option) => option.label === typed)) commit(typed)
        }}
        onBlur={() => {
          if (text !== current?.label) commit(text)
        }}
        onKeyDown={onKeyDown}
      />
      <datalist id={listId}>
        {countryOptions().map((option) => (
          <option key={option.code} value={option.label} />
        ))}
      </datalist>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <p id={hintId} className="field-hint">
        Type a name, a code such as GB or a calling code such as +44. Remembered for next time.
      </p>
    </div>
  )
}
