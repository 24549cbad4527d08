import { useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Preset } from '../../../../shared/presets'

export interface OpenPresetMenu {
  id: string
  anchor: HTMLElement
  initialFocus: 'first' | 'last'
}

export interface PresetMenu {
  /** The menu element's id, for the actions button's aria-controls. */
  menuId: string
  open: OpenPresetMenu | null
  isOpenFor: (id: string) => boolean
  /** Callback ref for a preset's actions button, which the menu opens beside. */
  actionsRef: (id: string) => (element: HTMLButtonElement | null) => void
  openFor: (preset: Preset, initialFocus?: 'first' | 'last') => void
  toggle: (preset: Preset) => void
  close: () => void
  /** ↓ or ↑ on the actions button opens the menu on its first or last item. */
  onActionsKeyDown: (event: KeyboardEvent<HTMLButtonElement>, preset: Preset) => void
}

/** Which preset's actions menu is open, and where it is anchored. */
export function usePresetMenu(): PresetMenu {
  const [open, setOpen] = useState<OpenPresetMenu | null>(null)
  const actionRefs = useRef(new Map<string, HTMLButtonElement>())
  const menuId = useId()

  function openFor(preset: Preset, initialFocus: 'first' | 'last' = 'first') {
    const anchor = actionRefs.current.get(preset.id)
    if (anchor) setOpen({ id: preset.id, anchor, initialFocus })
  }

  return {
    menuId,
    open,
    isOpenFor: (id) => open?.id === id,
    actionsRef: (id) => (element) => {
      if (element) actionRefs.current.set(id, element)
      else actionRefs.current.delete(id)
    },
    openFor,
    toggle: (preset) => (open?.id === preset.id ? setOpen(null) : openFor(preset)),
    close: () => setOpen(null),
    onActionsKeyDown: (event, preset) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        openFor(preset, event.key === 'ArrowUp' ? 'last' : 'first')
      }
    },
  }
}
