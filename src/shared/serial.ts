/**
 * A queue that runs each piece of work after the previous one has settled,
 * whether it succeeded or failed; a failure reaches only its own caller.
 */
export function createSerialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work)
    queue = next.catch(() => undefined)
    return next
  }
}
