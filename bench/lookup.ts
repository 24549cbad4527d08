import { lookupCsv } from '../src/main/services/lookup-report/lookup-csv'
import { lookupMetadata } from '../src/main/services/lookup-report/lookup-metadata'
import { lookupWorkbook } from '../src/main/services/lookup-report/lookup-xlsx'
import { verdictRows } from '../src/main/services/lookup-report/verdict-table'
import { parsePhoneList, parsePhoneListInSteps, type PhoneEntry } from '../src/shared/lookup/phone-list'
import { countVerdicts, type LookupOutcome, type LookupVerdict } from '../src/shared/lookup/verdicts'
import { median } from './stats'

/**
 * A 10,000-number lookup on main's thread: the paste parsed in one piece (as
 * the start handler did) and in steps (as it does now), with the longest time
 * main's loop waited between two turns; and the verdict report written as XLSX
 * and CSV (built in memory, then written in one atomic write).
 */

const NUMBERS = 10_000
const RUNS = 5

function pasted(): string {
  // A realistic mess: punctuation, country codes, repeats and some text that is no number.
  return Array.from({ length: NUMBERS }, (_, index) => {
    const digits = `213${String(5_550_000 + index).padStart(7, '0')}`
    if (index % 97 === 0) return 'n/a'
    if (index % 3 === 0) return `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
    return index % 3 === 1 ? `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}` : digits
  }).join('\n')
}

function outcomeFor(text: string): LookupOutcome {
  const list = parsePhoneList(text, 'US')
  const verdicts = list.entries.map((entry, index): LookupVerdict => {
    if (entry.kind === 'invalid') return { verdict: 'invalid', entry }
    if (index % 5 !== 0) return { verdict: 'not-found', entry }
    const record = (id: number, campaign: string) => ({
      id: String(id),
      phone_code: entry.phoneCode,
      phone_number: entry.phoneNumber,
      reason: 'Customer replied STOP to a promotional text',
      purpose: 'TELEMKT',
      insert_date: '2024-04-22 17:01:31',
      campaign_id: campaign,
      campaign_name: campaign === '0' ? '' : 'Spring promo',
    })
    return {
      verdict: 'opted-out',
      entry: entry as PhoneEntry,
      records: [record(index, '0'), record(index + 1e6, '42')],
    }
  })
  return {
    verdicts,
    completion: 'complete',
    counts: countVerdicts(verdicts),
    inputCount: list.inputCount,
    duplicatesCollapsed: list.duplicatesCollapsed,
    defaultCountry: 'US',
    source: { kind: 'convoso', apiBase: 'https://api.convoso.com/v1' },
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
  }
}

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}

const round = (value: number): number => Math.round(value * 10) / 10

export async function run(): Promise<Record<string, number>> {
  const text = pasted()
  const onePiece: number[] = []
  const inSteps: number[] = []
  const longestTurn: number[] = []
  for (let index = 0; index < RUNS; index += 1) {
    onePiece.push(await timed(() => parsePhoneList(text, 'US')))
    let resumed = performance.now()
    let longest = 0
    const pause = (): Promise<void> =>
      new Promise((resolve) => {
        longest = Math.max(longest, performance.now() - resumed)
        setImmediate(() => {
          resumed = performance.now()
          resolve()
        })
      })
    inSteps.push(
      await timed(async () => {
        await parsePhoneListInSteps(text, 'US', pause)
        longest = Math.max(longest, performance.now() - resumed)
      }),
    )
    longestTurn.push(longest)
  }
  const outcome = outcomeFor(text)
  const rows = verdictRows(outcome)
  const facts = { generatedAt: new Date(), appVersion: 'bench', rows: rows.length }
  const xlsx: number[] = []
  const csv: number[] = []
  let xlsxBytes = 0
  for (let index = 0; index < RUNS; index += 1) {
    csv.push(await timed(() => lookupCsv(verdictRows(outcome), () => lookupMetadata(outcome, facts))))
  }
  for (let index = 0; index < RUNS; index += 1) {
    xlsx.push(
      await timed(async () => {
        xlsxBytes = (await lookupWorkbook(verdictRows(outcome), lookupMetadata(outcome, facts), new Date()))
          .length
      }),
    )
  }
  return {
    'lookup.numbers': NUMBERS,
    'parse.onePieceMs.median': round(median(onePiece)),
    'parse.inStepsMs.median': round(median(inSteps)),
    'parse.inSteps.longestTurnMs.max': round(Math.max(...longestTurn)),
    'report.rows': rows.length,
    'report.xlsxMs.median': round(median(xlsx)),
    'report.xlsxKB': Math.round(xlsxBytes / 1024),
    'report.csvMs.median': round(median(csv)),
  }
}
