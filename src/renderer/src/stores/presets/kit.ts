import type { Preset, PresetsSnapshot } from '../../../../shared/presets'
import type { AppError, Result } from '../../../../shared/result'
import type { PresetsData, PresetsState } from './state'

/**
 * What every part of the presets store shares: the store itself, the queue the
 * calls run in, and the ways of taking main's answers.
 */
export interface PresetsKit {
  set: (patch: Partial<PresetsData>) => void
  get: () => PresetsState
  /** Runs calls about presets one at a time, in order, with `busy` true while any runs. */
  serial: <T>(work: () => Promise<T>) => Promise<T>
  /** Takes main's snapshot as the new truth. */
  adopt: (snapshot: PresetsSnapshot) => void
  /** Runs one call: clears the last failure; on failure shows it under `title` and resolves undefined. */
  ask: <T>(title: string, request: () => Promise<Result<T>>) => Promise<T | undefined>
  /** Runs one change: on success the snapshot is replaced; on failure the list stays and the error shows under `title`. */
  mutate: (title: string, request: () => Promise<Result<PresetsSnapshot>>) => Promise<PresetsSnapshot | null>
  find: (id: string) => { preset: Preset; index: number } | null
  /** `“Weekly”`, for messages about a preset. */
  quoted: (id: string) => string
  /** Shows a short confirmation toast. */
  notify: (message: string) => void
  /** Fails an action that needs a preset no longer in the list. */
  notFound: () => AppError
}
