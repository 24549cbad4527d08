import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { normaliseSearchResponse } from '../src/main/services/convoso/normalise'
import { median, ms, p95 } from './stats'

/**
 * Cost of turning one 1000-record Convoso page into a `SearchPage`, with
 * JSON.parse timed apart from normalisation so each can be judged on its own.
 * Both wire shapes are measured; the `data.entries` one also carries the
 * capital-P `Purpose` and an extra `campaign_uid`, the slow path.
 */

const WARMUP = 50
const ITERATIONS = 400
// Redaction only runs on error paths, so the token's value does not change what is measured.
const TOKEN = 'bench-token-0123456789abcdef'

function pages(): Record<'records' | 'entries', string> {
  const records = generateDemoRecords(1000)
  const sdkStyle = records.map(({ purpose, ...rest }) => ({
    ...rest,
    Purpose: purpose,
    campaign_uid: `uid-${rest.id}`,
  }))
  return {
    records: JSON.stringify({ success: true, offset: '0', limit: '1000', total: '25000', records }),
    entries: JSON.stringify({
      success: true,
      data: { offset: 0, limit: 1000, total: 25000, entries: sdkStyle },
    }),
  }
}

function measure(text: string): { parse: number[]; normalise: number[] } {
  const parse: number[] = []
  const normalise: number[] = []
  for (let i = 0; i < WARMUP + ITERATIONS; i += 1) {
    const t0 = performance.now()
    const body: unknown = JSON.parse(text)
    const t1 = performance.now()
    const result = normaliseSearchResponse(body, TOKEN)
    const t2 = performance.now()
    // Checking the result keeps the work observable, so it cannot be optimised away.
    if (!result.ok || result.data.records.length !== 1000)
      throw new Error('normalisation failed in the benchmark')
    if (i >= WARMUP) {
      parse.push(t1 - t0)
      normalise.push(t2 - t1)
    }
  }
  return { parse, normalise }
}

export async function run(): Promise<Record<string, number>> {
  const results: Record<string, number> = {}
  for (const [shape, text] of Object.entries(pages())) {
    const { parse, normalise } = measure(text)
    const prefix = `normalise.${shape}1000`
    results[`${prefix}.bytes`] = Buffer.byteLength(text)
    results[`${prefix}.parseMedianMs`] = ms(median(parse))
    results[`${prefix}.parseP95Ms`] = ms(p95(parse))
    results[`${prefix}.normaliseMedianMs`] = ms(median(normalise))
    results[`${prefix}.normaliseP95Ms`] = ms(p95(normalise))
    results[`${prefix}.iterations`] = ITERATIONS
  }
  return results
}
