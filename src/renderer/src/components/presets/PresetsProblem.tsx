import { usePresetsStore } from '../../stores/presets'
import { Alert } from '../Alert'

/** `snapshot.problem` (e.g. a damaged presets file was set aside), once, across the top of the workspace. */
export function PresetsProblem() {
  const problem = usePresetsStore((s) => s.problem)
  const dismissProblem = usePresetsStore((s) => s.dismissProblem)
  if (!problem) return null
  return (
    <div className="presets-problem">
      <Alert tone="warning" title="Your presets file had a problem" onDismiss={dismissProblem}>
        {problem}
      </Alert>
    </div>
  )
}
