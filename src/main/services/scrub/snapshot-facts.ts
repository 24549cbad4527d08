import type { ReportInfo } from '../../../shared/offline'
import type { ScrubSnapshotFacts } from '../../../shared/scrub-result'

/**
 * Whether a report is fit to scrub against, in sentences. None of these stops the scrub: the user
 * may have reasons (a campaign-only snapshot for a campaign's send), but every one weakens what
 * "clear" means, so the outcome lists them first and the scrub report records them. A filtered
 * snapshot is the most serious (numbers opted out outside its filters read as clear) and comes first.
 */

const HOUR_MS = 3_600_000
const count = (value: number): string => value.toLocaleString('en-US')

function ageWords(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} minutes`
  if (hours < 48) return `${hours.toFixed(1)} hours`
  return `${(hours / 24).toFixed(1)} days`
}

export interface SnapshotAssessment {
  facts: ScrubSnapshotFacts
  warnings: string[]
  /** Older than the maximum age, or of unknown age: the window offers a fresh export. */
  stale: boolean
}

export function assessSnapshot(info: ReportInfo, at: Date, maxAgeHours: number): SnapshotAssessment {
  const generated = info.generatedAt === undefined ? Number.NaN : Date.parse(info.generatedAt)
  const ageHours =
    generated === generated ? Math.round(((at.getTime() - generated) / HOUR_MS) * 10) / 10 : null
  const filters = info.paramsAsSent ?? {}
  const filtered = Object.keys(filters).length > 0
  const facts: ScrubSnapshotFacts = {
    fileName: info.fileName,
    filePath: info.filePath,
    generatedAt: info.generatedAt ?? null,
    ageHours,
    rows: info.rowsRead,
    sha256: info.actualSha256,
    recordedSha256: info.recordedSha256 ?? null,
    integrity: info.integrity,
    integrityDetail: info.integrityDetail,
    madeByApp: info.madeByApp,
    partial: info.partial,
    filtersDescription: info.filtersDescription ?? (info.madeByApp ? 'All opt-outs' : 'Not recorded'),
    filtered,
  }

  const warnings: string[] = []
  if (filtered) {
    const which =
      info.filtersDescription ??
      Object.entries(filters)
        .map(([field, value]) => `${field} = ${value}`)
        .join(', ')
    warnings.push(
      `This snapshot holds only the opt-outs matching its filters (${which}), not the whole list: numbers opted out ` +
        'elsewhere would read as clear. Scrub against a report of all opt-outs (an export with no filters).',
    )
  }
  if (info.partial) {
    warnings.push(
      `This snapshot is partial: it holds only the first ${count(info.rowsRead)} opt-outs Convoso let the app reach, ` +
        'so numbers opted out beyond them would read as clear.',
    )
  }
  if (!info.madeByApp) {
    warnings.push(
      `${info.fileName} was not made by Opt-Out Desk: nothing records when it was made, from which filters, or ` +
        'that its rows are unchanged, so the scrub cannot show it checked against every opt-out.',
    )
  } else if (info.integrity === 'modified') {
    warnings.push(
      `This snapshot reads as Modified: ${info.integrityDetail} An opt-out removed from it would read as clear; ` +
        'export a fresh snapshot.',
    )
  } else if (info.integrity === 'unverified') {
    warnings.push(
      `This snapshot's rows could not be checked against its recorded hash: ${info.integrityDetail}`,
    )
  }
  let stale = false
  if (ageHours === null) {
    stale = true
    if (info.madeByApp) {
      warnings.push(
        'This snapshot records no generation time, so its age is unknown. Export a fresh snapshot.',
      )
    }
  } else if (ageHours > maxAgeHours) {
    stale = true
    warnings.push(
      `This snapshot was generated ${ageWords(ageHours)} ago (${info.generatedAt ?? ''}), more than the ` +
        `${count(maxAgeHours)} hours allowed in Settings: opt-outs recorded since then are not in it. Export a ` +
        'fresh snapshot of all opt-outs and scrub again.',
    )
  }
  return { facts, warnings, stale }
}
