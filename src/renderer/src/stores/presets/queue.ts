import { createSerialQueue } from '../../../../shared/serial'

export interface BusyQueue {
  run: <T>(work: () => Promise<T>) => Promise<T>
  /** Forgets queued work and the count (tests, and nothing else). */
  reset: () => void
}

/**
 * Calls about presets run one at a time, in the order the user asked for them,
 * so each answer is newer than the last one and "move down" twice moves twice.
 * `onBusy` hears true when the first call starts and false when the last ends.
 */
export function createBusyQueue(onBusy: (busy: boolean) => void): BusyQueue {
  let enqueue = createSerialQueue()
  let running = 0
  return {
    run: (work) =>
      enqueue(async () => {
        running += 1
        onBusy(true)
        try {
          return await work()
        } finally {
          running -= 1
          if (running === 0) onBusy(false)
        }
      }),
    reset: () => {
      enqueue = createSerialQueue()
      running = 0
    },
  }
}
