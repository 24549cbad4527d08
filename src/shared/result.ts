/**
 * Errors cross the IPC bridge as values: Electron would keep only an exception's
 * message string. The renderer shows `message` and switches on `kind` for behaviour.
 * No message ever contains the API token.
 */
export type AppError =
  | { kind: 'validation'; message: string; fieldErrors: Record<string, string> }
  /** No token stored: show the connect screen. */
  | { kind: 'token-missing'; message: string }
  /** Convoso refused the token (5001, 401, 403): ask for a new one. */
  | { kind: 'token-rejected'; message: string }
  /** The OS keychain could not be reached; nothing was written anywhere else. */
  | { kind: 'keychain-unavailable'; message: string }
  /** Convoso answered `success:false` with a business error. */
  | { kind: 'convoso'; message: string; code: string; serverText: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'rate-limited'; message: string; retryAfterSeconds: number | null }
  | { kind: 'server'; message: string; status: number }
  | { kind: 'malformed-response'; message: string }
  | { kind: 'cancelled'; message: string }
  /** A report file that cannot be opened: damaged, not a report, or not readable. */
  | { kind: 'report-file'; message: string }
  /** Something of this kind is already running (an export, an import); wait or cancel it. */
  | { kind: 'busy'; message: string }
  /** What the request names does not exist (any more): a job, a report in the list, a preset, a file. */
  | { kind: 'not-found'; message: string }
  /** A file of the app's could not be written or read (disk full, no permission): free space or choose another folder. */
  | { kind: 'file-system'; message: string }
  | { kind: 'internal'; message: string }

export type AppErrorKind = AppError['kind']

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError }

export function ok<T>(data: T): Result<T> {
  return { ok: true, data }
}

export function fail<T = never>(error: AppError): Result<T> {
  return { ok: false, error }
}
