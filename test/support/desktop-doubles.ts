import type { SaveDialog, ShellActions } from '../../src/main/services/export-jobs/export-jobs'
import type { ClipboardWriter } from '../../src/main/services/clipboard/clipboard-service'
import type { FileDialogs } from '../../src/main/services/presets/presets-service'
import type { OpenReportDialog } from '../../src/main/services/report-viewer/report-viewer'
import type { OpenSendListDialog } from '../../src/main/services/send-list/send-lists'

/**
 * Stands in for the native save/open dialogs outside Electron: a spec says which
 * path the "user" will pick next (null: the dialog was closed).
 */
export class ScriptedDialogs implements FileDialogs, SaveDialog, OpenReportDialog, OpenSendListDialog {
  nextExportPath: string | null = null
  nextImportPath: string | null = null
  nextReportPath: string | null = null
  /** The file "chosen" in the Open a report dialog. */
  nextReportToOpen: string | null = null
  readonly suggestedNames: string[] = []
  readonly suggestedFolders: (string | undefined)[] = []
  /** Every path a dialog answered with, so a run can check what was written there. */
  readonly chosenPaths: string[] = []

  private chose(path: string | null): string | null {
    if (path !== null) this.chosenPaths.push(path)
    return path
  }

  async chooseExportPath(suggestedName: string): Promise<string | null> {
    this.suggestedNames.push(suggestedName)
    return this.chose(this.nextExportPath)
  }

  async chooseImportPath(): Promise<string | null> {
    return this.chose(this.nextImportPath)
  }

  async chooseReportPath(suggestedFileName: string, folder: string | undefined): Promise<string | null> {
    this.suggestedNames.push(suggestedFileName)
    this.suggestedFolders.push(folder)
    return this.chose(this.nextReportPath)
  }

  /** The answer to "replace the .report.json beside the CSV?"; each question is recorded. */
  confirmReplaceAnswer = true
  readonly replaceQuestions: string[] = []

  async confirmReplace(fileName: string): Promise<boolean> {
    this.replaceQuestions.push(fileName)
    return this.confirmReplaceAnswer
  }

  async chooseReportToOpen(folder: string | undefined): Promise<string | null> {
    this.suggestedFolders.push(folder)
    return this.chose(this.nextReportToOpen)
  }

  /** The file "chosen" in the Choose a send list dialog (issue 14). */
  nextSendListToOpen: string | null = null

  async chooseSendList(folder: string | undefined): Promise<string | null> {
    this.suggestedFolders.push(folder)
    return this.chose(this.nextSendListToOpen)
  }
}

/** Records what "Show in folder" and "Open" asked the operating system to do. */
/** The system clipboard as a list of what was written, newest last. */
export class RecordingClipboard implements ClipboardWriter {
  readonly written: string[] = []

  writeText(text: string): void {
    this.written.push(text)
  }

  /** What a paste would give now ('' before anything was copied). */
  get text(): string {
    return this.written.at(-1) ?? ''
  }
}

export class RecordingShell implements ShellActions {
  readonly shown: string[] = []
  readonly opened: string[] = []

  showInFolder(path: string): void {
    this.shown.push(path)
  }

  async open(path: string): Promise<string> {
    this.opened.push(path)
    return ''
  }
}
