import { useState, type DragEvent } from 'react'
import type { Preset } from '../../../../shared/presets'
import { usePresetsStore } from '../../stores/presets'

export interface PresetDrag {
  /** A preset is being dragged. */
  active: boolean
  isDragged: (id: string) => boolean
  /** The insertion line shows above the row at `index`. */
  dropBefore: (index: number) => boolean
  /** The insertion line shows below the last row. */
  dropAfter: (index: number) => boolean
  rowHandlers: (
    preset: Preset,
    index: number,
  ) => {
    onDragStart: (event: DragEvent<HTMLLIElement>) => void
    onDragOver: (event: DragEvent<HTMLLIElement>) => void
    onDragEnd: () => void
  }
  listHandlers: {
    onDragOver: (event: DragEvent<HTMLElement>) => void
    onDrop: (event: DragEvent<HTMLElement>) => void
  }
}

/**
 * Reordering presets by dragging (HTML5 drag and drop): a line shows where the
 * dragged preset will land, and dropping it there moves it in main's list.
 * `onStart` runs as a drag begins (e.g. to close an open menu).
 */
export function usePresetDrag(presets: readonly Preset[], onStart: () => void): PresetDrag {
  const [dragId, setDragId] = useState<string | null>(null)
  // An insertion slot, 0 (before the first) to n (after the last).
  const [dropSlot, setDropSlot] = useState<number | null>(null)

  function clear() {
    setDragId(null)
    setDropSlot(null)
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault()
    const id = dragId
    const slot = dropSlot
    clear()
    if (id === null || slot === null) return
    const from = presets.findIndex((p) => p.id === id)
    if (from < 0) return
    const toIndex = slot > from ? slot - 1 : slot
    if (toIndex !== from) void usePresetsStore.getState().move(id, toIndex)
  }

  const dragFrom = dragId === null ? -1 : presets.findIndex((p) => p.id === dragId)
  // A line right above or below the dragged preset would not move it: no line there.
  const visibleSlot =
    dropSlot !== null && dropSlot !== dragFrom && dropSlot !== dragFrom + 1 ? dropSlot : null

  return {
    active: dragId !== null,
    isDragged: (id) => id === dragId,
    dropBefore: (index) => visibleSlot === index,
    dropAfter: (index) => visibleSlot === index + 1 && index === presets.length - 1,
    rowHandlers: (preset, index) => ({
      onDragStart: (event) => {
        onStart()
        setDragId(preset.id)
        event.dataTransfer?.setData('text/plain', preset.name)
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move'
      },
      onDragOver: (event) => {
        if (dragId === null) return
        event.preventDefault()
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'move'
        const rect = event.currentTarget.getBoundingClientRect()
        const slot = event.clientY < rect.top + rect.height / 2 ? index : index + 1
        if (slot !== dropSlot) setDropSlot(slot)
      },
      onDragEnd: clear,
    }),
    listHandlers: {
      onDragOver: (event) => {
        if (dragId !== null) event.preventDefault()
      },
      onDrop,
    },
  }
}
