import { useEffect, useRef } from 'react'

/**
 * Places one component hands focus to in another, by name rather than by CSS
 * selector: the component that owns the element registers how to focus it
 * (through its own refs), and any other asks. Classes and markup stay free to change.
 *
 * - `exportAction`: the Export button beside the results, when it can be used.
 * - `firstFilterError`: the first filter showing an error, in the form's order.
 * - `firstFilter`: the first field of the filter form (where work starts after connecting).
 */
export type FocusTarget = 'exportAction' | 'firstFilterError' | 'firstFilter'

/** Focuses the element if it can take focus now; false when it cannot (or is not on screen). */
type Focuser = () => boolean

const targets = new Map<FocusTarget, Focuser>()
/** Asked for before the component that owns it was on screen (e.g. the main screen replacing the connect screen). */
let pending: FocusTarget | null = null

/** Moves focus to the target; false when nothing on screen took it. */
export function focusTarget(target: FocusTarget): boolean {
  return targets.get(target)?.() ?? false
}

/**
 * Moves focus to the target now, or as soon as the component that owns it is shown (a later
 * request replaces an earlier one that has not happened yet).
 */
export function focusTargetWhenShown(target: FocusTarget): void {
  pending = focusTarget(target) ? null : target
}

/** Registers, while the calling component is mounted, how to focus `target`. */
export function useFocusTarget(target: FocusTarget, focus: Focuser): void {
  const latest = useRef(focus)
  useEffect(() => {
    latest.current = focus
  })
  useEffect(() => {
    const focuser: Focuser = () => latest.current()
    targets.set(target, focuser)
    if (pending === target && focuser()) pending = null
    return () => {
      if (targets.get(target) === focuser) targets.delete(target)
    }
  }, [target])
}
