import type { ExportFileActions } from './export-file'
import type { ImportWizardActions, ImportWizardData } from './import-wizard'
import type { ListChangesActions } from './list-changes'
import type { SearchLinkActions } from './search-link'
import type { SnapshotActions, SnapshotData } from './snapshot'
import type { NoticeActions, NoticeData } from './toasts'
import type { UndoActions, UndoData } from './undo'

/** How the presets panel is shown, apart from what is in the list. */
export interface ViewData {
  /** True while any call about presets is running. */
  busy: boolean
  /** The default preset has had its one run for this app start. */
  defaultApplied: boolean
  /** The presets section is folded away (its header stays). */
  collapsed: boolean
}

export interface ViewActions {
  setCollapsed: (collapsed: boolean) => void
}

export type PresetsData = SnapshotData & UndoData & NoticeData & ImportWizardData & ViewData

export type PresetsActions = SnapshotActions &
  ListChangesActions &
  UndoActions &
  NoticeActions &
  ImportWizardActions &
  ExportFileActions &
  SearchLinkActions &
  ViewActions

export type PresetsState = PresetsData & PresetsActions
