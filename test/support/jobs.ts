import type { JobRegistry } from '../../src/main/jobs/job-registry'
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
