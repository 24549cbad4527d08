import { getApi } from '../../api'
import { countOf } from '../../lib/format'
import type { PresetsKit } from './kit'

export interface ExportFileActions {
  exportAll: () => Promise<void>
}

/** Writing every preset to a file the user picks in main's save dialog. */
export function exportFileActions({ serial, ask, notify }: PresetsKit): ExportFileActions {
  return {
    exportAll: () =>
      serial(async () => {
        const written = await ask('The presets were not exported', () => getApi().exportPresets())
        // null: the user closed the save dialog.
        if (!written) return
        notify(`Exported ${countOf(written.count, 'preset')} to ${written.filePath}`)
      }),
  }
}
