import type { AppInfo } from '../shared/contract'
import { createDemoBackend } from './demo/demo-backend'
import { createHandlers } from './ipc/handlers'
import type { Handlers } from './ipc/dispatcher'
import { sweptEvents, type EventSink } from './ipc/events'
import { createJobRegistry, type JobRegistry } from './jobs/job-registry'
import { appPlatform } from './lib/app-platform'
import type { Log } from './lib/log'
import type { SecretsProvider } from './lib/redact'
import { createClipboardService, type ClipboardWriter } from './services/clipboard/clipboard-service'
import { createCompareService } from './services/compare/compare-service'
import { createConvosoClient } from './services/convoso/client'
import { createOffsetLimits } from './services/convoso/offset-limits'
import { createExportJobs, type SaveDialog, type ShellActions } from './services/export-jobs/export-jobs'
import { createPipelineRunner } from './services/export-jobs/pipeline-runner'
import { createReportHistory } from './services/reports/report-history'
import { createLookupJobs } from './services/lookup/lookup-jobs'
import { createLookupReports } from './services/lookup-report/lookup-reports'
import { createPresetsService, type FileDialogs } from './services/presets/presets-service'
import { createTokenStore, type KeychainBackend } from './services/keychain/token-store'
import { openReportFile } from './services/offline'
import { createReportViewer, type OpenReportDialog } from './services/report-viewer/report-viewer'
import { createSearchService } from './services/search/search-service'
import { createSearchSources } from './services/sources/search-source'
import { createSession, type DemoBackend } from './services/session/session'
import { createLastSearchStore } from './services/settings/last-search-store'
import { createSettingsStore } from './services/settings/settings-store'
import { workerEntriesIn, type WorkerEntries } from './workers/entries'

export interface CoreOptions {
  appInfo: Omit<AppInfo, 'platform'>
  /** The system the window is told it runs on (default: this process's); tests pass another. */
  platform?: NodeJS.Platform
  userDataDir: string
  keychain: KeychainBackend
  dialogs: FileDialogs & SaveDialog & OpenReportDialog
  shell: ShellActions
  /** The system clipboard, for the window's Copy actions. */
  clipboard: ClipboardWriter
  log: Log
  /** Delivers main's events to the app's window; the core sweeps every payload for tokens first. */
  events: EventSink
  fetch?: typeof fetch
  demo?: DemoBackend
  /** Per-request timeout for Convoso calls. */
  timeoutMs?: number
  /** Keychain entry name; end-to-end runs in Electron use their own so a developer's token is untouched. */
  keychainService?: string
  /**
   * The worker threads that write exports and read reports off main's thread. Default: the built
   * ones beside the built main process (out/main); code run from sources passes its own build.
   */
  workers?: WorkerEntries
}

export interface Core {
  handlers: Handlers
  /** The tokens main holds now, for the dispatcher's last sweep and the log; never the token store itself. */
  secrets: SecretsProvider
  /** Every long task running or finished and not yet acknowledged; the handlers answer the window from it. */
  jobs: JobRegistry
  dispose(): Promise<void>
}

/**
 * Wires every main-process service from plain dependencies. The Electron shell
 * and the end-to-end harness both call this, so tests exercise the same handlers
 * the app runs.
 */
export function createCore({
  appInfo,
  platform = process.platform,
  userDataDir,
  keychain,
  dialogs,
  shell,
  clipboard,
  log,
  events,
  fetch,
  demo,
  timeoutMs,
  keychainService,
  workers = workerEntriesIn(__dirname),
}: CoreOptions): Core {
  const settings = createSettingsStore({ directory: userDataDir, log })
  const convoso = createConvosoClient({ fetch, timeoutMs })
  const demoBackend = demo ?? createDemoBackend()
  const session = createSession({
    tokenStore: createTokenStore(keychain, keychainService ? { service: keychainService } : {}),
    settings,
    convoso,
    demo: demoBackend,
  })
  const secrets = () => session.secrets()
  const send = sweptEvents(events, secrets, log)
  const jobs = createJobRegistry({ log })
  jobs.onChange((status) => send('jobChanged', status))
  const history = createReportHistory({ directory: userDataDir, log })
  const viewer = createReportViewer({
    openReportFile: (path, options) => openReportFile(path, { ...options, reader: workers.reportReader }),
    dialog: dialogs,
    history,
    jobs,
    log,
  })
  const sources = createSearchSources({
    session,
    convoso,
    limits: createOffsetLimits(),
    openedReport: () => viewer.current(),
  })
  const search = createSearchService({ sources })
  const exports = createExportJobs({
    sources,
    history,
    dialog: dialogs,
    shell,
    runExport: createPipelineRunner({ appVersion: appInfo.version, writer: workers.exportWriter }),
    jobs,
    concurrency: async () => (await settings.get()).exportConcurrency,
    log,
  })
  const lookup = createLookupJobs({
    sources,
    jobs,
    concurrency: async () => (await settings.get()).exportConcurrency,
    log,
  })
  return {
    handlers: createHandlers({
      appInfo: { ...appInfo, platform: appPlatform(platform) },
      session,
      settings,
      lastSearch: createLastSearchStore({ directory: userDataDir, log }),
      search,
      presets: createPresetsService({ directory: userDataDir, dialogs, log }),
      exports,
      viewer,
      jobs,
      lookup,
      lookupReports: createLookupReports({
        lookups: lookup,
        dialog: dialogs,
        lastExportFolder: () => history.lastFolder(),
        appVersion: appInfo.version,
        log,
      }),
      clipboard: createClipboardService({ clipboard, log }),
      compare: createCompareService({
        dialog: dialogs,
        history,
        openedReport: () => viewer.currentInfo(),
        jobs,
        reader: workers.reportReader,
        appVersion: appInfo.version,
        log,
      }),
    }),
    secrets,
    jobs,
    dispose: () => {
      jobs.cancelAll()
      return demoBackend.stop()
    },
  }
}
