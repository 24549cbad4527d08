import { redactText, type SecretsProvider } from './redact'

export type Log = (message: string) => void

export interface LogOptions {
  /**
   * The tokens main holds right now, so a line that echoes one in any encoding
   * is blanked even where no `auth_token=` names it. Read on every line.
   */
  secrets?: SecretsProvider
}

/** Last line of defence: whatever reaches the log has every known token and any auth_token value blanked. */
export function redactTokens(text: string, secrets: readonly string[] = []): string {
  return redactText(text, secrets)
}

export function createLog(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  { secrets = () => [] }: LogOptions = {},
): Log {
  return (message) => {
    let known: readonly string[] = []
    try {
      known = secrets()
    } catch {
      // A provider that fails must not stop the line; the patterns still run.
    }
    write(`[opt-out-desk] ${new Date().toISOString()} ${redactTokens(message, known)}`)
  }
}
