import { z } from 'zod'
import { CHANNELS, type ApiMethod, type EventName } from './channels'
import {
  COMPARE_LISTS,
  type ComparisonExport,
  type ComparisonPage,
  type PickedReportFile,
  type ReportSource,
} from './compare'
import { MAX_COPY_TEXT_LENGTH } from './clipboard'
import { TEXT_MATCH_MODES, type SearchFilters, type SearchParams } from './filters'
import { MAX_LIMIT, MAX_OFFSET, PAGE_SIZES } from './paging'
import type { ExportPlan, ReportEntry } from './exports'
import type { JobStatus } from './jobs'
import type { LookupReportOutcome } from './lookup/lookup-report'
import { MAX_LOOKUP_NUMBERS, MAX_LOOKUP_TEXT_LENGTH } from './lookup/phone-list'
import type { ReportInfo } from './offline'
import type { PresetsExportOutcome, ImportOutcome, ImportPreview, Preset, PresetsSnapshot } from './presets'
import type { SearchPage } from './records'
import type { Result } from './result'
import {
  MAX_SEND_LIST_COLUMNS,
  MAX_SNAPSHOT_MAX_AGE_HOURS,
  MIN_SNAPSHOT_MAX_AGE_HOURS,
  type PreviewNormalisedResponse,
  type SendListPreview,
} from './scrub'
import { MAX_SCRUB_PAGE_ROWS, SCRUB_VERDICTS, type ScrubOutputs, type ScrubResultsPage } from './scrub-result'
import { MAX_EXPORT_CONCURRENCY, MIN_EXPORT_CONCURRENCY, type LastSearch } from './settings'

/**
 * The single IPC contract. Each entry names its channel and the runtime schema
 * main validates the payload with; `Responses` gives what each call resolves to.
 * The preload facade, main's handler registry and the renderer's `window.api`
 * type are all derived from this file, so drift is a type error.
 */

export type SessionStatus =
  /** `notice`: why the app is disconnected when a token is saved but may not be used (another API host). */
  | { mode: 'disconnected'; notice?: string }
  | { mode: 'live'; tokenLast4: string; apiBase: string }
  | { mode: 'demo'; apiBase: string; recordCount: number }

export interface Settings {
  /** Base of the Convoso REST API, without a trailing slash, e.g. `https://api.convoso.com/v1`. */
  apiBase: string
  /** Pages an export fetches at once, 1–6 (default 2): higher is faster but loads Convoso more. */
  exportConcurrency: number
  /** Country (ISO 3166 alpha-2) for send-list numbers written without a country code (default US). */
  sendListCountry: string
  /** A scrub snapshot older than this many hours (1–720, default 24) is flagged and a fresh export offered. */
  snapshotMaxAgeHours: number
}

export interface SearchResponse {
  requestId: string
  page: SearchPage
  /** The fields actually sent to Convoso (never the token). */
  params: SearchParams
  /** Where the rows shown start: the offset asked for, or the last one the API serves (see refusedOffset). */
  offset: number
  /** The highest offset the source serves: 1,000,000 as documented, or less where the API host said so. */
  maxOffset: number
  /** Set when the API refused the offset asked for and the last page it serves is shown instead. */
  refusedOffset?: number
}

/** The system the app runs on, as far as the window needs it (naming keys: Cmd on a Mac, Ctrl elsewhere). */
export type AppPlatform = 'mac' | 'windows' | 'linux' | 'other'

export interface AppInfo {
  name: string
  version: string
  platform: AppPlatform
}

const requestId = z.string().min(1).max(100)
/** ISO 3166 alpha-2; main checks that libphonenumber knows it, with its own message. */
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as US or GB.')
const sendListColumn = z
  .number()
  .int()
  .min(0)
  .max(MAX_SEND_LIST_COLUMNS - 1)
const filterText = z.string().max(255)

