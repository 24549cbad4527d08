import { EVENT_CHANNELS, type EventName, type Events } from '../../shared/contract'
import type { SecretsProvider } from '../lib/redact'
import { sweepSecrets } from './secret-sweep'

/** Delivers one event to the app's window (src/main/app/window-events.ts in the app, a recorder in tests). */
export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void

/**
 * The events half's gate: every payload passes the same token sweep as the
 * answers before the sink sees it; one that cannot be checked is not sent.
 */
export function sweptEvents(
  sink: EventSink,
  secrets: SecretsProvider,
  log: (line: string) => void,
): EventSink {
  return (event, payload) => {
    const swept = sweepSecrets(payload, secrets)
    if (!swept.ok) {
      log(`The ${EVENT_CHANNELS[event]} event could not be checked for tokens and was withheld`)
      return
    }
    if (swept.places.length > 0) {
      log(`Removed a token from the ${EVENT_CHANNELS[event]} event at ${swept.places.slice(0, 5).join(', ')}`)
    }
    try {
      sink(event, swept.value as typeof payload)
    } catch (error) {
      log(
        `The ${EVENT_CHANNELS[event]} event was not delivered: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
}
