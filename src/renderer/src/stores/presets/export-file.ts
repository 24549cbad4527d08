import { getApi } from '../../api'
import { call } from '../../lib/call'
import { countOf } from '../../lib/format'
import type { PresetsKit } from './kit'

export interface ExportFileActions {
  exportAll: () => Promise<void>
}

/** Writing every preset to a file the user picks in main's save dialog. */
export function exportFileActions({ set, serial, notify }: PresetsKit): ExportFileActions {
  return {
    exportAll: () =>
      serial(async () => {
        set({ error: null, errorTitle: null })
        const result = await call(() => getApi().exportPresets())
        if (!result.ok) {
          set({ error: result.error, errorTitle: 'The presets were not exported' })
          return
        }
        if (result.data === null) return
        notify(`Exported ${countOf(result.data.count, 'preset')} to ${result.data.filePath}`)
      }),
  }
}