export const searchFiltersSchema = z.strictObject({
  id: filterText,
  campaignId: filterText,
  phoneCode: filterText,
  phoneNumber: filterText,
  reasonMode: z.enum(TEXT_MATCH_MODES),
  reasonText: filterText,
  purposeMode: z.enum(TEXT_MATCH_MODES),
  purposeText: filterText,
  insertDate: filterText,
  // Presets saved before ranges existed have no To: they read as a single date, as they meant.
  insertDateTo: filterText.default(''),
}) satisfies z.ZodType<SearchFilters>

export const pageSizeSchema = z.union(PAGE_SIZES.map((size) => z.literal(size)))
const presetId = z.string().min(1).max(100)
// Names are checked properly (trim, length, uniqueness) by the presets service; this only bounds the payload.
const presetName = z.string().max(1000)

export const presetSchema = z.strictObject({
  id: presetId,
  name: z.string().min(1).max(1000),
  filters: searchFiltersSchema,
  pageSize: pageSizeSchema,
  starter: z.boolean(),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
}) satisfies z.ZodType<Preset>

const jobId = z.string().min(1).max(100)
/** "This page" exports exactly the rows on screen; "all" pages through every match. */
const exportRequest = z.strictObject({
  filters: searchFiltersSchema,
  scope: z.enum(['page', 'all']),
  offset: z.number().int().min(0).max(MAX_OFFSET),
  limit: z.number().int().min(1).max(MAX_LIMIT),
})

/** Where a report to compare (or scrub against) comes from; main checks a path like a dropped file's. */
export const reportSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('opened') }),
  z.strictObject({ kind: z.literal('history'), reportId: jobId }),
  z.strictObject({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
]) satisfies z.ZodType<ReportSource>
const compareId = jobId
// Scrub (issue 14): a send list against an opt-out snapshot.
const scrubId = z.string().min(1).max(100)

