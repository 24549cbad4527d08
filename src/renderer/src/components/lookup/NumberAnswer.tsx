import { describeSearchAnswer } from '../../../../shared/lookup/search-answer'
import { useReportStore } from '../../stores/report'
import type { ResultsPage } from '../../stores/search'
import { AlertIcon, CheckIcon, InfoIcon } from '../Icons'

/**
 * The plain answer above the grid when the search was for one phone number:
 * "(818) 123-3567 is opted out: global, since …" or "… is not on the opt-out
 * list". Built from what the search sent and found (see search-answer.ts).
 */
export function NumberAnswer({ results }: { results: ResultsPage }) {
  const reportOpen = useReportStore((s) => s.opened !== null)
  const answer = describeSearchAnswer({
    params: results.params,
    records: results.records,
    total: results.total,
    offset: results.offset,
    source: reportOpen ? 'report' : 'convoso',
  })
  if (!answer) return null
  const tone = answer.kind === 'narrowed' ? 'narrowed' : answer.verdict
  return (
    <p className={`number-answer is-${tone}`} role="status">
      {tone === 'opted-out' ? <AlertIcon /> : tone === 'not-found' ? <CheckIcon /> : <InfoIcon />}
      <span>{answer.text}</span>
    </p>
  )
}
