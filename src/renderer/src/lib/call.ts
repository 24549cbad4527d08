import type { AppError, Result } from '../../../shared/result'

/**
 * Runs one bridge call and always resolves to a `Result`. Main answers with
 * values, but a missing bridge or a crashed handler would otherwise reject and
 * leave a spinner running forever.
 */
export async function call<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    const result = await run()
    if (result && typeof result === 'object' && 'ok' in result) return result
    return {
      ok: false,
      error: internalError('Opt-Out Desk got an unexpected answer from its background process.'),
    }
  } catch (error) {
    const detail = error instanceof Error && error.message ? ` (${error.message})` : ''
    return {
      ok: false,
      error: internalError(`Opt-Out Desk could not reach its background process${detail}. Try again.`),
    }
  }
}

export function internalError(message: string): AppError {
  return { kind: 'internal', message }
}

/** A fresh id for each search, so a late answer to an older search can be recognised and dropped. */
export function newRequestId(): string {
  return globalThis.crypto.randomUUID()
}
