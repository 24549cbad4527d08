import type { AppInfo } from '../../shared/contract'
import { ok } from '../../shared/result'
import type { JobRegistry } from '../jobs/job-registry'
import type { ClipboardService } from '../services/clipboard/clipboard-service'
import type { CompareService } from '../services/compare/compare-service'
import type { SavedFiles } from '../services/saved-files/show-saved-file'
import type { ExportJobs } from '../services/export-jobs/export-jobs'
import type { LookupJobs } from '../services/lookup/lookup-jobs'
import type { LookupReports } from '../services/lookup-report/lookup-reports'
import type { PresetsService } from '../services/presets/presets-service'
import type { ReportViewer } from '../services/report-viewer/report-viewer'
import type { ScrubJobs } from '../services/scrub/scrub-jobs'
import type { SearchService } from '../services/search/search-service'
import type { SendLists } from '../services/send-list/send-lists'
import type { Session } from '../services/session/session'
import type { LastSearchStore } from '../services/settings/last-search-store'
import type { SettingsStore } from '../services/settings/settings-store'
import type { Handlers } from './dispatcher'

export interface HandlerDeps {
  appInfo: AppInfo
  session: Session
  settings: SettingsStore
  lastSearch: LastSearchStore
  search: SearchService
  presets: PresetsService
  exports: ExportJobs
  viewer: ReportViewer
  jobs: JobRegistry
  lookup: LookupJobs
  lookupReports: LookupReports
  clipboard: ClipboardService
  sendLists: SendLists
  scrub: ScrubJobs
  compare: CompareService
  savedFiles: SavedFiles
}

/** Maps each contract entry to the service that answers it; no logic of its own. */
export function createHandlers({
  appInfo,
  session,
  settings,
  lastSearch,
  search,
  presets,
  exports,
  viewer,
  jobs,
  lookup,
  lookupReports,
  clipboard,
  sendLists,
  scrub,
  compare,
  savedFiles,
}: HandlerDeps): Handlers {
  return {
    getAppInfo: async () => ok(appInfo),
    getSessionStatus: () => session.status(),
    verifyAndSaveToken: ({ token }) => session.verifyAndSave(token),
    forgetToken: () => session.forget(),
    startDemo: () => session.startDemo(),
    stopDemo: () => session.stopDemo(),
    getSettings: async () => ok(await settings.get()),
    saveSettings: (update) => session.saveSettings(update),
    getLastSearch: async () => ok(await lastSearch.get()),
    saveLastSearch: (update) => lastSearch.save(update),
    search: (request) => search.run(request),
    cancelSearch: async ({ requestId }) => ok(search.cancel(requestId)),
    listPresets: () => presets.list(),
    createPreset: (input) => presets.create(input),
    renamePreset: ({ id, name }) => presets.rename(id, name),
    updatePreset: ({ id, filters, pageSize }) => presets.update(id, { filters, pageSize }),
    duplicatePreset: ({ id }) => presets.duplicate(id),
    deletePreset: ({ id }) => presets.remove(id),
    restorePreset: ({ preset, index }) => presets.restore(preset, index),
    movePreset: ({ id, toIndex }) => presets.move(id, toIndex),
    setDefaultPreset: ({ id }) => presets.setDefault(id),
    exportPresets: () => presets.exportAll(),
    previewPresetImport: () => presets.previewImport(),
    confirmPresetImport: ({ previewId }) => presets.confirmImport(previewId),
    planExport: (request) => exports.plan(request),
    startExport: (request) => exports.start(request),
    listReports: () => exports.listReports(),
    showReportInFolder: ({ reportId }) => exports.showInFolder(reportId),
    openReportInSpreadsheetApp: ({ reportId }) => exports.open(reportId),
    viewReportFromDialog: () => viewer.openWithDialog(),
    viewReportAtPath: async ({ path }) => viewer.openPath(path),
    viewReportFromHistory: ({ reportId }) => viewer.openFromHistory(reportId),
    getOpenedReport: async () => ok(viewer.currentInfo()),
    closeReport: async () => ok(viewer.close()),
    listJobs: async () => ok(jobs.list()),
    cancelJob: async ({ jobId }) => jobs.cancel(jobId),
    acknowledgeJob: async ({ jobId }) => jobs.acknowledge(jobId),
    startLookup: (request) => lookup.start(request),
    exportLookupReport: (request) => lookupReports.save(request),
    copyText: async ({ text }) => clipboard.copyText(text),
    // Issue 14, scrub part 1: importing a send list.
    pickSendList: () => sendLists.pick(),
    previewSendListAtPath: ({ path }) => sendLists.previewAtPath(path),
    previewNormalised: (request) => sendLists.previewNormalised(request),
    startScrub: (request) => scrub.start(request),
    scrubResultsPage: (request) => scrub.resultsPage(request),
    saveScrubOutputs: async (request) => savedFiles.track(await scrub.saveOutputs(request)),
    closeScrub: (request) => scrub.close(request),
    // Issue 14, compare two reports.
    pickReportFile: () => compare.pickReportFile(),
    startCompare: (request) => compare.start(request),
    searchComparison: async (request) => compare.search(request),
    exportComparison: async (request) => savedFiles.track(await compare.export(request)),
    closeComparison: async (request) => compare.close(request),
    // Issue 14, the scrub window.
    showSavedFileInFolder: ({ path }) => savedFiles.showInFolder(path),
  }
}
