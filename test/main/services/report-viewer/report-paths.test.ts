import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createJobRegistry } from '../../../../src/main/jobs/job-registry'
import { createExportJobs } from '../../../../src/main/services/export-jobs/export-jobs'
import { openReportFile } from '../../../../src/main/services/offline'
import type { OpenReportFile } from '../../../../src/main/services/offline/types'
import { createReportViewer } from '../../../../src/main/services/report-viewer/report-viewer'
import { createReportHistory } from '../../../../src/main/services/reports/report-history'
import type { Session } from '../../../../src/main/services/session/session'
import { createSearchSources } from '../../../../src/main/services/sources/search-source'
import { fail, ok } from '../../../../src/shared/result'
import { ScriptedDialogs } from '../../../support/desktop-doubles'
import { FakeConvoso } from '../../fakes'

/**
 * Findings 6 and 7: reports.json (a file anyone can edit) drives the system
 * shell's "open" and "show in folder", and a drop can name any path. Every way
 * of opening a report passes one path check; none hands a program, a script, a
 * .desktop file or a network path to the shell or the reader, and every
 * refusal reads the same.
 */

const CANNOT_OPEN =
  /^This file cannot be opened\. Opt-Out Desk opens only Excel \(\.xlsx\) and CSV \(\.csv\) reports/

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-paths-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const ENTRY = {
  createdAt: '2026-01-01T00:00:00.000Z',
  format: 'csv',
  scope: 'all',
  filtersDescription: 'All records',
  params: {},
  rowsWritten: 1,
  sha256: 'ab'.repeat(32),
  partial: false,
}

function setup() {
  const history = createReportHistory({ directory: dir, log: () => undefined })
  const shell = { showInFolder: vi.fn(), open: vi.fn(async () => '') }
  const session = {
    credentials: async () => fail({ kind: 'token-missing', message: 'none' }),
  } as unknown as Session
  const registry = createJobRegistry({ log: () => undefined })
  const jobs = createExportJobs({
    sources: createSearchSources({ session, convoso: new FakeConvoso(), openedReport: () => undefined }),
    history,
    dialog: new ScriptedDialogs(),
    shell,
    runExport: async () => fail({ kind: 'internal', message: 'not used' }),
    jobs: registry,
    concurrency: async () => 1,
    log: () => undefined,
  })
  const opened: string[] = []
  const opener: OpenReportFile = async (path) => {
    opened.push(path)
    return fail({ kind: 'report-file', message: 'not used' })
  }
  const viewer = createReportViewer({
    openReportFile: opener,
    dialog: new ScriptedDialogs(),
    history,
    jobs: registry,
    log: () => undefined,
  })
  return { history, shell, jobs, viewer, opened }
}

async function writeHistory(entries: { id: string; filePath: string }[]): Promise<void> {
  const reports = entries.map((entry) => ({ ...ENTRY, ...entry }))
  await writeFile(join(dir, 'reports.json'), JSON.stringify({ version: 1, reports }))
}

