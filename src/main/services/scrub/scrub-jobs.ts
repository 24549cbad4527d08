import type { RequestOf, Responses } from '../../../shared/contract'
import { fail, type Result } from '../../../shared/result'

/**
 * Scrubbing a send list against an opt-out snapshot (issue 14): starts the job, answers pages of a
 * finished scrub's rows, writes its outputs and forgets it. Plain Node; core.ts wires it.
 */
export interface ScrubJobs {
  start(request: RequestOf<'startScrub'>): Promise<Result<Responses['startScrub']>>
  resultsPage(request: RequestOf<'scrubResultsPage'>): Promise<Result<Responses['scrubResultsPage']>>
  saveOutputs(request: RequestOf<'saveScrubOutputs'>): Promise<Result<Responses['saveScrubOutputs']>>
  close(request: RequestOf<'closeScrub'>): Promise<Result<Responses['closeScrub']>>
}

/** Until the engine lands: every call says so, as a value. */
export function createUnbuiltScrubJobs(): ScrubJobs {
  const notYet = async <T>(): Promise<Result<T>> =>
    fail({ kind: 'internal', message: 'Scrubbing a send list is not built yet in this version.' })
  return { start: notYet, resultsPage: notYet, saveOutputs: notYet, close: notYet }
}
