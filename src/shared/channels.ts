/**
 * IPC channel names, one per API method and one per event main pushes. Kept free of any dependency so the
 * sandboxed preload can bundle it alone; contract.ts pairs each with its
 * payload schema and response type.
 */
export const CHANNELS = {
  getAppInfo: 'app:info',
  getSessionStatus: 'session:status',
  verifyAndSaveToken: 'token:verify-and-save',
  forgetToken: 'token:forget',
  startDemo: 'demo:start',
  stopDemo: 'demo:stop',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  getLastSearch: 'last-search:get',
  saveLastSearch: 'last-search:save',
  search: 'search:run',
  cancelSearch: 'search:cancel',
  listPresets: 'presets:list',
  createPreset: 'presets:create',
  renamePreset: 'presets:rename',
  updatePreset: 'presets:update',
  duplicatePreset: 'presets:duplicate',
  deletePreset: 'presets:delete',
  restorePreset: 'presets:restore',
  movePreset: 'presets:move',
  setDefaultPreset: 'presets:set-default',
  exportPresets: 'presets:export',
  previewPresetImport: 'presets:import-preview',
  confirmPresetImport: 'presets:import-confirm',
  planExport: 'export:plan',
  startExport: 'export:start',
  listReports: 'reports:list',
  showReportInFolder: 'reports:show-in-folder',
  openReportInSpreadsheetApp: 'reports:open',
  viewReportFromDialog: 'viewer:open-dialog',
  viewReportAtPath: 'viewer:open-path',
  viewReportFromHistory: 'viewer:open-history',
  getOpenedReport: 'viewer:current',
  closeReport: 'viewer:close',
  listJobs: 'jobs:list',
  cancelJob: 'jobs:cancel',
  acknowledgeJob: 'jobs:acknowledge',
  startLookup: 'lookup:start',
  exportLookupReport: 'lookup:export-report',
  copyText: 'clipboard:write-text',
  // Issue 14, compare two reports (and the report file dialog scrub shares).
  pickReportFile: 'reports:pick-file',
  startCompare: 'compare:start',
  searchComparison: 'compare:search',
  exportComparison: 'compare:export',
  closeComparison: 'compare:close',
} as const

export type ApiMethod = keyof typeof CHANNELS

export const API_METHODS = Object.keys(CHANNELS) as ApiMethod[]

/** Channels main pushes on, one per event; contract.ts gives each its payload type. */
export const EVENT_CHANNELS = {
  jobChanged: 'jobs:changed',
} as const

export type EventName = keyof typeof EVENT_CHANNELS

export const EVENT_NAMES = Object.keys(EVENT_CHANNELS) as EventName[]
