import type { JobStatus } from '../../../shared/jobs'
import { getApi } from '../api'
import { call } from '../lib/call'
import { useCompareStore } from './compare'
import { useExportsStore } from './exports'
import { useLookupStore } from './lookup'
import { useReportStore } from './report'
import { useScrubStore } from './scrub'

/**
 * The window's one subscription to main's jobs, set up at start: every
 * `jobChanged` event goes to the store that shows its kind. Main is then asked
 * for the jobs it holds, so a reloaded window shows an export (or an open)
 * still running, with its progress and Cancel, or how one ended meanwhile.
 * Nothing is polled: main pushes each change.
 */
export function followJobs(): () => void {
  const unsubscribe = getApi().on('jobChanged', route)
  void call(() => getApi().listJobs()).then((listed) => {
    if (listed.ok) for (const status of listed.data) route(status)
  })
  return unsubscribe
}

function route(status: JobStatus): void {
  switch (status.kind) {
    case 'export':
      useExportsStore.getState().receive(status)
      return
    case 'open-report':
      useReportStore.getState().receive(status)
      return
    case 'lookup':
      useLookupStore.getState().receive(status)
      return
    case 'scrub':
      useScrubStore.getState().receive(status)
      return
    case 'compare':
      useCompareStore.getState().receive(status)
      return
  }
}
