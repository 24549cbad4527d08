import { useId, type DragEvent } from 'react'
import type { SendListPreview } from '../../../../shared/scrub'
import { pathOfDroppedFile } from '../../api'
import { countOf, formatBytes } from '../../lib/format'
import { useScrubStore, type NormalisedState } from '../../stores/scrub'
import { Alert, Spinner } from '../Alert'
import { FileTextIcon, SpreadsheetIcon } from '../Icons'
import { CountryField } from './CountryField'

const hasFiles = (event: DragEvent): boolean => event.dataTransfer.types.includes('Files')

/**
 * Step 1: the send list. Choose or drop a CSV or Excel file; main reads its
 * first rows, guesses the phone (and country code) column, and shows what the
 * numbers become with the chosen country before anything is checked.
 */
export function SendListStep() {
  const list = useScrubStore((s) => s.list)
  const pickFile = useScrubStore((s) => s.pickFile)
  const readPath = useScrubStore((s) => s.readPath)
  const refuseDrop = useScrubStore((s) => s.refuseDrop)
  const goTo = useScrubStore((s) => s.goTo)
  const phoneColumn = useScrubStore((s) => s.phoneColumn)
  const reading = list.phase === 'reading'

  // The drop is the send list: handled here, so the window's drop (which opens a report) leaves it.
  function onDrop(event: DragEvent<HTMLElement>) {
    if (!hasFiles(event)) return
    event.preventDefault()
    const file = event.dataTransfer.files[0]
    if (!file) return
    const path = pathOfDroppedFile(file)
    if (path) void readPath(path, file.name)
    else
      refuseDrop(
        `"${file.name}" is not a file on this computer. Save it to a folder first, then drop it here or choose it.`,
      )
  }

  return (
    <section className="scrub-step" aria-labelledby="scrub-list-title" onDrop={onDrop}>
      <h2 id="scrub-list-title" tabIndex={-1} className="scrub-step-title">
        1. The send list
      </h2>
      <div className="scrub-file">
        <button type="button" className="button" onClick={() => void pickFile()} disabled={reading}>
          {reading ? <Spinner /> : <SpreadsheetIcon />}
          {list.phase === 'ready' ? 'Choose another file…' : 'Choose a send list…'}
        </button>
        <span className="muted">or drop a CSV or Excel (.xlsx) file here. Up to 1,000,000 rows.</span>
      </div>
      {reading ? (
        <p role="status" className="scrub-reading">
          <Spinner /> Reading {list.fileName ? `"${list.fileName}"` : 'the list'}…
        </p>
      ) : null}
      {list.phase === 'error' ? (
        <Alert tone="error" title="This file cannot be used as a send list">
          {list.error.message}
        </Alert>
      ) : null}
      {list.phase === 'ready' ? <ListDetails preview={list.preview} /> : null}
      <div className="scrub-step-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={list.phase !== 'ready' || phoneColumn === null}
          onClick={() => goTo('snapshot')}
        >
          Next: snapshot and rules
        </button>
      </div>
    </section>
  )
}

