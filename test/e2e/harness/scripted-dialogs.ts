import type { FileDialogs } from '../../../src/main/services/presets/presets-service'

/**
 * Stands in for the native save/open dialogs in browser runs: a spec says which
 * path the "user" will pick next (or null for closing the dialog).
 */
export class ScriptedDialogs implements FileDialogs {
  nextExportPath: string | null = null
  nextImportPath: string | null = null
  readonly suggestedNames: string[] = []

  async chooseExportPath(suggestedName: string): Promise<string | null> {
    this.suggestedNames.push(suggestedName)
    return this.nextExportPath
  }

  async chooseImportPath(): Promise<string | null> {
    return this.nextImportPath
  }
}