describe('finding 6: the report history never drives the shell at a program', () => {
  const HOSTILE = [
    { id: 'calc', filePath: 'C:\\Windows\\System32\\calc.exe' },
    { id: 'script', filePath: '/tmp/evil/run.sh' },
    { id: 'desktop', filePath: '/usr/share/applications/evil.desktop' },
    { id: 'id', filePath: '/usr/bin/id' },
    { id: 'relative', filePath: 'report.csv' },
    { id: 'network', filePath: '//attacker.example/share/report.csv' },
  ]

  it('leaves entries pointing at calc.exe, a .sh, a .desktop file or /usr/bin/id out of the list', async () => {
    const good = join(dir, 'kept.csv')
    await writeFile(good, 'id\r\n1\r\n')
    await writeHistory([...HOSTILE, { id: 'good', filePath: good }])
    const { jobs } = setup()
    const listed = await jobs.listReports()
    expect(listed.ok && listed.data.map((entry) => entry.id)).toEqual(['good'])
  })

  it('never opens, reveals or reads them', async () => {
    await writeHistory(HOSTILE)
    const { jobs, shell, viewer, opened } = setup()
    for (const { id } of HOSTILE) {
      expect((await jobs.open(id)).ok).toBe(false)
      expect((await jobs.showInFolder(id)).ok).toBe(false)
      expect((await viewer.openFromHistory(id)).ok).toBe(false)
    }
    expect(shell.open).not.toHaveBeenCalled()
    expect(shell.showInFolder).not.toHaveBeenCalled()
    expect(opened).toEqual([])
  })

  it.skipIf(process.platform === 'win32')(
    'checks the file again on use: report.csv linked to /usr/bin/id is refused by open, reveal and view',
    async () => {
      const link = join(dir, 'report.csv')
      await symlink('/usr/bin/id', link)
      await writeHistory([{ id: 'link', filePath: link }])
      const { jobs, shell, viewer, opened } = setup()
      for (const result of [
        await jobs.open('link'),
        await jobs.showInFolder('link'),
        await viewer.openFromHistory('link'),
      ]) {
        expect(result).toMatchObject({
          ok: false,
          error: { kind: 'report-file', message: expect.stringMatching(CANNOT_OPEN) },
        })
      }
      expect(shell.open).not.toHaveBeenCalled()
      expect(shell.showInFolder).not.toHaveBeenCalled()
      expect(opened).toEqual([])
    },
  )

  it('a folder named like a report is not handed to the shell either', async () => {
    const folder = join(dir, 'folder.xlsx')
    await rm(folder, { force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(folder))
    await writeHistory([{ id: 'folder', filePath: folder }])
    const { jobs, shell } = setup()
    expect((await jobs.open('folder')).ok).toBe(false)
    expect(shell.open).not.toHaveBeenCalled()
  })

  it('still opens and reveals a real report', async () => {
    const good = join(dir, 'kept.csv')
    await writeFile(good, 'id\r\n1\r\n')
    await writeHistory([{ id: 'good', filePath: good }])
    const { jobs, shell } = setup()
    expect(await jobs.open('good')).toEqual(ok(null))
    expect(await jobs.showInFolder('good')).toEqual(ok(null))
    expect(shell.open).toHaveBeenCalledWith(good)
    expect(shell.showInFolder).toHaveBeenCalledWith(good)
  })
})

describe('finding 7: network paths and other files are refused, all with one message', () => {
  const NETWORK = [
    '\\\\attacker.example\\share\\report.xlsx',
    '//attacker.example/share/report.xlsx',
    '\\\\?\\UNC\\attacker.example\\share\\report.csv',
    '\\\\.\\pipe\\report.csv',
  ]

  it('a drop of a network path, or of anything but .xlsx/.csv, is refused before it is read', () => {
    const { viewer, opened } = setup()
    const answers = [...NETWORK, join(dir, 'notes.txt'), join(dir, 'run.sh'), 'relative/report.xlsx'].map(
      (path) => viewer.openPath(path),
    )
    for (const answer of answers) {
      expect(answer).toMatchObject({
        ok: false,
        error: { kind: 'report-file', message: expect.stringMatching(CANNOT_OPEN) },
      })
    }
    // One message: the window cannot tell the files apart by it.
    expect(new Set(answers.map((answer) => (answer.ok ? '' : answer.error.message))).size).toBe(1)
    expect(opened).toEqual([])
  })

  it('the reader itself refuses a network path and a folder with the same message', async () => {
    const folder = join(dir, 'looks-like.xlsx')
    await import('node:fs/promises').then((fs) => fs.mkdir(folder))
    const answers = [
      await openReportFile('//attacker.example/share/report.xlsx'),
      await openReportFile(folder),
    ]
    for (const answer of answers) {
      expect(answer).toMatchObject({
        ok: false,
        error: { kind: 'report-file', message: expect.stringMatching(CANNOT_OPEN) },
      })
    }
  })
})
