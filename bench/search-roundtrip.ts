import { generateDemoRecords } from '../src/main/fake-convoso/dataset'
import { startFakeConvoso } from '../src/main/fake-convoso/server'
import { createConvosoClient } from '../src/main/services/convoso/client'
import { median, ms, p95 } from './stats'

/**
 * What the Convoso client adds to a search, against the fake Convoso with 25k
 * records: the same requests are sent through `createConvosoClient().search`
 * and as a bare `fetch` + `text()`, interleaved (alternating which goes first)
 * so drift in the machine hits both equally. `bareParse` adds JSON.parse to the
 * bare fetch, which separates parsing from the client's own overhead.
 */

const TOKEN = 'bench-token-0000000000000000'
const RECORDS = 25_000
const WARMUP = 20
const ITERATIONS = 200
const PAGE_SIZES = [100, 1000] as const

export async function run(): Promise<Record<string, number>> {
  const server = await startFakeConvoso({ records: generateDemoRecords(RECORDS), tokens: [TOKEN] })
  const results: Record<string, number> = { 'roundtrip.records': RECORDS, 'roundtrip.iterations': ITERATIONS }
  try {
    const client = createConvosoClient()
    const url = `${server.apiBase}/sms-opt-out/search`

    for (const limit of PAGE_SIZES) {
      const pageCount = Math.floor(RECORDS / limit)
      // A fixed stride walks the pages in a scattered but repeatable order.
      const offsetAt = (i: number): number => ((i * 7) % pageCount) * limit

      const bare = async (offset: number, parse: boolean): Promise<number> => {
        const started = performance.now()
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            auth_token: TOKEN,
            offset: String(offset),
            limit: String(limit),
          }).toString(),
        })
        const text = await response.text()
        if (parse && (JSON.parse(text) as { success?: unknown }).success !== true)
          throw new Error('bare search failed')
        return performance.now() - started
      }
      const viaClient = async (offset: number): Promise<number> => {
        const started = performance.now()
        const result = await client.search({
          apiBase: server.apiBase,
          token: TOKEN,
          params: {},
          offset,
          limit,
        })
        const elapsed = performance.now() - started
        if (!result.ok) throw new Error(`client search failed: ${result.error.message}`)
        return elapsed
      }

      const samples = { bare: [] as number[], bareParse: [] as number[], client: [] as number[] }
      for (let i = 0; i < WARMUP + ITERATIONS; i += 1) {
        const offset = offsetAt(i)
        let bareTime: number
        let bareParseTime: number
        let clientTime: number
        if (i % 2 === 0) {
          bareTime = await bare(offset, false)
          bareParseTime = await bare(offset, true)
          clientTime = await viaClient(offset)
        } else {
          clientTime = await viaClient(offset)
          bareParseTime = await bare(offset, true)
          bareTime = await bare(offset, false)
        }
        if (i >= WARMUP) {
          samples.bare.push(bareTime)
          samples.bareParse.push(bareParseTime)
          samples.client.push(clientTime)
        }
      }

      const prefix = `roundtrip.limit${limit}`
      results[`${prefix}.bareMedianMs`] = ms(median(samples.bare))
      results[`${prefix}.bareP95Ms`] = ms(p95(samples.bare))
      results[`${prefix}.bareParseMedianMs`] = ms(median(samples.bareParse))
      results[`${prefix}.clientMedianMs`] = ms(median(samples.client))
      results[`${prefix}.clientP95Ms`] = ms(p95(samples.client))
      results[`${prefix}.addedMedianMs`] = ms(median(samples.client) - median(samples.bare))
      results[`${prefix}.addedP95Ms`] = ms(p95(samples.client) - p95(samples.bare))
    }
  } finally {
    await server.close()
  }
  return results
}
