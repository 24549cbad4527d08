import type { ImportPreview } from '../../../../shared/presets'
import type { AppError } from '../../../../shared/result'
import { getApi } from '../../api'
import { call } from '../../lib/call'
import { countOf } from '../../lib/format'
import type { PresetsKit } from './kit'

export interface ImportWizardData {
  /** What an import would do, waiting for "Import N presets" or Cancel. */
  importPreview: ImportPreview | null
  importing: boolean
  /** Why confirming the import failed (shown in the import dialog). */
  importError: AppError | null
}

export interface ImportWizardActions {
  /** Main asks for a file and answers with what would be imported; the dialog shows it. */
  startImport: () => Promise<void>
  confirmImport: () => Promise<boolean>
  cancelImport: () => void
}

export function initialImportWizardData(): ImportWizardData {
  return { importPreview: null, importing: false, importError: null }
}

/** Importing a presets file: preview first, then confirm or cancel. */
export function importWizardActions({
  set,
  get,
  serial,
  ask,
  adopt,
  notify,
}: PresetsKit): ImportWizardActions {
  return {
    startImport: () =>
      serial(async () => {
        const preview = await ask('Nothing was imported', () => getApi().previewPresetImport())
        // null: the user closed the file dialog.
        if (!preview) return
        set({ importPreview: preview, importError: null, importing: false })
      }),

    confirmImport: () =>
      serial(async () => {
        const preview = get().importPreview
        if (!preview) return false
        set({ importing: true, importError: null })
        const result = await call(() => getApi().confirmPresetImport({ previewId: preview.previewId }))
        if (!result.ok) {
          set({ importing: false, importError: result.error })
          return false
        }
        adopt(result.data.snapshot)
        set({ importing: false, importPreview: null })
        const { added, skipped } = result.data
        notify(
          `Imported ${countOf(added, 'preset')} from ${preview.fileName}${skipped > 0 ? `; ${skipped} skipped` : ''}.`,
        )
        return true
      }),

    cancelImport: () => set(initialImportWizardData()),
  }
}
