import { normaliseNumbers, recordKey } from '../src/main/services/send-list/normalise'
import { usWritten } from './us-numbers'

/**
 * Importing a send list: normalising 1,000,000 numbers (target: well under 20 s, so a 1M-row scrub
 * fits 30 s) in the shapes lists come in, and the record side (`recordKey`) over 1,000,000
 * Convoso records (target: well under a second). Reading the file is measured separately below.
 */

const ROWS = Number(process.env['OPT_OUT_DESK_BENCH_SEND_LIST_ROWS'] ?? 1_000_000)

function usRows(): string[][] {
  return Array.from({ length: ROWS }, (_, index) => {
    const digits = `${200 + (index % 700)}${String(2_000_000 + ((index * 7919) % 7_000_000)).padStart(7, '0')}`
    return [`Name ${index}`, usWritten(digits, index)]
  })
}

function ukRows(): string[][] {
  return Array.from({ length: ROWS }, (_, index) => {
    const national = `7${String(100_000_000 + ((index * 104_729) % 899_999_999)).padStart(9, '0')}`
    const shape = index % 3
    const cell =
      shape === 0
        ? `0${national.slice(0, 4)} ${national.slice(4)}`
        : shape === 1
          ? `+44 ${national.slice(0, 4)} ${national.slice(4)}`
          : `0044${national}`
    return [`Name ${index}`, cell]
  })
}

function time(run: () => void): number {
  const start = performance.now()
  run()
  return Math.round(performance.now() - start)
}

export async function run(): Promise<Record<string, number>> {
  const results: Record<string, number> = { rows: ROWS }
  const us = usRows()
  results['normalise US list (10 digits, (818) …, +1 …, 1-818-…), ms'] = time(() =>
    normaliseNumbers(us, { phoneColumn: 1, codeColumn: null, defaultCountry: 'US' }),
  )
  const uk = ukRows()
  results['normalise UK list (07…, +44, 0044), ms'] = time(() =>
    normaliseNumbers(uk, { phoneColumn: 1, codeColumn: null, defaultCountry: 'GB' }),
  )
  const records = us.map((_, index) => [
    '1',
    `${200 + (index % 700)}${String(2_000_000 + index).padStart(7, '0')}`,
  ])
  let sum = 0
  results['recordKey over as many Convoso records, ms'] = time(() => {
    for (const [code, number] of records) sum += recordKey(code ?? '', number ?? '')
  })
  if (Number.isNaN(sum)) results['records without a key'] = 1
  return results
}
