import {
  Fragment,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  type KeyboardEvent,
  type ReactNode,
} from 'react'
import { createPortal } from 'react-dom'

export interface MenuItem {
  label: string
  onSelect: () => void
  icon?: ReactNode
  /** Shown, focusable, but does nothing (e.g. "Move up" on the first preset). */
  disabled?: boolean
  /** A key that does the same from the list, shown on the right. */
  shortcut?: string
  danger?: boolean
  /** Draws a line above this item. */
  separated?: boolean
  /** A few words on the right (e.g. "12,345 rows"), read as the item's description. */
  hint?: string
}

interface MenuProps {
  /** The button that opened the menu: the menu sits under it and focus goes back to it. */
  anchor: HTMLElement
  label: string
  items: MenuItem[]
  /** Which item takes focus first (ArrowUp on the button opens on the last). */
  initialFocus?: 'first' | 'last'
  onClose: () => void
  id?: string
  /** Extra class on the menu, e.g. to colour its icons. */
  className?: string
  /** Which edge of the button the menu lines up with. */
  align?: 'start' | 'end'
}

const GAP = 4
const MARGIN = 8

/**
 * A menu of actions (WAI-ARIA menu button pattern): arrow keys, Home/End and
 * first letters move between items, Enter or Space runs one, Escape or Tab
 * closes and puts focus back on the button. It renders into `body` so a
 * scrolling list cannot clip it.
 */
export function Menu({
  anchor,
  label,
  items,
  initialFocus = 'first',
  onClose,
  id,
  className,
  align = 'start',
}: MenuProps) {
  const menuRef = useRef<HTMLDivElement>(null)
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([])
  const fallbackId = useId()
  const onCloseRef = useRef(onClose)

  useEffect(() => {
    onCloseRef.current = onClose
  }, [onClose])

  // Placed (and focused) before the first paint, so it never flashes in the wrong place.
  useLayoutEffect(() => {
    const menu = menuRef.current
    if (!menu) return
    const rect = anchor.getBoundingClientRect()
    const width = menu.offsetWidth
    const height = menu.offsetHeight
    let top = rect.bottom + GAP
    if (top + height > window.innerHeight - MARGIN && rect.top - GAP - height >= MARGIN) {
      top = rect.top - GAP - height
    }
    const preferred = align === 'end' ? rect.right - width : rect.left
    const left = Math.max(MARGIN, Math.min(preferred, window.innerWidth - width - MARGIN))
    // Set through the CSSOM (allowed by the CSP, unlike style attributes in markup).
    menu.style.top = `${Math.max(MARGIN, top)}px`
    menu.style.left = `${left}px`
    const index = initialFocus === 'last' ? items.length - 1 : 0
    itemRefs.current[index]?.focus()
    // Only when the menu opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    function onPointerDown(event: PointerEvent) {
      const target = event.target as Node | null
      if (target && (menuRef.current?.contains(target) || anchor.contains(target))) return
      onCloseRef.current()
    }
    function onViewportChange() {
      onCloseRef.current()
    }
    document.addEventListener('pointerdown', onPointerDown, true)
    window.addEventListener('resize', onViewportChange)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true)
      window.removeEventListener('resize', onViewportChange)
    }
  }, [anchor])

  function close() {
    anchor.focus()
    onCloseRef.current()
  }

  function focusAt(index: number) {
    const count = items.length
    itemRefs.current[((index % count) + count) % count]?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const current = itemRefs.current.findIndex((item) => item === document.activeElement)
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        focusAt(current + 1)
        return
      case 'ArrowUp':
        event.preventDefault()
        focusAt(current - 1)
        return
      case 'Home':
        event.preventDefault()
        focusAt(0)
        return
      case 'End':
        event.preventDefault()
        focusAt(items.length - 1)
        return
      case 'Escape':
      case 'Tab':
        event.preventDefault()
        event.stopPropagation()
        close()
        return
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const letter = event.key.toLocaleLowerCase()
          for (let step = 1; step <= items.length; step += 1) {
            const index = (current + step) % items.length
            if (items[index]?.label.toLocaleLowerCase().startsWith(letter)) {
              focusAt(index)
              break
            }
          }
        }
    }
  }

  function select(item: MenuItem) {
    if (item.disabled) return
    close()
    item.onSelect()
  }

  return createPortal(
    <div
      ref={menuRef}
      id={id ?? fallbackId}
      className={`menu${className ? ` ${className}` : ''}`}
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
    >
      {items.map((item, index) => (
        <Fragment key={item.label}>
          {item.separated ? <div role="separator" className="menu-separator" /> : null}
          <button
            ref={(element) => {
              itemRefs.current[index] = element
            }}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={`menu-item${item.danger ? ' is-danger' : ''}`}
            aria-disabled={item.disabled ? true : undefined}
            aria-keyshortcuts={item.shortcut}
            aria-describedby={item.hint ? `${id ?? fallbackId}-hint-${index}` : undefined}
            onClick={() => select(item)}
          >
            <span className="menu-item-icon" aria-hidden="true">
              {item.icon}
            </span>
            <span className="menu-item-label">{item.label}</span>
            {/* Hidden from the name (which stays the label) but read as the description. */}
            {item.hint ? (
              <span id={`${id ?? fallbackId}-hint-${index}`} className="menu-item-hint" aria-hidden="true">
                {item.hint}
              </span>
            ) : null}
            {item.shortcut ? (
              <kbd className="menu-item-shortcut" aria-hidden="true">
                {shortcutText(item.shortcut)}
              </kbd>
            ) : null}
          </button>
        </Fragment>
      ))}
    </div>,
    landmarkOf(anchor),
  )
}

/** `Alt+ArrowUp` → `Alt+↑`, for the hint beside an item. */
function shortcutText(shortcut: string): string {
  return shortcut.replace('ArrowUp', '↑').replace('ArrowDown', '↓').replace('Delete', 'Del')
}

/** The elements a screen reader lists as landmarks (a section counts once it is named). */
const LANDMARKS =
  'main, nav, aside, header, footer, [role="region"], section[aria-label], section[aria-labelledby], [role="dialog"], [role="alertdialog"]'

/**
 * Where a menu is rendered: in the landmark (or dialog) its button sits in, so it is part of that
 * region for assistive technology (axe's "region" rule); it is fixed-positioned, so it still floats
 * over the page. A button outside any landmark keeps it in the body.
 */
function landmarkOf(anchor: HTMLElement): HTMLElement {
  return anchor.closest<HTMLElement>(LANDMARKS) ?? document.body
}
