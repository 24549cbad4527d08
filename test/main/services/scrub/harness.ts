import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { createJobRegistry, type JobRegistry } from '../../../../src/main/jobs/job-registry'
import { openReportFile } from '../../../../src/main/services/offline'
import type { OpenedReport } from '../../../../src/main/services/offline/types'
import { createScrubJobs, type ScrubJobs } from '../../../../src/main/services/scrub/scrub-jobs'
import { localScrubRunner, type ScrubRunner } from '../../../../src/main/services/scrub/scrub-runner'
import {
  createScrubWork,
  DEFAULT_WORK_DEPS,
  type ScrubWorkDeps,
} from '../../../../src/main/services/scrub/scrub-work'
import type { SendListRead } from '../../../../src/main/services/send-list/types'
import type { SendListHandle } from '../../../../src/main/services/send-list/send-lists'
import type { ReportEntry } from '../../../../src/shared/exports'
import { fail, ok } from '../../../../src/shared/result'
import type { ScrubOutcome } from '../../../../src/shared/scrub-result'
import { ScriptedDialogs } from '../../../support/desktop-doubles'
import { settledJob } from '../../../support/jobs'
import { testListKeys, testRecordKey } from './doubles'

/**
 * The scrub service as core wires it, with the send-list module replaced by small doubles
 * (doubles.ts: a plain comma-split CSV reader and a "+digits" normaliser) and the work run on the
 * test's thread (or a runner the test passes). Reports are real files read by the real reader.
 */

/** A comma-separated list with no quoting (the double reads it by splitting). */
export async function writeList(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, lines.join('\r\n') + '\r\n', 'utf8')
  return path
}

export async function readListDouble(path: string): Promise<SendListRead> {
  const bytes = await readFile(path)
  const lines = bytes
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '')
  const [header = [], ...rows] = lines.map((line) => line.split(','))
  return {
    header,
    hasHeaderRow: true,
    rows,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    format: 'csv',
    fileName: basename(path),
  }
}

export const WORK_DOUBLES: ScrubWorkDeps = {
  ...DEFAULT_WORK_DEPS,
  readSendList: (path) => readListDouble(path),
  normaliseNumbers: (rows, { phoneColumn }) => testListKeys(rows.map((cells) => cells[phoneColumn] ?? '')),
  recordKey: testRecordKey,
}

export interface Harness {
  scrub: ScrubJobs
  registry: JobRegistry
  dialogs: ScriptedDialogs
  lists: Map<string, string>
  history: ReportEntry[]
  opened: { report: OpenedReport | undefined }
  maxAgeHours: { value: number }
  log: string[]
  /** Starts a scrub and waits for its end. */
  run(request: Partial<Parameters<ScrubJobs['start']>[0]> & { listId: string }): Promise<ScrubOutcome>
}

export function harness(options: { runner?: ScrubRunner; now?: () => Date } = {}): Harness {
  const registry = createJobRegistry({ log: () => undefined })
  const dialogs = new ScriptedDialogs()
  const lists = new Map<string, string>()
  const history: ReportEntry[] = []
  const opened: { report: OpenedReport | undefined } = { report: undefined }
  const maxAgeHours = { value: 24 }
  const log: string[] = []
  const scrub = createScrubJobs({
    jobs: registry,
    sendLists: {
      async resolve(listId) {
        const path = lists.get(listId)
        if (!path) return fail({ kind: 'not-found', message: 'no such list' })
        const read = await readListDouble(path)
        const handle: SendListHandle = {
          listId,
          filePath: path,
          fileName: basename(path),
          format: 'csv',
          fileBytes: 0,
          fileMtimeMs: 0,
          header: read.header,
          hasHeaderRow: true,
          sample: read.rows.slice(0, 20),
        }
        return ok(handle)
      },
    },
    openedReport: () => opened.report,
    history: { list: async () => history, lastFolder: async () => undefined },
    settings: { get: async () => ({ snapshotMaxAgeHours: maxAgeHours.value }) },
    dialog: dialogs,
    runner: options.runner ?? localScrubRunner(createScrubWork(WORK_DOUBLES)),
    appVersion: '9.8.7',
    log: (line) => log.push(line),
    now: options.now,
  })
  return {
    scrub,
    registry,
    dialogs,
    lists,
    history,
    opened,
    maxAgeHours,
    log,
    async run(request) {
      const started = await scrub.start({
        phoneColumn: 1,
        codeColumn: null,
        defaultCountry: 'US',
        snapshot: { kind: 'opened' },
        campaignId: null,
        purposeScoped: 'hold',
        ...request,
      })
      if (!started.ok) throw new Error(`scrub refused: ${started.error.message}`)
      const status = await settledJob(registry, started.data.jobId, 'scrub')
      if (status.state !== 'done') {
        throw new Error(
          `scrub ended ${status.state}: ${status.state === 'failed' ? status.error.message : ''}`,
        )
      }
      return status.outcome
    },
  }
}

export async function openReport(path: string): Promise<OpenedReport> {
  const result = await openReportFile(path)
  if (!result.ok) throw new Error(`could not open ${path}: ${result.error.message}`)
  return result.data
}