/** What main accepts on each channel; anything else is refused before a handler runs. */
const requestSchemas = {
  getAppInfo: z.undefined(),
  getSessionStatus: z.undefined(),
  // Convoso tokens are short hex strings; the cap only stops absurd pastes.
  verifyAndSaveToken: z.strictObject({ token: z.string().max(4096) }),
  forgetToken: z.undefined(),
  startDemo: z.undefined(),
  stopDemo: z.undefined(),
  getSettings: z.undefined(),
  saveSettings: z.strictObject({
    apiBase: z.string().max(2048),
    exportConcurrency: z.number().int().min(MIN_EXPORT_CONCURRENCY).max(MAX_EXPORT_CONCURRENCY).optional(),
    sendListCountry: countryCode.optional(),
    snapshotMaxAgeHours: z
      .number()
      .int('Use a whole number of hours.')
      .min(
        MIN_SNAPSHOT_MAX_AGE_HOURS,
        `Use ${MIN_SNAPSHOT_MAX_AGE_HOURS} to ${MAX_SNAPSHOT_MAX_AGE_HOURS} hours.`,
      )
      .max(
        MAX_SNAPSHOT_MAX_AGE_HOURS,
        `Use ${MIN_SNAPSHOT_MAX_AGE_HOURS} to ${MAX_SNAPSHOT_MAX_AGE_HOURS} hours.`,
      )
      .optional(),
  }),
  getLastSearch: z.undefined(),
  /** A search ran (its filters and page size) or the page size changed (only it); main keeps the rest. */
  saveLastSearch: z.strictObject({
    filters: searchFiltersSchema.optional(),
    pageSize: pageSizeSchema.optional(),
  }),
  search: z.strictObject({
    requestId,
    filters: searchFiltersSchema,
    offset: z.number().int().min(0).max(MAX_OFFSET),
    limit: z.number().int().min(1).max(MAX_LIMIT),
  }),
  cancelSearch: z.strictObject({ requestId }),
  listPresets: z.undefined(),
  createPreset: z.strictObject({ name: presetName, filters: searchFiltersSchema, pageSize: pageSizeSchema }),
  renamePreset: z.strictObject({ id: presetId, name: presetName }),
  updatePreset: z.strictObject({ id: presetId, filters: searchFiltersSchema, pageSize: pageSizeSchema }),
  duplicatePreset: z.strictObject({ id: presetId }),
  deletePreset: z.strictObject({ id: presetId }),
  /** Undo of a delete: puts the preset back where it was. */
  restorePreset: z.strictObject({ preset: presetSchema, index: z.number().int().min(0).max(100_000) }),
  movePreset: z.strictObject({ id: presetId, toIndex: z.number().int().min(0).max(100_000) }),
  setDefaultPreset: z.strictObject({ id: presetId.nullable() }),
  exportPresets: z.undefined(),
  previewPresetImport: z.undefined(),
  confirmPresetImport: z.strictObject({ previewId: z.string().min(1).max(100) }),
  planExport: exportRequest,
  startExport: exportRequest.extend({
    format: z.enum(['xlsx', 'csv']),
    /** The user saw that the filter matches more than 1,001,000 rows and still wants the first ones. */
    acceptPartial: z.boolean(),
    /** The plan the window showed: its total and over-cap answer are reused when still fresh and the same. */
    planId: z.string().min(1).max(100).optional(),
  }),
  listReports: z.undefined(),
  showReportInFolder: z.strictObject({ reportId: jobId }),
  openReportInSpreadsheetApp: z.strictObject({ reportId: jobId }),
  viewReportFromDialog: z.undefined(),
  /** A file dropped on the window; main reads only .xlsx and .csv. */
  viewReportAtPath: z.strictObject({ path: z.string().min(1).max(4096) }),
  viewReportFromHistory: z.strictObject({ reportId: jobId }),
  getOpenedReport: z.undefined(),
  closeReport: z.undefined(),
  listJobs: z.undefined(),
  cancelJob: z.strictObject({ jobId }),
  /** The window has shown the job's outcome: main forgets the job. */
  acknowledgeJob: z.strictObject({ jobId }),
  /**
   * Checks every number in the pasted text (main parses it again with the shared parser). The number cap
   * (MAX_LOOKUP_NUMBERS) is checked after parsing, by the lookup service, with its own message.
   */
  startLookup: z.strictObject({
    text: z
      .string()
      .max(
        MAX_LOOKUP_TEXT_LENGTH,
        `The pasted text is longer than ${MAX_LOOKUP_TEXT_LENGTH.toLocaleString('en-US')} characters; look up at most ${MAX_LOOKUP_NUMBERS.toLocaleString('en-US')} numbers at a time.`,
      ),
    /** ISO 3166 country for numbers pasted without a country code (default US). */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as US or GB.')
      .optional(),
  }),
  /**
   * Saves a finished or cancelled lookup's verdicts as a report: main asks where with the save dialog
   * and writes the file. `jobId`: the lookup's job (still answered after the window acknowledged it).
   */
  exportLookupReport: z.strictObject({ jobId, format: z.enum(['xlsx', 'csv']) }),
  /** Text the window copies (a cell, selected rows, a phone number); main puts it on the system clipboard. */
  copyText: z.strictObject({
    text: z
      .string()
      .max(
        MAX_COPY_TEXT_LENGTH,
        `That is more than ${MAX_COPY_TEXT_LENGTH.toLocaleString('en-US')} characters to copy; export the rows instead.`,
      ),
  }),
  // Issue 14, scrub part 1: importing a send list.
  /** The open dialog for a .csv or .xlsx send list; main reads its first rows (in a worker). */
  pickSendList: z.undefined(),
  /** A list dropped on the window (window.files.pathOf); main reads only .csv and .xlsx. */
  previewSendListAtPath: z.strictObject({ path: z.string().min(1).max(4096) }),
  /** What the sample rows' numbers become with these columns and country. */
  previewNormalised: z.strictObject({
    listId: z.string().min(1).max(100),
    phoneColumn: sendListColumn,
    codeColumn: sendListColumn.nullable(),
    defaultCountry: countryCode,
  }),
  /** Checks a send list (previewed as `listId`) against an opt-out snapshot, as a job of kind 'scrub'. */
  startScrub: z.strictObject({
    listId: z.string().min(1).max(100),
    phoneColumn: sendListColumn,
    codeColumn: sendListColumn.nullable(),
    defaultCountry: countryCode,
    snapshot: reportSourceSchema,
    /** Campaign ids are whole numbers; -1 is Convoso's purpose-type scope, not a campaign to send for. */
    campaignId: z
      .string()
      .regex(/^\d{1,18}$/, 'Type the campaign ID as digits (0 is the global list), or leave it empty.')
      .nullable(),
    purposeScoped: z.enum(['hold', 'send']),
  }),
  /** A page of a finished scrub's rows, all or of one verdict, in input order. */
  scrubResultsPage: z.strictObject({
    scrubId,
    verdict: z.enum([...SCRUB_VERDICTS, 'all']),
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(MAX_SCRUB_PAGE_ROWS),
  }),
  /** Asks for a base name with the save dialog and writes the clean list, the suppressed list and the scrub report. */
  saveScrubOutputs: z.strictObject({ scrubId, format: z.enum(['xlsx', 'csv']) }),
  /** Main forgets a finished scrub (its rows); true when it knew it. */
  closeScrub: z.strictObject({ scrubId }),
  // Issue 14, compare two reports.
  /** The open dialog for an .xlsx or .csv report, for compare and scrub. */
  pickReportFile: z.undefined(),
  startCompare: z.strictObject({ a: reportSourceSchema, b: reportSourceSchema }),
  /** One page of one list of a finished comparison, filtered like the main search. */
  searchComparison: z.strictObject({
    compareId,
    list: z.enum(COMPARE_LISTS),
    filters: searchFiltersSchema,
    offset: z.number().int().min(0).max(MAX_OFFSET),
    limit: z.number().int().min(1).max(MAX_LIMIT),
  }),
  exportComparison: z.strictObject({ compareId, format: z.enum(['xlsx', 'csv']) }),
  closeComparison: z.strictObject({ compareId }),
  // Issue 14, the scrub window.
  /** A file the app saved since it started (a scrub output, an exported comparison); main shows no other path. */
  showSavedFileInFolder: z.strictObject({ path: z.string().min(1).max(4096) }),
} as const satisfies Record<ApiMethod, z.ZodType>

