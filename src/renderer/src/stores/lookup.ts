import { create } from 'zustand'
import { describeFilters, EMPTY_FILTERS, toSearchParams, type SearchFilters } from '../../../shared/filters'
import type { ReportFormat } from '../../../shared/exports'
import type { JobStatus } from '../../../shared/jobs'
import type { LookupReportOutcome } from '../../../shared/lookup/lookup-report'
import {
  countryForCallingCode,
  DEFAULT_LOOKUP_COUNTRY,
  parsePhoneList,
  type PhoneList,
} from '../../../shared/lookup/phone-list'
import type { LookupOutcome } from '../../../shared/lookup/verdicts'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { call } from '../lib/call'

/**
 * The lookup on screen: a pasted list of numbers that main checks one by one
 * (`startLookup`), shown as a verdict table in place of the results until the
 * user closes it. Progress and the verdicts arrive as main's `jobChanged`
 * events (routed here by jobs.ts). Main keeps a finished lookup until the
 * table is closed (only then is it acknowledged), so a reloaded window adopts
 * it from `listJobs` and shows the same verdicts again.
 */

export type LookupStatus = JobStatus<'lookup'>

/**
 * - `starting`: asked main; no job yet.
 * - `running`: main is checking; `status` has its progress.
 * - `done` / `failed` / `cancelled`: how the job ended.
 * - `error`: main refused to start it (e.g. too many numbers); nothing was checked.
 */
export type LookupPhase = 'starting' | 'running' | 'done' | 'failed' | 'cancelled' | 'error'

export interface LookupView {
  phase: LookupPhase
  /** The list as the window read it (same parser as main): the table's rows while main checks. */
  list: PhoneList | null
  /** Country numbers without a country code are read as. */
  defaultCountry: string
  /** The other filters, in words, that a lookup does not use (null when none were set). */
  ignoredFilters: string | null
  jobId: string | null
  status: LookupStatus | null
  outcome: LookupOutcome | null
  /** Why it did not start (`error`) or stopped (`failed`). */
  error: AppError | null
  cancelRequested: boolean
  /** Saving the verdicts as a report: in progress, where it went, or why it did not. */
  report: LookupReportState | null
}

export type LookupReportState =
  | { phase: 'saving'; format: ReportFormat }
  | { phase: 'saved'; saved: LookupReportOutcome }
  | { phase: 'error'; error: AppError }

export interface LookupData {
  /** Null while no verdict table is shown. */
  view: LookupView | null
}

export interface StartLookup {
  text: string
  /** The Phone code field: numbers without a code are read for that country. */
  phoneCode?: string
  /** The other filters in words, when any are set (a lookup checks each number against the whole list). */
  ignoredFilters?: string | null
}

export interface LookupActions {
  start: (request: StartLookup) => Promise<void>
  /** Main's news of a lookup (an event, or `listJobs` at start). */
  receive: (status: LookupStatus) => void
  cancel: () => Promise<void>
  /** Closes the verdict table (back to the results); a finished job is then acknowledged. */
  close: () => void
  /** Saves the verdicts on screen as an Excel or CSV report (main asks where). */
  saveReport: (format: ReportFormat) => Promise<void>
  dismissReport: () => void
}

export type LookupState = LookupData & LookupActions

/** Longer than any one number with any punctuation (and than a search's phone field may be). */
const ONE_NUMBER_MAX_LENGTH = 255

/** True when the Phone number text holds more than one number: it is looked up, never searched as one. */
export function isPhoneList(text: string): boolean {
  const trimmed = text.trim()
  // A long paste is a list; the parser (about 0.2 ms a number) is kept for the short ones.
  return trimmed.length > ONE_NUMBER_MAX_LENGTH || parsePhoneList(trimmed).inputCount > 1
}

/** The country numbers without a code are read as, from the Phone code field (US when empty or unknown). */
export function lookupCountry(phoneCode: string | undefined): string {
  if (!phoneCode || phoneCode.trim() === '') return DEFAULT_LOOKUP_COUNTRY
  return countryForCallingCode(phoneCode) ?? DEFAULT_LOOKUP_COUNTRY
}

/** The filters besides the phone number and code, in words; null when none is set. */
function otherFilters(filters: SearchFilters): string | null {
  const others = { ...filters, phoneNumber: EMPTY_FILTERS.phoneNumber, phoneCode: EMPTY_FILTERS.phoneCode }
  const checked = toSearchParams(others)
  if (!checked.ok) return 'the other filters'
  return Object.keys(checked.params).length > 0 ? describeFilters(checked.params) : null
}

/** What Search does when the Phone number field holds a list: each number is looked up. */
export function lookUpFilters(filters: SearchFilters): Promise<void> {
  return useLookupStore.getState().start({
    text: filters.phoneNumber,
    phoneCode: filters.phoneCode,
    ignoredFilters: otherFilters(filters),
  })
}

