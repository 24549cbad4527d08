import { useEffect, useState } from 'react'
import { pathOfDroppedFile } from '../api'
import { useReportStore } from '../stores/report'
import { dropForComparison } from '../components/compare/open-compare'

const hasFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false

/**
 * A report file dropped anywhere on the window opens it. Returns true while a
 * file is dragged over the window, for the drop hint. Anything dropped that is
 * not a file on disk is refused with a message rather than ignored.
 */
export function useReportDrop(): boolean {
  const openPath = useReportStore((s) => s.openPath)
  const [dragging, setDragging] = useState(false)

  useEffect(() => {
    let depth = 0
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return
      depth += 1
      setDragging(true)
    }
    const onLeave = () => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const onOver = (event: DragEvent) => {
      // Without this the browser would navigate to the file, which the app refuses anyway.
      if (hasFiles(event)) event.preventDefault()
    }
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return
      // A part of the window took the file for itself (a send list dropped on the scrub window).
      const taken = event.defaultPrevented
      event.preventDefault()
      depth = 0
      setDragging(false)
      if (taken) return
      // Two files dropped are compared; a file dropped while two reports are being chosen is one of them.
      if (dropForComparison(Array.from(event.dataTransfer?.files ?? []))) return
      const file = event.dataTransfer?.files[0]
      if (!file) return
      const path = pathOfDroppedFile(file)
      useReportStore.setState({
        error: path
          ? null
          : {
              kind: 'report-file',
              message: `"${file.name}" is not a file on this computer. Save it to a folder first, then drop it here or use "Open a report…".`,
            },
      })
      if (path) void openPath(path)
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('dragover', onOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [openPath])

  return dragging
}
