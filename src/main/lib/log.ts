export type Log = (message: string) => void

const TOKEN_PATTERNS: readonly RegExp[] = [/(auth_token=)[^&\s"']+/gi, /("auth_token"\s*:\s*")[^"]*/gi]

/** Last line of defence: whatever reaches the log has any auth_token value blanked. */
export function redactTokens(text: string): string {
  return TOKEN_PATTERNS.reduce((redacted, pattern) => redacted.replace(pattern, '$1[redacted]'), text)
}

export function createLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Log {
  return (message) => write(`[opt-out-desk] ${new Date().toISOString()} ${redactTokens(message)}`)
}