type Contract = { [M in ApiMethod]: { channel: (typeof CHANNELS)[M]; request: (typeof requestSchemas)[M] } }

export const ipcContract = Object.fromEntries(
  Object.entries(CHANNELS).map(([method, channel]) => [
    method,
    { channel, request: requestSchemas[method as ApiMethod] },
  ]),
) as Contract

export interface Responses {
  getAppInfo: AppInfo
  getSessionStatus: SessionStatus
  verifyAndSaveToken: SessionStatus
  forgetToken: SessionStatus
  startDemo: SessionStatus
  stopDemo: SessionStatus
  getSettings: Settings
  saveSettings: Settings
  /** The remembered form (defaults when nothing usable is remembered). */
  getLastSearch: LastSearch
  saveLastSearch: LastSearch
  search: SearchResponse
  /** True when a search with that id was still running and is now aborted. */
  cancelSearch: boolean
  listPresets: PresetsSnapshot
  createPreset: PresetsSnapshot
  renamePreset: PresetsSnapshot
  updatePreset: PresetsSnapshot
  duplicatePreset: PresetsSnapshot
  deletePreset: PresetsSnapshot
  restorePreset: PresetsSnapshot
  movePreset: PresetsSnapshot
  setDefaultPreset: PresetsSnapshot
  /** Null when the user closed the save dialog. */
  exportPresets: PresetsExportOutcome | null
  /** Null when the user closed the open dialog. */
  previewPresetImport: ImportPreview | null
  confirmPresetImport: ImportOutcome
  planExport: ExportPlan
  /** Null when the user closed the save dialog; otherwise `jobChanged` events follow the job. */
  startExport: { jobId: string; filePath: string } | null
  listReports: ReportEntry[]
  showReportInFolder: null
  /** Opens the file in the computer's spreadsheet app. */
  openReportInSpreadsheetApp: null
  /** Null when the user closed the open dialog; otherwise `jobChanged` events follow the job. */
  viewReportFromDialog: { jobId: string } | null
  viewReportAtPath: { jobId: string }
  viewReportFromHistory: { jobId: string }
  /** The report the window is searching, or null for Convoso. */
  getOpenedReport: ReportInfo | null
  /** The report that was closed, if any; searches go to Convoso again. */
  closeReport: ReportInfo | null
  /** Running jobs and finished ones the window has not acknowledged, oldest first. */
  listJobs: JobStatus[]
  /** True when the job was running and is now stopping; false when it had already ended. */
  cancelJob: boolean
  /** True when the job was finished and is now forgotten; false while it still runs. */
  acknowledgeJob: boolean
  /**
   * The lookup job started: `jobChanged` events follow it (kind 'lookup', progress in numbers checked,
   * outcome a LookupOutcome). `numbers`: distinct numbers it asks about; `invalid`: entries that are not
   * numbers (they get an 'invalid' verdict without a request); `duplicatesCollapsed`: repeats dropped.
   */
  startLookup: { jobId: string; numbers: number; invalid: number; duplicatesCollapsed: number }
  /**
   * Null when the user closed the save dialog (nothing written). A lookup that is unknown, still running or
   * ended without verdicts (failed) is refused as `not-found` with a message saying which.
   */
  exportLookupReport: LookupReportOutcome | null
  copyText: null
  // Issue 14, scrub part 1: importing a send list.
  /** Null when the user closed the open dialog. A file that cannot be a send list is refused with why. */
  pickSendList: SendListPreview | null
  previewSendListAtPath: SendListPreview
  /** One entry per sample row, in order. An unknown or forgotten listId is `not-found`. */
  previewNormalised: PreviewNormalisedResponse
  /** `jobChanged` events follow the job (kind 'scrub', progress in rows; outcome a ScrubOutcome). */
  startScrub: { jobId: string }
  /** A scrub that is unknown (closed, or dropped as older than the last 3) or still running is `not-found`. */
  scrubResultsPage: ScrubResultsPage
  /** Null when the user closed the save dialog (nothing written). */
  saveScrubOutputs: ScrubOutputs | null
  closeScrub: boolean
  // Issue 14, compare two reports.
  /** Null when the user closed the open dialog. */
  pickReportFile: PickedReportFile | null
  /** The compare job started: `jobChanged` events follow it (kind 'compare', progress in rows read). */
  startCompare: { jobId: string }
  /** A kept comparison unknown (closed, or dropped as one of more than three) is refused as `not-found`. */
  searchComparison: ComparisonPage
  /** Null when the user closed the save dialog (nothing written). */
  exportComparison: ComparisonExport | null
  /** True when the comparison was kept and is now freed. */
  closeComparison: boolean
  // Issue 14, the scrub window.
  showSavedFileInFolder: null
}

/**
 * The events half: what main pushes to the window, by event name. Main sends
 * each payload through the same token sweep as the answers.
 */
export interface Events {
  /** A job started, made progress (at most ten times a second) or ended. */
  jobChanged: JobStatus
}

export type { EventName }

/** Subscribes to one event; the listener gets the payload only. Returns the unsubscribe function. */
export type Subscribe = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => () => void

export type { ApiMethod }
export type RequestOf<M extends ApiMethod> = z.infer<(typeof requestSchemas)[M]>

/** One named async function per contract entry. */
export type OptOutDeskRequests = {
  [M in ApiMethod]: RequestOf<M> extends undefined
    ? () => Promise<Result<Responses[M]>>
    : (request: RequestOf<M>) => Promise<Result<Responses[M]>>
}

/** What `window.api` looks like in the renderer: the requests, and `on` for main's events. */
export type OptOutDeskApi = OptOutDeskRequests & { on: Subscribe }

/** `window.files`: the path of a file dropped on the window ('' when it has none, e.g. dragged from a browser). */
export interface DroppedFiles {
  pathOf(file: File): string
}

export { API_METHODS, EVENT_CHANNELS, EVENT_NAMES } from './channels'
