import { create } from 'zustand'
import type { ReportFormat } from '../../../shared/exports'
import { EMPTY_FILTERS } from '../../../shared/filters'
import type { JobStatus } from '../../../shared/jobs'
import type { AppError, Result } from '../../../shared/result'
import { DEFAULT_SEND_LIST_COUNTRY, type NormalisedSample, type SendListPreview } from '../../../shared/scrub'
import type { ReportSource } from '../../../shared/compare'
import type { ScrubOutcome, ScrubOutputs, ScrubRow, ScrubVerdict } from '../../../shared/scrub-result'
import { getApi } from '../api'
import { call } from '../lib/call'
import { useExportsStore } from './exports'
import { useSettingsStore } from './settings'

/**
 * The scrub window: a send list checked against an opt-out snapshot. The
 * window walks the user through three steps — the list (file, columns,
 * country), the snapshot and rules, then the job and its result — and main
 * does every piece of work (reading the file, normalising numbers, matching,
 * writing the outputs). The job's progress and outcome arrive as main's
 * `jobChanged` events (routed here by jobs.ts). A finished scrub is kept by
 * main until the window is closed (acknowledged then), so its rows can be
 * paged and its outputs saved.
 */

export type ScrubStatus = JobStatus<'scrub'>

/** Rows the result table shows at once: a page, so a million-row list never sits in the window. */
export const SCRUB_PAGE_SIZE = 100

/** The order of the result tabs: what must not be sent first. */
export const VERDICT_ORDER: readonly ScrubVerdict[] = [
  'do-not-send',
  'review',
  'invalid',
  'duplicate',
  'clear',
]

export type ScrubStep = 'list' | 'snapshot' | 'result'

/** Which report the scrub checks against, as the user chose it. */
export type SnapshotChoice = { kind: 'opened' } | { kind: 'history'; reportId: string } | null

export type ListState =
  | { phase: 'none' }
  | { phase: 'reading'; fileName: string | null }
  | { phase: 'ready'; preview: SendListPreview }
  | { phase: 'error'; error: AppError }

export type NormalisedState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'ready'; rows: NormalisedSample[] }
  | { phase: 'error'; error: AppError }

/**
 * "Make a fresh full export now": an ordinary export of every opt-out (empty
 * filters) whose report then becomes the snapshot. Its progress is the
 * exports store's (jobs.ts routes export events there); this only remembers
 * which job is ours.
 */
export type FreshExportState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; jobId: string; filePath: string }
  | { phase: 'done'; reportId: string; filePath: string }
  | { phase: 'error'; error: AppError }
  | { phase: 'cancelled' }

/**
 * - `starting`: asked main; no job yet. `running`: main's status has the progress.
 * - `done` / `failed` / `cancelled`: how the job ended. `error`: main refused to start it.
 */
export type ScrubPhase = 'starting' | 'running' | 'done' | 'failed' | 'cancelled' | 'error'

export interface ScrubJobState {
  phase: ScrubPhase
  jobId: string | null
  status: ScrubStatus | null
  outcome: ScrubOutcome | null
  error: AppError | null
  cancelRequested: boolean
}

export interface ResultsPageState {
  verdict: ScrubVerdict
  offset: number
  total: number
  rows: ScrubRow[]
  loading: boolean
  error: AppError | null
}

export type SaveState =
  | { phase: 'idle' }
  | { phase: 'saving'; format: ReportFormat }
  | { phase: 'saved'; outputs: ScrubOutputs }
  | { phase: 'error'; error: AppError }

export interface ScrubData {
  open: boolean
  step: ScrubStep
  list: ListState
  phoneColumn: number | null
  codeColumn: number | null
  /** ISO 3166 alpha-2 for numbers written without a country code; remembered in the settings. */
  country: string
  normalised: NormalisedState
  snapshot: SnapshotChoice
  fresh: FreshExportState
  /** The campaign the list is sent for, as typed (digits); '' for none. */
  campaignId: string
  purposeScoped: 'hold' | 'send'
  job: ScrubJobState | null
  page: ResultsPageState | null
  save: SaveState
  /** Why the remembered country could not be saved (the scrub still uses the one chosen). */
  settingsError: AppError | null
}

