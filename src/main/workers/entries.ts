import { join } from 'node:path'
import type { WorkerEntry } from '../lib/worker-host'

/**
 * The worker threads main starts, by the name of their built file. electron-vite
 * builds each as an extra main entry beside out/main/index.js (electron.vite.config.ts),
 * so the app finds them in its own folder, inside app.asar (Electron loads worker
 * scripts from an asar since v17: electron/electron#33216).
 */
export const WORKER_SOURCES = {
  'export-writer': 'src/main/workers/export-writer.ts',
  'report-reader': 'src/main/workers/report-reader.ts',
  'send-list-reader': 'src/main/workers/send-list-reader.ts',
  scrub: 'src/main/workers/scrub.ts',
} as const

export interface WorkerEntries {
  exportWriter: WorkerEntry
  reportReader: WorkerEntry
  /** Previews a send list (issue 14). */
  sendListReader: WorkerEntry
  /** Scrubs a send list against a snapshot and writes its outputs (issue 14). */
  scrub: WorkerEntry
}

/**
 * The writer holds little (two pages, exceljs's state, a few MB of bytes on their way to main), but
 * V8 grows a heap it is allowed to grow before it collects: capped, a 300,000-row export peaked
 * about 60 MB lower at the same speed (measured). Twice a cap the same export passed at, since the
 * cap must never be the reason an export fails.
 */
export const EXPORT_WRITER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 }

/** The built workers in `folder` (for the app: the folder of the built main process). */
export function workerEntriesIn(folder: string): WorkerEntries {
  return {
    exportWriter: { script: join(folder, 'export-writer.js'), resourceLimits: EXPORT_WRITER_LIMITS },
    reportReader: { script: join(folder, 'report-reader.js') },
    sendListReader: { script: join(folder, 'send-list-reader.js') },
    scrub: { script: join(folder, 'scrub.js') },
  }
}
