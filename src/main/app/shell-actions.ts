import { shell } from 'electron'
import type { ShellActions } from '../services/export-jobs/export-jobs'

/** Only ever called with paths from the report history, never a path the renderer sent. */
export const electronShellActions: ShellActions = {
  showInFolder: (path) => shell.showItemInFolder(path),
  open: (path) => shell.openPath(path),
}
