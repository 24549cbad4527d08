import { join } from 'node:path'
import { createJobRegistry, type JobRegistry } from '../../src/main/jobs/job-registry'
import { createExportJobs, type ExportJobs } from '../../src/main/services/export-jobs/export-jobs'
import { createPipelineRunner } from '../../src/main/services/export-jobs/pipeline-runner'
import { createReportHistory } from '../../src/main/services/reports/report-history'
import type { SearchSources } from '../../src/main/services/sources/search-source'
import type { JobKind, JobStatus } from '../../src/shared/jobs'

/** The job's status once it has ended, from the registry's change events (no polling). */
export function settledJob<K extends JobKind>(
  registry: JobRegistry,
  jobId: string,
  kind: K,
): Promise<JobStatus<K>> {
  return new Promise((resolve, reject) => {
    const check = (status: JobStatus | undefined): boolean => {
      if (status?.jobId !== jobId || status.state === 'running') return false
      if (status.kind !== kind) reject(new Error(`job ${jobId} is a ${status.kind} job, not ${kind}`))
      else resolve(status as JobStatus<K>)
      return true
    }
    const stop = registry.onChange((status) => {
      if (check(status)) stop()
    })
    if (check(registry.get(jobId))) stop()
  })
}

/**
 * Export jobs as the app wires them (real pipeline, real report history), saving every report into
 * `dir` under the name the app suggests, over the given sources.
 */
export function exportJobsSavingInto(
  dir: string,
  sources: SearchSources,
): { jobs: ExportJobs; registry: JobRegistry } {
  const registry = createJobRegistry({ log: () => undefined })
  const jobs = createExportJobs({
    sources,
    history: createReportHistory({ directory: dir, log: () => undefined }),
    dialog: {
      chooseReportPath: async (name: string) => join(dir, name),
      confirmReplace: async () => true,
    },
    shell: { showInFolder: () => undefined, open: async () => '' },
    runExport: createPipelineRunner({ appVersion: 'test' }),
    jobs: registry,
    concurrency: async () => 2,
    log: () => undefined,
  })
  return { jobs, registry }
}