function emptyView(
  list: PhoneList | null,
  defaultCountry: string,
  ignoredFilters: string | null,
): LookupView {
  return {
    phase: 'starting',
    list,
    defaultCountry,
    ignoredFilters,
    jobId: null,
    status: null,
    outcome: null,
    error: null,
    cancelRequested: false,
    report: null,
  }
}

// Main may announce the job before the answer that names it arrives: kept here until then.
let startsInFlight = 0
const early = new Map<string, LookupStatus>()

export const useLookupStore = create<LookupState>()((set, get) => {
  function acknowledge(jobId: string): void {
    void call(() => getApi().acknowledgeJob({ jobId }))
  }

  function apply(status: LookupStatus): void {
    const view = get().view
    if (!view) return
    switch (status.state) {
      case 'running':
        set({ view: { ...view, phase: 'running', status } })
        return
      case 'done':
        set({ view: { ...view, phase: 'done', status, outcome: status.outcome, cancelRequested: false } })
        return
      case 'failed':
        set({ view: { ...view, phase: 'failed', status, error: status.error, cancelRequested: false } })
        return
      case 'cancelled':
        // Main keeps the verdicts given before the cancel; the numbers it had not asked are 'not-checked'.
        set({
          view: {
            ...view,
            phase: 'cancelled',
            status,
            outcome: status.outcome ?? null,
            cancelRequested: false,
          },
        })
        return
    }
  }

  return {
    view: null,

    async start({ text, phoneCode, ignoredFilters = null }) {
      const current = get().view
      if (current && (current.phase === 'starting' || current.phase === 'running')) return
      if (current?.jobId && current.phase !== 'error') acknowledge(current.jobId)
      const defaultCountry = lookupCountry(phoneCode)
      set({ view: emptyView(parsePhoneList(text, defaultCountry), defaultCountry, ignoredFilters) })
      startsInFlight += 1
      const started = await call(() => getApi().startLookup({ text, defaultCountry }))
      startsInFlight -= 1
      const announced = started.ok ? early.get(started.data.jobId) : undefined
      early.clear()
      const view = get().view
      if (!view || view.phase !== 'starting') return
      if (!started.ok) {
        set({ view: { ...view, phase: 'error', error: started.error } })
        return
      }
      set({ view: { ...view, phase: 'running', jobId: started.data.jobId } })
      if (announced) apply(announced)
    },

    receive(status) {
      const view = get().view
      if (view?.jobId === status.jobId) {
        if (view.phase === 'running') apply(status)
        return
      }
      if (startsInFlight > 0) {
        early.set(status.jobId, status)
        return
      }
      if (view && (view.phase === 'starting' || view.phase === 'running')) return
      // One this window did not start: still checking across a reload, or finished while it was away.
      set({
        view: { ...emptyView(null, DEFAULT_LOOKUP_COUNTRY, null), phase: 'running', jobId: status.jobId },
      })
      apply(status)
    },

    async cancel() {
      const view = get().view
      if (!view?.jobId || view.phase !== 'running' || view.cancelRequested) return
      const jobId = view.jobId
      set({ view: { ...view, cancelRequested: true } })
      // Main's event says how the job ended.
      const cancelled = await call(() => getApi().cancelJob({ jobId }))
      const now = get().view
      if (!cancelled.ok && now?.jobId === jobId && now.phase === 'running') {
        set({ view: { ...now, cancelRequested: false, error: cancelled.error } })
      }
    },

    async saveReport(format) {
      const view = get().view
      if (!view?.jobId || !view.outcome || view.report?.phase === 'saving') return
      const jobId = view.jobId
      set({ view: { ...view, report: { phase: 'saving', format } } })
      const saved = await call(() => getApi().exportLookupReport({ jobId, format }))
      const now = get().view
      if (now?.jobId !== jobId) return
      if (!saved.ok) set({ view: { ...now, report: { phase: 'error', error: saved.error } } })
      // Null: the user closed the save dialog; nothing was written and there is nothing to say.
      else set({ view: { ...now, report: saved.data ? { phase: 'saved', saved: saved.data } : null } })
    },

    dismissReport() {
      const view = get().view
      if (view && view.report?.phase !== 'saving') set({ view: { ...view, report: null } })
    },

    close() {
      const view = get().view
      if (!view || view.phase === 'starting' || view.phase === 'running') return
      if (view.jobId) acknowledge(view.jobId)
      set({ view: null })
    },
  }
})

/** A search brings the results back: a finished verdict table closes (a running one stays until it ends). */
export function closeLookup(): void {
  useLookupStore.getState().close()
}

/** Test hook: no lookup on screen. */
export function resetLookupStore(): void {
  startsInFlight = 0
  early.clear()
  useLookupStore.setState({ view: null })
}