function ListDetails({ preview }: { preview: SendListPreview }) {
  const phoneColumn = useScrubStore((s) => s.phoneColumn)
  const codeColumn = useScrubStore((s) => s.codeColumn)
  const country = useScrubStore((s) => s.country)
  const normalised = useScrubStore((s) => s.normalised)
  const setPhoneColumn = useScrubStore((s) => s.setPhoneColumn)
  const setCodeColumn = useScrubStore((s) => s.setCodeColumn)
  const setCountry = useScrubStore((s) => s.setCountry)
  const settingsError = useScrubStore((s) => s.settingsError)
  const phoneId = useId()
  const codeId = useId()
  const rows =
    preview.rowsEstimate === null ? 'rows counted when it is scrubbed' : countOf(preview.rowsEstimate, 'row')

  return (
    <>
      <p className="scrub-file-facts">
        <FileTextIcon />
        <strong title={preview.filePath}>{preview.fileName}</strong>
        <span>{preview.format === 'xlsx' ? 'Excel' : 'CSV'}</span>
        <span>{formatBytes(preview.fileBytes)}</span>
        <span>{rows}</span>
        <span>{preview.hasHeaderRow ? 'first row is the header' : 'no header row'}</span>
      </p>
      <div className="scrub-fields">
        <div className="field">
          <label htmlFor={phoneId} className="field-label">
            Phone number column
          </label>
          <select
            id={phoneId}
            className="select"
            value={phoneColumn ?? ''}
            aria-invalid={phoneColumn === null ? true : undefined}
            onChange={(event) => setPhoneColumn(Number(event.target.value))}
          >
            {phoneColumn === null ? <option value="">Choose a column</option> : null}
            {preview.header.map((name, index) => (
              <option key={index} value={index}>
                {columnName(name, index)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={codeId} className="field-label">
            Country code column (optional)
          </label>
          <select
            id={codeId}
            className="select"
            value={codeColumn ?? ''}
            onChange={(event) => setCodeColumn(event.target.value === '' ? null : Number(event.target.value))}
          >
            <option value="">None: codes are in the numbers, or the country below</option>
            {preview.header.map((name, index) =>
              index === phoneColumn ? null : (
                <option key={index} value={index}>
                  {columnName(name, index)}
                </option>
              ),
            )}
          </select>
        </div>
        <CountryField value={country} onChange={setCountry} />
      </div>
      {settingsError ? (
        <Alert tone="warning">
          The country could not be remembered for next time: {settingsError.message}
        </Alert>
      ) : null}
      <div className="scrub-previews">
        <SampleTable preview={preview} phoneColumn={phoneColumn} codeColumn={codeColumn} />
        <NormalisedPreview state={normalised} />
      </div>
    </>
  )
}

function columnName(name: string, index: number): string {
  return name.trim() === '' ? `Column ${index + 1}` : name
}

/** The file's first rows as they are in the file, the chosen columns marked. */
function SampleTable({
  preview,
  phoneColumn,
  codeColumn,
}: {
  preview: SendListPreview
  phoneColumn: number | null
  codeColumn: number | null
}) {
  const mark = (index: number) =>
    index === phoneColumn ? 'is-phone' : index === codeColumn ? 'is-code' : undefined
  return (
    <div
      className="scrub-table-scroll scrub-sample"
      tabIndex={0}
      role="region"
      aria-labelledby="scrub-sample-caption"
    >
      <table className="scrub-table">
        <caption id="scrub-sample-caption" className="scrub-caption">
          First {countOf(preview.sample.length, 'row')} of the file
        </caption>
        <thead>
          <tr>
            {preview.header.map((name, index) => (
              <th key={index} scope="col" className={mark(index)}>
                {columnName(name, index)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.sample.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {preview.header.map((_, index) => (
                <td key={index} className={mark(index)}>
                  {row[index] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What the sample's numbers become: "07700 900123 → +44 7700 900123", or why one is not a number. */
function NormalisedPreview({ state }: { state: NormalisedState }) {
  return (
    <div
      className="scrub-table-scroll scrub-normalised"
      tabIndex={0}
      role="region"
      aria-labelledby="scrub-normalised-caption"
      aria-busy={state.phase === 'loading'}
    >
      <table className="scrub-table">
        <caption id="scrub-normalised-caption" className="scrub-caption">
          How the numbers read
        </caption>
        <thead>
          <tr>
            <th scope="col">In the file</th>
            <th scope="col">Reads as</th>
          </tr>
        </thead>
        <tbody>
          {state.phase === 'ready'
            ? state.rows.map((row, index) => (
                <tr key={index} className={row.problem ? 'is-problem' : undefined}>
                  <td className="mono">{row.input}</td>
                  <td>
                    {row.problem ? (
                      <span className="scrub-problem">{row.problem}</span>
                    ) : (
                      <span className="mono">→ {row.display}</span>
                    )}
                  </td>
                </tr>
              ))
            : null}
        </tbody>
      </table>
      {state.phase === 'idle' ? <p className="scrub-table-note">Choose the phone number column.</p> : null}
      {state.phase === 'loading' ? (
        <p className="scrub-table-note" role="status">
          <Spinner /> Reading the numbers…
        </p>
      ) : null}
      {state.phase === 'error' ? (
        <p className="scrub-table-note field-error" role="alert">
          {state.error.message}
        </p>
      ) : null}
    </div>
  )
}
