import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { Preset } from '../../../../shared/presets'
import type { PresetCommands } from './presetCommands'

export interface PresetListNavigation {
  /** The one preset in the Tab order (roving focus); arrow keys move between them. */
  tabStop: string | null
  /** Callback ref for a preset's apply button. */
  applyRef: (id: string) => (element: HTMLButtonElement | null) => void
  /** Focus arrived in the preset's row (by click, Tab or arrow). */
  onFocus: (id: string) => void
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>, preset: Preset, index: number) => void
  /** Focuses the preset once React has put its row where the new order wants it. */
  focusPreset: (id: string | undefined) => void
  /** Scrolls the list so that preset shows (e.g. one just saved at the end of a long list). */
  reveal: (id: string | null | undefined) => void
}

/**
 * Keyboard navigation in the presets list: ↑/↓/Home/End move between presets,
 * Alt+↑/↓ reorder, F2 renames, Delete deletes, Shift+F10 or the context-menu key
 * opens the actions menu. The active preset is scrolled into view when it changes.
 */
export function usePresetListNavigation(
  presets: readonly Preset[],
  activeId: string | null,
  commands: PresetCommands,
): PresetListNavigation {
  const [focusId, setFocusId] = useState<string | null>(null)
  const applyRefs = useRef(new Map<string, HTMLButtonElement>())
  const tabStop = presets.some((p) => p.id === focusId)
    ? focusId
    : (presets.find((p) => p.id === activeId)?.id ?? presets[0]?.id ?? null)

  function reveal(id: string | null | undefined) {
    if (!id) return
    requestAnimationFrame(() => applyRefs.current.get(id)?.scrollIntoView?.({ block: 'nearest' }))
  }

  useEffect(() => {
    reveal(activeId)
  }, [activeId])

  function focusPreset(id: string | undefined) {
    if (!id) return
    setFocusId(id)
    requestAnimationFrame(() => applyRefs.current.get(id)?.focus())
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, preset: Preset, index: number) {
    const { key, altKey, shiftKey, ctrlKey, metaKey } = event
    if (ctrlKey || metaKey) return
    if (altKey && (key === 'ArrowUp' || key === 'ArrowDown')) {
      event.preventDefault()
      commands.moveBy(preset, key === 'ArrowUp' ? -1 : 1)
      return
    }
    if (altKey) return
    let target: Preset | undefined
    switch (key) {
      case 'ArrowUp':
        target = presets[index - 1]
        break
      case 'ArrowDown':
        target = presets[index + 1]
        break
      case 'Home':
        target = presets[0]
        break
      case 'End':
        target = presets[presets.length - 1]
        break
      case 'F2':
        event.preventDefault()
        commands.rename(preset)
        return
      case 'Delete':
        event.preventDefault()
        commands.remove(preset)
        return
      case 'F10':
        if (!shiftKey) return
        event.preventDefault()
        commands.openMenu(preset)
        return
      case 'ContextMenu':
        event.preventDefault()
        commands.openMenu(preset)
        return
      default:
        return
    }
    event.preventDefault()
    if (target) focusPreset(target.id)
  }

  return {
    tabStop,
    applyRef: (id) => (element) => {
      if (element) applyRefs.current.set(id, element)
      else applyRefs.current.delete(id)
    },
    onFocus: setFocusId,
    onKeyDown,
    focusPreset,
    reveal,
  }
}
