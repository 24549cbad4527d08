import { useEffect, useState } from 'react'
import type { ReportFormat } from '../../../shared/exports'
import { shortHash } from '../lib/format'
import { CheckIcon, CopyIcon } from './Icons'

export const FORMAT_NAMES: Record<ReportFormat, string> = { xlsx: 'Excel', csv: 'CSV' }

/** "Complete" or "Partial": whether the report holds every row the filter matched. */
export function ReportBadge({ partial }: { partial: boolean }) {
  return partial ? (
    <span
      className="badge badge-warning"
      title="Not every matching opt-out is in this report (Convoso lets an app reach the first 1,001,000)."
    >
      Partial
    </span>
  ) : (
    <span className="badge badge-success" title="Every matching opt-out is in this report.">
      Complete
    </span>
  )
}

export function MissingBadge() {
  return (
    <span className="badge badge-danger" title="The file has been moved or deleted since it was written.">
      Missing
    </span>
  )
}

/**
 * Copies text to the clipboard. The app refuses every permission request, so
 * the async Clipboard API may be refused; a hidden text area and the copy
 * command (which needs only the click) are the fallback.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.className = 'clipboard-proxy'
    document.body.append(area)
    area.select()
    let copied = false
    try {
      copied = typeof document.execCommand === 'function' && document.execCommand('copy')
    } catch {
      copied = false
    }
    area.remove()
    previous?.focus()
    return copied
  }
}

/** The first 12 hex digits of a report's SHA-256, the full one in the tooltip and one click from the clipboard. */
export function HashText({ sha256, fileName }: { sha256: string; fileName: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)

  useEffect(() => {
    if (copied === null) return
    const timer = window.setTimeout(() => setCopied(null), 2500)
    return () => window.clearTimeout(timer)
  }, [copied])

  async function copy() {
    setCopied((await copyText(sha256)) ? 'yes' : 'no')
  }

  return (
    <span className="hash">
      <code className="hash-text" title={`SHA-256 ${sha256}`}>
        {shortHash(sha256)}
      </code>
      <button
        type="button"
        className="icon-button hash-copy"
        aria-label={`Copy the full SHA-256 of ${fileName}`}
        title={copied === 'no' ? 'Could not copy: the full hash is in the tooltip' : 'Copy the full SHA-256'}
        onClick={() => void copy()}
      >
        {copied === 'yes' ? <CheckIcon /> : <CopyIcon />}
      </button>
      <span className="sr-only" role="status">
        {copied === 'yes' ? 'SHA-256 copied' : copied === 'no' ? 'Could not copy the SHA-256' : ''}
      </span>
    </span>
  )
}
