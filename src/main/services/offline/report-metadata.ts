import { z } from 'zod'
import type { ReportInfo } from '../../../shared/offline'
import { CANONICAL_FORM_ID } from '../export/canonical-hash'
import { REPORT_JSON_KIND, REPORT_LABELS } from '../export/report'

/**
 * What a report says about itself, read back from the XLSX "Report" sheet or
 * the CSV's `.report.json` (both written from export/report.ts). A report is
 * taken as ours by one marker — the sheet's title row, or the JSON's `kind` —
 * and every other value is read on its own: one missing or edited value
 * leaves that field unknown, it does not make the whole report foreign.
 */

/** The facts a report records about itself, under the names ReportInfo shows them by. */
export type ReportMetadata = Pick<
  ReportInfo,
  | 'generatedAt'
  | 'filtersDescription'
  | 'paramsAsSent'
  | 'apiBase'
  | 'appVersion'
  | 'rowsRecorded'
  | 'recordedSha256'
  | 'partial'
> & {
  /** The canonical form the hash was made with, e.g. `opt-out-desk/rows-v1`. */
  hashMethod?: string
  /** XLSX: cells whose text the format could not hold exactly. */
  cellsAlteredByXlsx?: number
  /** CSV: the data file as the report recorded it. */
  file?: { name?: string; bytes?: number; sha256?: string }
}

export type MetadataLookup =
  | { kind: 'found'; metadata: ReportMetadata }
  /** No metadata: a foreign file, or a CSV whose `.report.json` is not beside it. */
  | { kind: 'missing' }
  /** Metadata is there but cannot be read; `reason` completes "Its report file …". */
  | { kind: 'unreadable'; reason: string }

export const REPORT_TITLE_PREFIX = 'Opt-Out Desk'

const sha256 = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/)
  .transform((hex) => hex.toLowerCase())
const isoTime = z
  .string()
  .trim()
  .refine((text) => /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)))
const count = z.union([
  z.number().int().nonnegative(),
  // A count someone retyped as text, e.g. "1,000".
  z
    .string()
    .trim()
    .regex(/^\d{1,3}(?:,?\d{3})*$/)
    .transform((text) => Number(text.replace(/,/g, ''))),
])
const text = z.string()
const sentParams = z.record(z.string(), z.string())

/** Every value optional and forgiving: a bad one reads as unknown. */
function lenient<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined)
}

/** "None", or "1,234 cells contain control characters …". */
const alteredCells = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .trim()
    .transform((value, context) => {
      if (/^none\b/i.test(value)) return 0
      const match = /^(\d{1,3}(?:,?\d{3})*)\b/.exec(value)
      if (match?.[1] !== undefined) return Number(match[1].replace(/,/g, ''))
      context.addIssue({ code: 'custom', message: 'not a cell count' })
      return z.NEVER
    }),
])

const jsonText = z.string().transform((value, context) => {
  try {
    return JSON.parse(value) as unknown
  } catch {
    context.addIssue({ code: 'custom', message: 'not JSON' })
    return z.NEVER
  }
})

const SheetEntries = z.object({
  [REPORT_LABELS.generatedAtUtc]: lenient(isoTime),
  [REPORT_LABELS.appVersion]: lenient(text),
  [REPORT_LABELS.apiBase]: lenient(text),
  [REPORT_LABELS.filters]: lenient(text),
  [REPORT_LABELS.paramsAsSent]: lenient(jsonText.pipe(sentParams)),
  [REPORT_LABELS.rowsWritten]: lenient(count),
  [REPORT_LABELS.completeness]: lenient(text),
  [REPORT_LABELS.rowHash]: lenient(sha256),
  [REPORT_LABELS.rowHashMethod]: lenient(text),
  [REPORT_LABELS.cellsAlteredByXlsx]: lenient(alteredCells),
})

const isPartial = (completeness: string | undefined): boolean =>
  completeness?.trim().toUpperCase().startsWith('PARTIAL') ?? false

/** "opt-out-desk/rows-v1: SHA-256 over …" → "opt-out-desk/rows-v1". */
function methodId(description: string | undefined): string | undefined {
  if (description === undefined) return undefined
  const id = description.split(':')[0]?.trim()
  return id === '' ? undefined : id
}

/**
 * The Report sheet's label → value rows, or undefined when the sheet is not
 * ours: its title row must be "Report" with a value naming Opt-Out Desk.
 */
export function metadataFromReportSheet(
  entries: ReadonlyMap<string, string | number>,
): ReportMetadata | undefined {
  const title = entries.get(REPORT_LABELS.title)
  if (typeof title !== 'string' || !title.startsWith(REPORT_TITLE_PREFIX)) return undefined
  const values = SheetEntries.parse(Object.fromEntries(entries))
  const completeness = values[REPORT_LABELS.completeness]
  return {
    generatedAt: values[REPORT_LABELS.generatedAtUtc],
    filtersDescription: values[REPORT_LABELS.filters],
    paramsAsSent: values[REPORT_LABELS.paramsAsSent],
    apiBase: values[REPORT_LABELS.apiBase],
    appVersion: values[REPORT_LABELS.appVersion],
    rowsRecorded: values[REPORT_LABELS.rowsWritten],
    recordedSha256: values[REPORT_LABELS.rowHash],
    hashMethod: methodId(values[REPORT_LABELS.rowHashMethod]),
    partial: isPartial(completeness),
    cellsAlteredByXlsx: values[REPORT_LABELS.cellsAlteredByXlsx],
  }
}

const ReportJson = z.object({
  kind: z.literal(REPORT_JSON_KIND),
  generatedAt: lenient(z.object({ utc: lenient(isoTime) })),
  appVersion: lenient(text),
  apiBase: lenient(text),
  filters: lenient(text),
  filtersAsSent: lenient(sentParams),
  rowsWritten: lenient(count),
  partial: lenient(z.boolean()),
  completeness: lenient(text),
  rowsHash: lenient(z.object({ canonicalForm: lenient(text), value: lenient(sha256) })),
  file: lenient(
    z.object({
      name: lenient(text),
      bytes: lenient(z.number().int().nonnegative()),
      sha256: lenient(sha256),
    }),
  ),
})

/** A `.report.json`'s text: its metadata, or why it is not one of ours. */
export function metadataFromReportJson(source: string): MetadataLookup {
  let parsed: unknown
  try {
    parsed = JSON.parse(source)
  } catch {
    return { kind: 'unreadable', reason: 'is not valid JSON (it may be damaged or cut short)' }
  }
  const report = ReportJson.safeParse(parsed)
  if (!report.success) return { kind: 'unreadable', reason: 'is not an Opt-Out Desk report file' }
  const values = report.data
  return {
    kind: 'found',
    metadata: {
      generatedAt: values.generatedAt?.utc,
      filtersDescription: values.filters,
      paramsAsSent: values.filtersAsSent,
      apiBase: values.apiBase,
      appVersion: values.appVersion,
      rowsRecorded: values.rowsWritten,
      recordedSha256: values.rowsHash?.value,
      hashMethod: values.rowsHash?.canonicalForm,
      partial: values.partial === true || isPartial(values.completeness),
      file: values.file,
    },
  }
}

/** True when this app can recompute the recorded hash (it knows the method, or none is named). */
export function knowsHashMethod(metadata: ReportMetadata): boolean {
  return metadata.hashMethod === undefined || metadata.hashMethod === CANONICAL_FORM_ID
}