export interface ScrubActions {
  /** Opens the window at its first step (or where it was, if it is open). */
  show: () => void
  /** Closes the window; a finished job is acknowledged and freed. A running one must be cancelled first. */
  close: () => void
  pickFile: () => Promise<void>
  /** A file dropped on the window (its path from the preload). */
  readPath: (path: string, fileName: string) => Promise<void>
  /** A dropped thing that is not a file on this computer. */
  refuseDrop: (message: string) => void
  setPhoneColumn: (column: number) => void
  setCodeColumn: (column: number | null) => void
  setCountry: (country: string) => void
  goTo: (step: ScrubStep) => void
  chooseSnapshot: (choice: SnapshotChoice) => void
  makeFreshExport: () => Promise<void>
  cancelFreshExport: () => Promise<void>
  setCampaignId: (text: string) => void
  setPurposeScoped: (rule: 'hold' | 'send') => void
  run: () => Promise<void>
  cancel: () => Promise<void>
  /** Main's news of a scrub job (an event, or `listJobs` at start). */
  receive: (status: ScrubStatus) => void
  showVerdict: (verdict: ScrubVerdict) => Promise<void>
  showPage: (offset: number) => Promise<void>
  saveOutputs: (format: ReportFormat) => Promise<void>
  showInFolder: (path: string) => Promise<void>
  dismissSave: () => void
  /** Back to the first step with the same list, to scrub it again (e.g. with other rules). */
  startOver: () => void
}

export type ScrubState = ScrubData & ScrubActions

function initialData(): ScrubData {
  return {
    open: false,
    step: 'list',
    list: { phase: 'none' },
    phoneColumn: null,
    codeColumn: null,
    country: DEFAULT_SEND_LIST_COUNTRY,
    normalised: { phase: 'idle' },
    snapshot: null,
    fresh: { phase: 'idle' },
    campaignId: '',
    purposeScoped: 'hold',
    job: null,
    page: null,
    save: { phase: 'idle' },
    settingsError: null,
  }
}

/** Why the campaign text cannot be used, or null (empty means no campaign). */
export function campaignProblem(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  if (!/^\d{1,18}$/.test(trimmed)) return 'A campaign ID is digits only, such as 42. Leave it empty for none.'
  if (trimmed === '0')
    return 'Campaign 0 is the global list, which every send honours already. Leave it empty.'
  return null
}

/** Why the scrub cannot run yet, or null when it can. */
export function runUnavailableReason(state: ScrubData): string | null {
  if (state.list.phase !== 'ready') return 'Choose a send list first.'
  if (state.phoneColumn === null) return 'Choose the column that holds the phone numbers.'
  if (state.snapshot === null) return 'Choose the report of opt-outs to check the list against.'
  if (campaignProblem(state.campaignId) !== null) return 'Correct the campaign ID.'
  if (state.job?.phase === 'starting' || state.job?.phase === 'running') return 'The scrub is running.'
  return null
}

function emptyJob(): ScrubJobState {
  return { phase: 'starting', jobId: null, status: null, outcome: null, error: null, cancelRequested: false }
}

/** The first verdict with rows, in tab order: what the user needs to see first. */
export function firstVerdictWithRows(outcome: ScrubOutcome): ScrubVerdict {
  return VERDICT_ORDER.find((verdict) => outcome.counts[verdict] > 0) ?? 'do-not-send'
}

function toSource(choice: Exclude<SnapshotChoice, null>): ReportSource {
  return choice.kind === 'opened' ? { kind: 'opened' } : { kind: 'history', reportId: choice.reportId }
}

// Main may announce the job before the answer that names it arrives: kept here until then.
let startsInFlight = 0
const early = new Map<string, ScrubStatus>()
// Bumped by every new list and every new normalised preview: a late answer for an older one is dropped.
let listRead = 0
let previewRequest = 0
let pageRequest = 0
// Unsubscribes from the exports store once our fresh export has ended.
let stopWatchingExport: (() => void) | null = null

