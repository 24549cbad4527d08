/** A short confirmation shown as a toast; `id` changes with every message so the toast restarts its timer. */
export interface PresetsNotice {
  id: number
  message: string
}

export interface NoticeData {
  notice: PresetsNotice | null
}

export interface NoticeActions {
  dismissNotice: () => void
}

/** Numbers each confirmation so that a repeat of the same text still restarts its toast. */
export function createNotifier(show: (notice: PresetsNotice) => void): (message: string) => void {
  let lastId = 0
  return (message) => {
    lastId += 1
    show({ id: lastId, message })
  }
}
