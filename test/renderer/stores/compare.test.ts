import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  chosenFromPath,
  filterComparison,
  sameReport,
  useCompareStore,
} from '../../../src/renderer/src/stores/compare'
import { followJobs } from '../../../src/renderer/src/stores/jobs'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import { expectOk, installRealApi, type RendererApp } from '../../support/renderer/api'
import { jobEnd, writeReport } from '../../support/renderer/reports'
import { required } from '../../support/renderer/values'

/** A user waits for a comparison; a loaded machine is slow. */
const JOB_WAIT = { timeout: 60_000, interval: 50 }

let unfollow: (() => void) | undefined
afterEach(() => {
  unfollow?.()
  unfollow = undefined
})

/** Two reports of the server's records, the newer without its first record. */
async function twoPaths(app: RendererApp): Promise<[string, string]> {
  const older = await writeReport(app, 'older.xlsx', app.records)
  await new Promise((resolve) => setTimeout(resolve, 20))
  const newer = await writeReport(app, 'newer.xlsx', app.records.slice(1))
  return [older, newer]
}

const view = () => required(useCompareStore.getState().view, 'the comparison panel')

describe('the compare store', () => {
  it('adopts a comparison that finished while the window was away, and shows its first list', async () => {
    const app = await installRealApi()
    const [older, newer] = await twoPaths(app)
    const { jobId } = expectOk(
      await app.call('startCompare', { a: { kind: 'path', path: older }, b: { kind: 'path', path: newer } }),
      'startCompare',
    )
    expect((await jobEnd(app, jobId, 'compare')).state).toBe('done')

    // A reloaded window asks main for its jobs.
    unfollow = followJobs()
    await vi.waitFor(() => expect(useCompareStore.getState().view?.page?.rows).toHaveLength(1), JOB_WAIT)
    expect(view().phase).toBe('done')
    expect(view().outcome?.counts.removed).toBe(1)
    expect(view().page?.rows[0]?.record.id).toBe(app.records[0]?.id)
    expect(app.api.searchComparison).toHaveBeenCalledWith({
      compareId: jobId,
      list: 'removed',
      filters: EMPTY_FILTERS,
      offset: 0,
      limit: view().pageSize,
    })
  })

  it('keeps the job’s end when main announces it before startCompare answers', async () => {
    const app = await installRealApi()
    const [older, newer] = await twoPaths(app)
    unfollow = followJobs()
    app.api.startCompare.mockImplementationOnce(async (request) => {
      const answer = await app.call('startCompare', request)
      await jobEnd(app, expectOk(answer, 'startCompare').jobId, 'compare')
      await app.eventsDelivered()
      return answer
    })
    useCompareStore.getState().open({ a: chosenFromPath(older), b: chosenFromPath(newer) })
    await useCompareStore.getState().compare()
    await vi.waitFor(() => expect(view().phase).toBe('done'), JOB_WAIT)
    expect(view().outcome?.summary).toMatch(/1 removed/)
  })

  it('lets main forget a comparison once it is closed or replaced; Search filters only a finished one', async () => {
    const app = await installRealApi()
    const [older, newer] = await twoPaths(app)
    unfollow = followJobs()
    expect(filterComparison(EMPTY_FILTERS), 'no comparison on screen').toBe(false)
    useCompareStore.getState().open({ a: chosenFromPath(older), b: chosenFromPath(newer) })
    expect(filterComparison(EMPTY_FILTERS), 'still choosing').toBe(false)
    await useCompareStore.getState().compare()
    await vi.waitFor(() => expect(view().phase).toBe('done'), JOB_WAIT)
    const compareId = required(view().outcome?.compareId, 'the comparison')
    expect(filterComparison(EMPTY_FILTERS)).toBe(true)

    useCompareStore.getState().startOver()
    expect(view().phase).toBe('choosing')
    expect(view().a?.fileName).toBe('older.xlsx')
    await vi.waitFor(() => expect(app.api.closeComparison).toHaveBeenCalledWith({ compareId }), JOB_WAIT)
    expect(app.api.acknowledgeJob).toHaveBeenCalledWith({ jobId: compareId })
    // Main has let it go: its lists are no longer there to search.
    const gone = await app.call('searchComparison', {
      compareId,
      list: 'removed',
      filters: EMPTY_FILTERS,
      offset: 0,
      limit: 25,
    })
    expect(gone.ok).toBe(false)
  })

  it('says why a dropped item cannot be chosen, and tells the same file chosen twice', async () => {
    await installRealApi()
    useCompareStore.getState().open()
    useCompareStore.getState().chooseDropped('', 'attachment.xlsx')
    expect(view().chooseError?.message).toContain('"attachment.xlsx" is not a file on this computer')
    expect(view().a).toBeNull()
    const one = chosenFromPath('/reports/march.xlsx')
    expect(sameReport(one, chosenFromPath('/reports/march.xlsx'))).toBe(true)
    expect(sameReport(one, chosenFromPath('/reports/june.xlsx'))).toBe(false)
  })
})