export const useScrubStore = create<ScrubState>()((set, get) => {
  function acknowledge(jobId: string): void {
    void call(() => getApi().acknowledgeJob({ jobId }))
  }

  function setJob(patch: Partial<ScrubJobState>): void {
    const job = get().job
    if (job) set({ job: { ...job, ...patch } })
  }

  function apply(status: ScrubStatus): void {
    switch (status.state) {
      case 'running':
        setJob({ phase: 'running', status })
        return
      case 'done':
        setJob({ phase: 'done', status, outcome: status.outcome, cancelRequested: false })
        void get().showVerdict(firstVerdictWithRows(status.outcome))
        return
      case 'failed':
        setJob({ phase: 'failed', status, error: status.error, cancelRequested: false })
        return
      case 'cancelled':
        setJob({ phase: 'cancelled', status, cancelRequested: false })
        return
    }
  }

  async function loadList(read: () => Promise<Result<SendListPreview | null>>, fileName: string | null) {
    listRead += 1
    const mine = listRead
    const before = get().list
    set({ list: { phase: 'reading', fileName } })
    const result = await call(read)
    if (mine !== listRead) return
    if (!result.ok) {
      set({ list: { phase: 'error', error: result.error } })
      return
    }
    if (result.data === null) {
      // The open dialog was closed: whatever list was there stays.
      set({ list: before.phase === 'reading' ? { phase: 'none' } : before })
      return
    }
    const preview = result.data
    set({
      list: { phase: 'ready', preview },
      phoneColumn: preview.suggestedPhoneColumn ?? (preview.header.length === 1 ? 0 : null),
      codeColumn: preview.suggestedCodeColumn,
      job: null,
      page: null,
      save: { phase: 'idle' },
    })
    void refreshPreview()
  }

  async function refreshPreview(): Promise<void> {
    previewRequest += 1
    const mine = previewRequest
    const { list, phoneColumn, codeColumn, country } = get()
    if (list.phase !== 'ready' || phoneColumn === null) {
      set({ normalised: { phase: 'idle' } })
      return
    }
    set({ normalised: { phase: 'loading' } })
    const result = await call(() =>
      getApi().previewNormalised({
        listId: list.preview.listId,
        phoneColumn,
        codeColumn,
        defaultCountry: country,
      }),
    )
    if (mine !== previewRequest) return
    set({
      normalised: result.ok
        ? { phase: 'ready', rows: result.data.rows }
        : { phase: 'error', error: result.error },
    })
  }

  /** Keeps the chosen country for next time (main's settings); the scrub never waits on it. */
  async function rememberCountry(country: string): Promise<void> {
    const settings = useSettingsStore.getState().settings ?? (await loadSettings())
    if (!settings) return
    if (settings.sendListCountry === country) return
    const saved = await call(() =>
      getApi().saveSettings({ apiBase: settings.apiBase, sendListCountry: country }),
    )
    if (saved.ok) {
      useSettingsStore.setState({ settings: saved.data })
      set({ settingsError: null })
    } else {
      set({ settingsError: saved.error })
    }
  }

  async function loadSettings() {
    const loaded = await call(() => getApi().getSettings())
    if (!loaded.ok) return null
    useSettingsStore.setState({ settings: loaded.data })
    return loaded.data
  }

  function watchFreshExport(jobId: string): void {
    stopWatchingExport?.()
    const check = () => {
      const exports = useExportsStore.getState()
      if (exports.job?.jobId !== jobId || !exports.status) return
      const status = exports.status
      if (status.state === 'running') return
      stopWatchingExport?.()
      stopWatchingExport = null
      if (get().fresh.phase !== 'running') return
      if (status.state === 'done') {
        set({
          fresh: { phase: 'done', reportId: status.outcome.reportId, filePath: status.outcome.filePath },
          snapshot: { kind: 'history', reportId: status.outcome.reportId },
        })
      } else if (status.state === 'failed') {
        set({ fresh: { phase: 'error', error: status.error } })
      } else {
        set({ fresh: { phase: 'cancelled' } })
      }
    }
    stopWatchingExport = useExportsStore.subscribe(check)
    check()
  }

  return {
    ...initialData(),

    show() {
      if (get().open) return
      set({ open: true })
      // The country last chosen comes from the settings (US until one is chosen).
      void (async () => {
        const settings = useSettingsStore.getState().settings ?? (await loadSettings())
        const remembered = settings?.sendListCountry
        if (remembered && get().list.phase === 'none') set({ country: remembered })
      })()
    },

    close() {
      const { job, fresh } = get()
      if (job && (job.phase === 'starting' || job.phase === 'running')) return
      if (fresh.phase === 'starting' || fresh.phase === 'running') return
      if (job?.jobId && job.phase !== 'error') {
        const jobId = job.jobId
        acknowledge(jobId)
        if (job.phase === 'done') void call(() => getApi().closeScrub({ scrubId: jobId }))
      }
      stopWatchingExport?.()
      stopWatchingExport = null
      listRead += 1
      previewRequest += 1
      pageRequest += 1
      set(initialData())
    },

    pickFile: () => loadList(() => getApi().pickSendList(), null),

    readPath: (path, fileName) => loadList(() => getApi().previewSendListAtPath({ path }), fileName),

    refuseDrop(message) {
      listRead += 1
      set({ list: { phase: 'error', error: { kind: 'report-file', message } } })
    },

    setPhoneColumn(column) {
      set({ phoneColumn: column, codeColumn: get().codeColumn === column ? null : get().codeColumn })
      void refreshPreview()
    },

    setCodeColumn(column) {
      set({ codeColumn: column })
      void refreshPreview()
    },

    setCountry(country) {
      if (country === get().country) return
      set({ country })
      void refreshPreview()
      void rememberCountry(country)
    },

    goTo(step) {
      const job = get().job
      if (step === 'result' && !job) return
      set({ step })
    },

    chooseSnapshot: (snapshot) => set({ snapshot }),

    async makeFreshExport() {
      const fresh = get().fresh
      if (fresh.phase === 'starting' || fresh.phase === 'running') return
      set({ fresh: { phase: 'starting' } })
      // Every opt-out: the ordinary export with no filter, planned first as the Export menu does.
      const request = { filters: EMPTY_FILTERS, scope: 'all' as const, offset: 0, limit: 1000 }
      const planned = await call(() => getApi().planExport(request))
      if (get().fresh.phase !== 'starting') return
      if (!planned.ok) {
        set({ fresh: { phase: 'error', error: planned.error } })
        return
      }
      // Over Convoso's reach the report is partial; the scrub's snapshot warnings say so.
      const started = await call(() =>
        getApi().startExport({
          ...request,
          format: 'xlsx',
          acceptPartial: planned.data.overCap,
          planId: planned.data.planId,
        }),
      )
      if (get().fresh.phase !== 'starting') {
        if (started.ok && started.data) {
          const { jobId } = started.data
          void call(() => getApi().cancelJob({ jobId }))
        }
        return
      }
      if (!started.ok) {
        set({ fresh: { phase: 'error', error: started.error } })
        return
      }
      if (started.data === null) {
        // The save dialog was closed: nothing was written.
        set({ fresh: { phase: 'idle' } })
        return
      }
      set({ fresh: { phase: 'running', jobId: started.data.jobId, filePath: started.data.filePath } })
      watchFreshExport(started.data.jobId)
    },

    async cancelFreshExport() {
      const fresh = get().fresh
      if (fresh.phase === 'starting') {
        set({ fresh: { phase: 'cancelled' } })
        return
      }
      if (fresh.phase !== 'running') return
      const exports = useExportsStore.getState()
      if (exports.job?.jobId === fresh.jobId) await exports.cancel()
      else await call(() => getApi().cancelJob({ jobId: fresh.jobId }))
    },

    setCampaignId: (campaignId) => set({ campaignId }),
    setPurposeScoped: (purposeScoped) => set({ purposeScoped }),

    async run() {
      const state = get()
      if (runUnavailableReason(state) !== null) return
      const { list, phoneColumn, codeColumn, country, snapshot, campaignId, purposeScoped } = state
      if (list.phase !== 'ready' || phoneColumn === null || snapshot === null) return
      const previous = state.job
      if (previous?.jobId && previous.phase !== 'error') {
        acknowledge(previous.jobId)
        if (previous.phase === 'done') {
          const scrubId = previous.jobId
          void call(() => getApi().closeScrub({ scrubId }))
        }
      }
      pageRequest += 1
      set({ step: 'result', job: emptyJob(), page: null, save: { phase: 'idle' } })
      startsInFlight += 1
      const started = await call(() =>
        getApi().startScrub({
          listId: list.preview.listId,
          phoneColumn,
          codeColumn,
          defaultCountry: country,
          snapshot: toSource(snapshot),
          campaignId: campaignId.trim() === '' ? null : campaignId.trim(),
          purposeScoped,
        }),
      )
      startsInFlight -= 1
      const announced = started.ok ? early.get(started.data.jobId) : undefined
      early.clear()
      const job = get().job
      if (!job || job.phase !== 'starting') {
        if (started.ok) void call(() => getApi().cancelJob({ jobId: started.data.jobId }))
        return
      }
      if (!started.ok) {
        setJob({ phase: 'error', error: started.error })
        return
      }
      setJob({ phase: 'running', jobId: started.data.jobId })
      if (announced) apply(announced)
    },

    async cancel() {
      const job = get().job
      if (!job?.jobId || job.phase !== 'running' || job.cancelRequested) return
      const jobId = job.jobId
      setJob({ cancelRequested: true })
      // Main's event says how the job ended.
      const cancelled = await call(() => getApi().cancelJob({ jobId }))
      const now = get().job
      if (!cancelled.ok && now?.jobId === jobId && now.phase === 'running') {
        setJob({ cancelRequested: false, error: cancelled.error })
      }
    },

    receive(status) {
      const job = get().job
      if (job?.jobId === status.jobId) {
        if (job.phase === 'running') apply(status)
        return
      }
      if (startsInFlight > 0) {
        early.set(status.jobId, status)
        return
      }
      if (job && (job.phase === 'starting' || job.phase === 'running')) return
      // One this window did not start: still running across a reload, or finished while it was away.
      set({
        ...initialData(),
        open: true,
        step: 'result',
        job: { ...emptyJob(), phase: 'running', jobId: status.jobId },
      })
      apply(status)
    },

    async showVerdict(verdict) {
      set({ page: { verdict, offset: 0, total: 0, rows: [], loading: true, error: null } })
      await loadPage(verdict, 0)
    },

    async showPage(offset) {
      const page = get().page
      if (!page) return
      set({ page: { ...page, offset, loading: true, error: null } })
      await loadPage(page.verdict, offset)
    },

    async saveOutputs(format) {
      const job = get().job
      if (!job?.jobId || job.phase !== 'done' || get().save.phase === 'saving') return
      const scrubId = job.jobId
      set({ save: { phase: 'saving', format } })
      const saved = await call(() => getApi().saveScrubOutputs({ scrubId, format }))
      if (get().job?.jobId !== scrubId) return
      if (!saved.ok) set({ save: { phase: 'error', error: saved.error } })
      // Null: the save dialog was closed; nothing was written and there is nothing to say.
      else set({ save: saved.data ? { phase: 'saved', outputs: saved.data } : { phase: 'idle' } })
    },

    async showInFolder(path) {
      const shown = await call(() => getApi().showSavedFileInFolder({ path }))
      if (!shown.ok) set({ save: { phase: 'error', error: shown.error } })
    },

    dismissSave() {
      if (get().save.phase !== 'saving') set({ save: { phase: 'idle' } })
    },

    startOver() {
      const job = get().job
      if (job && (job.phase === 'starting' || job.phase === 'running')) return
      set({ step: 'list' })
    },
  }

  async function loadPage(verdict: ScrubVerdict, offset: number): Promise<void> {
    const scrubId = get().job?.jobId
    if (!scrubId) return
    pageRequest += 1
    const mine = pageRequest
    const result = await call(() =>
      getApi().scrubResultsPage({ scrubId, verdict, offset, limit: SCRUB_PAGE_SIZE }),
    )
    if (mine !== pageRequest) return
    const page = get().page
    if (!page) return
    set({
      page: result.ok
        ? {
            verdict,
            offset: result.data.offset,
            total: result.data.total,
            rows: result.data.rows,
            loading: false,
            error: null,
          }
        : { ...page, loading: false, error: result.error },
    })
  }
})

/** Test hook: the window closed, nothing remembered. */
export function resetScrubStore(): void {
  startsInFlight = 0
  early.clear()
  listRead = 0
  previewRequest = 0
  pageRequest = 0
  stopWatchingExport?.()
  stopWatchingExport = null
  useScrubStore.setState(initialData())
}
