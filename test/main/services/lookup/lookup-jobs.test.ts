import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakeConvoso, type FakeConvosoServer } from '../../../support/convoso-server/fake-convoso'
import { createJobRegistry, type JobRegistry } from '../../../../src/main/jobs/job-registry'
import { createConvosoClient } from '../../../../src/main/services/convoso/client'
import { createLookupJobs, type LookupJobsDeps } from '../../../../src/main/services/lookup/lookup-jobs'
import type { Session } from '../../../../src/main/services/session/session'
import { createSearchSources } from '../../../../src/main/services/sources/search-source'
import type { JobStatus } from '../../../../src/shared/jobs'
import {
  describeCompletion,
  describeVerdict,
  type LookupOutcome,
} from '../../../../src/shared/lookup/verdicts'
import type { OptOutRecord } from '../../../../src/shared/records'
import { fail, ok, type Result } from '../../../../src/shared/result'
import { settledJob } from '../../../support/jobs'
import { FakeConvoso } from '../../fakes'

const TOKEN = 'd2e482d21311c72-08434465f22526c3a758661'

function record(overrides: Partial<OptOutRecord> & Pick<OptOutRecord, 'id' | 'phone_number'>): OptOutRecord {
  return {
    phone_code: '1',
    reason: '',
    purpose: '',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: '0',
    campaign_name: '',
    ...overrides,
  }
}

/** Two opted-out US numbers (one of them in two places), and noise around them; 3105550199 is on no list. */
const RECORDS: OptOutRecord[] = [
  record({
    id: '2778557',
    phone_number: '8181233567',
    reason: 'Customer asked by phone',
    purpose: 'TELEMKT',
  }),
  record({
    id: '3001',
    phone_number: '2135550100',
    campaign_id: '42',
    campaign_name: 'Spring promo',
    insert_date: '2025-01-05 09:30:00',
    reason: 'STOP reply',
  }),
  record({ id: '3002', phone_number: '2135550100', phone_code: '', insert_date: '2025-02-01 10:00:00' }),
  // The same digits under another country code are another number.
  record({ id: '3003', phone_number: '3105550199', phone_code: '44' }),
  // A UK number stored with its trunk 0, as some accounts keep them.
  record({ id: '4001', phone_number: '07700900123', phone_code: '44', insert_date: '2023-07-01' }),
  record({ id: '5001', phone_number: '9495550123' }),
]

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value')
  return value
}

const THREE_NUMBERS = '(818) 123-3567\n213-555-0100\n310.555.0199\n'

const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000 }

describe('lookup jobs against the local Convoso server', () => {
  let fake: FakeConvosoServer
  let registry: JobRegistry

  const session = (apiBase: string) =>
    ({
      credentials: async () => ok({ apiBase, token: TOKEN, tokenOrigin: new URL(apiBase).origin }),
    }) as unknown as Session

  function lookupJobs(overrides: Partial<LookupJobsDeps> = {}) {
    registry = createJobRegistry({ log: () => undefined })
    return createLookupJobs({
      sources: createSearchSources({
        session: session(fake.apiBase),
        convoso: createConvosoClient(),
        openedReport: () => undefined,
      }),
      jobs: registry,
      concurrency: async () => 2,
      log: () => undefined,
      retryPolicy: FAST_RETRY,
      ...overrides,
    })
  }

  async function lookUp(text: string, overrides: Partial<LookupJobsDeps> = {}, defaultCountry?: string) {
    const jobs = lookupJobs(overrides)
    const started = await jobs.start({ text, ...(defaultCountry ? { defaultCountry } : {}) })
    if (!started.ok) throw new Error(`lookup refused: ${started.error.message}`)
    return { started: started.data, status: await settledJob(registry, started.data.jobId, 'lookup') }
  }

  function outcomeOf(status: JobStatus<'lookup'>): LookupOutcome {
    if (status.state !== 'done') throw new Error(`lookup ended ${status.state}: ${JSON.stringify(status)}`)
    return status.outcome
  }

  beforeAll(async () => {
    fake = await startFakeConvoso({ records: RECORDS, tokens: [TOKEN] })
  })
  afterEach(() => fake.clearFaults())
  afterAll(() => fake.close())

  it('gives three pasted numbers three verdicts: two opted out with where, since when and why, one not found', async () => {
    const before = fake.requests.length
    const { started, status } = await lookUp(THREE_NUMBERS)
    expect(started).toMatchObject({ numbers: 3, invalid: 0, duplicatesCollapsed: 0 })
    const outcome = outcomeOf(status)
    expect(outcome.verdicts.map((verdict) => [verdict.entry.input, verdict.verdict])).toEqual([
      ['(818) 123-3567', 'opted-out'],
      ['213-555-0100', 'opted-out'],
      ['310.555.0199', 'not-found'],
    ])
    expect(outcome.counts).toEqual({
      'opted-out': 2,
      'not-found': 1,
      invalid: 0,
      failed: 0,
      'not-checked': 0,
    })
    const [first, second] = outcome.verdicts
    expect(first?.verdict === 'opted-out' && first.records.map((r) => r.id)).toEqual(['2778557'])
    // A record kept without a phone code still counts; the +44 record with the same digits does not.
    expect(second?.verdict === 'opted-out' && second.records.map((r) => r.id).sort()).toEqual([
      '3001',
      '3002',
    ])
    expect(describeVerdict(defined(first))).toBe(
      '(818) 123-3567 is opted out: global, since 2024-04-22 17:01, reason: Customer asked by phone, purpose: TELEMKT.',
    )
    expect(describeVerdict(defined(outcome.verdicts[2]))).toBe('(310) 555-0199 is not on the opt-out list.')
    // One exact-number request each, never a joined number.
    const sent = fake.requests.slice(before).map((request) => request.fields['phone_number'])
    expect(sent.sort()).toEqual(['2135550100', '3105550199', '8181233567'])
    expect(status).toMatchObject({ kind: 'lookup', rowsDone: 3, rowsExpected: 3, filePath: '' })
    expect(outcome.source).toEqual({ kind: 'convoso', apiBase: fake.apiBase })
    expect(outcome.inputCount).toBe(3)
  })

  it('gives invalid entries their verdict without asking, and asks once for a number pasted twice', async () => {
    const before = fake.requests.length
    const { started, status } = await lookUp('8181233567\nnot a number\n818.123.3567\n555 1234')
    expect(started).toMatchObject({ numbers: 1, invalid: 2, duplicatesCollapsed: 1 })
    const outcome = outcomeOf(status)
    expect(outcome.verdicts.map((verdict) => verdict.verdict)).toEqual(['opted-out', 'invalid', 'invalid'])
    expect(outcome.verdicts[0]?.entry.occurrences).toBe(2)
    expect(fake.requests.length - before).toBe(1)
  })

  it('searches both stored forms of a UK number read with GB as the default country', async () => {
    const { status } = await lookUp('07700 900123', {}, 'GB')
    const [verdict] = outcomeOf(status).verdicts
    expect(verdict?.verdict === 'opted-out' && verdict.records.map((r) => r.id)).toEqual(['4001'])
    expect(describeVerdict(defined(verdict))).toBe(
      '07700 900123 is opted out: global, since 2023-07-01, no reason recorded.',
    )
  })

  it('keeps the other verdicts when one number fails, with Convoso’s message', async () => {
    fake.injectFault({ kind: 'convoso-error', code: 6007, text: 'Invalid Phone Number' })
    const { status } = await lookUp(THREE_NUMBERS, { concurrency: async () => 1 })
    const outcome = outcomeOf(status)
    expect(outcome.counts).toEqual({
      'opted-out': 1,
      'not-found': 1,
      invalid: 0,
      failed: 1,
      'not-checked': 0,
    })
    const failed = outcome.verdicts[0]
    expect(failed?.verdict).toBe('failed')
    expect(failed?.verdict === 'failed' && failed.error.message).toContain('Invalid Phone Number')
    expect(outcome.verdicts.slice(1).map((verdict) => verdict.verdict)).toEqual(['opted-out', 'not-found'])
  })

  it('retries a server error and still gives the right verdict', async () => {
    fake.injectFault({ kind: 'status', status: 500 }, 2)
    const { status } = await lookUp('8181233567', { concurrency: async () => 1 })
    expect(outcomeOf(status).verdicts.map((verdict) => verdict.verdict)).toEqual(['opted-out'])
  })

  it('stops at once, failed with the message, when Convoso refuses the token', async () => {
    fake.revokeToken(TOKEN)
    try {
      const before = fake.requests.length
      const { status } = await lookUp(THREE_NUMBERS, { concurrency: async () => 1 })
      expect(status).toMatchObject({ state: 'failed', error: { kind: 'token-rejected' } })
      expect(fake.requests.length - before).toBe(1)
    } finally {
      fake = await restart(fake)
    }
  })

  it('cancel stops further requests', async () => {
    fake.injectFault({ kind: 'latency', ms: 200 }, Infinity)
    const text = Array.from({ length: 40 }, (_, index) => `213555${String(1000 + index)}`).join('\n')
    const jobs = lookupJobs({ concurrency: async () => 1 })
    const started = await jobs.start({ text })
    if (!started.ok) throw new Error(started.error.message)
    await new Promise<void>((resolve) => {
      const stop = registry.onChange((status) => {
        if (status.rowsDone >= 1) {
          stop()
          resolve()
        }
      })
    })
    expect(registry.cancel(started.data.jobId)).toEqual(ok(true))
    const status = await settledJob(registry, started.data.jobId, 'lookup')
    expect(status.state).toBe('cancelled')
    const asked = fake.requests.length
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(fake.requests.length).toBe(asked)
    expect(asked).toBeLessThan(40)
  })

  it('a cancelled lookup keeps the verdicts it had, marks the rest not checked, and stays exportable', async () => {
    fake.injectFault({ kind: 'latency', ms: 150 }, Infinity)
    const text = [
      '8181233567',
      'not a number',
      ...Array.from({ length: 30 }, (_, index) => `213555${1000 + index}`),
    ]
    const jobs = lookupJobs({ concurrency: async () => 1 })
    const started = await jobs.start({ text: text.join('\n') })
    if (!started.ok) throw new Error(started.error.message)
    const jobId = started.data.jobId
    expect(jobs.outcome(jobId)).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringMatching(/still running/) },
    })
    await new Promise<void>((resolve) => {
      const stop = registry.onChange((status) => {
        if (status.rowsDone >= 2) {
          stop()
          resolve()
        }
      })
    })
    registry.cancel(jobId)
    const status = await settledJob(registry, jobId, 'lookup')
    if (status.state !== 'cancelled' || !status.outcome)
      throw new Error(`expected a cancelled lookup with verdicts: ${status.state}`)
    const outcome = status.outcome
    expect(outcome.completion).toBe('cancelled')
    expect(outcome.verdicts).toHaveLength(32)
    const checked = outcome.counts['opted-out'] + outcome.counts['not-found']
    // Every number answered before the cancel is there with its real verdict, in pasted order.
    expect(checked).toBeGreaterThanOrEqual(2)
    expect(checked).toBeLessThan(31)
    expect(outcome.verdicts[0]).toMatchObject({ verdict: 'opted-out', entry: { input: '8181233567' } })
    expect(outcome.verdicts[1]?.verdict).toBe('invalid')
    expect(outcome.counts).toEqual({
      'opted-out': 1,
      'not-found': checked - 1,
      invalid: 1,
      failed: 0,
      'not-checked': 31 - checked,
    })
    expect(
      outcome.verdicts.slice(2 + checked - 1).every((verdict) => verdict.verdict === 'not-checked'),
    ).toBe(true)
    expect(describeCompletion(outcome)).toBe(
      `Cancelled after ${checked} of 31 numbers: ${31 - checked} not checked`,
    )
    // The window acknowledging the job does not lose the verdicts the export needs.
    expect(registry.acknowledge(jobId)).toEqual(ok(true))
    expect(jobs.outcome(jobId)).toEqual(ok(outcome))
  })

  it('keeps a finished lookup’s verdicts for export after acknowledge; a failed or unknown one is refused with why', async () => {
    const jobs = lookupJobs()
    const started = await jobs.start({ text: THREE_NUMBERS })
    if (!started.ok) throw new Error(started.error.message)
    const status = await settledJob(registry, started.data.jobId, 'lookup')
    registry.acknowledge(started.data.jobId)
    expect(jobs.outcome(started.data.jobId)).toEqual(ok(outcomeOf(status)))
    expect(outcomeOf(status).completion).toBe('complete')
    expect(jobs.outcome('no-such-job')).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringMatching(/no longer known/) },
    })

    fake.revokeToken(TOKEN)
    try {
      const refused = await jobs.start({ text: THREE_NUMBERS })
      if (!refused.ok) throw new Error(refused.error.message)
      await settledJob(registry, refused.data.jobId, 'lookup')
      expect(jobs.outcome(refused.data.jobId)).toMatchObject({
        ok: false,
        error: {
          kind: 'not-found',
          message: expect.stringMatching(/^That lookup failed, so it has no verdicts to save\./),
        },
      })
    } finally {
      fake = await restart(fake)
    }
  })

  it('refuses a second lookup while one runs', async () => {
    fake.injectFault({ kind: 'latency', ms: 300 }, 1)
    const jobs = lookupJobs()
    const first = await jobs.start({ text: '8181233567' })
    const second = await jobs.start({ text: '2135550100' })
    expect(second).toMatchObject({ ok: false, error: { kind: 'busy' } })
    if (first.ok) await settledJob(registry, first.data.jobId, 'lookup')
  })

  it('refuses more than 10,000 numbers with a message that says the limit, and starts nothing', async () => {
    const text = Array.from(
      { length: 10_001 },
      (_, index) => `+1 212 55${String(index).padStart(5, '0')}`,
    ).join('\n')
    const jobs = lookupJobs()
    const before = fake.requests.length
    const result = await jobs.start({ text })
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(!result.ok && result.error.message).toMatch(/10,001 .*at most 10,000/)
    expect(registry.list()).toEqual([])
    expect(fake.requests.length).toBe(before)
  })

  it('refuses text with no number in it and an unknown default country', async () => {
    const jobs = lookupJobs()
    expect(await jobs.start({ text: ' \n, ;' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: 'Paste at least one phone number to look up.' },
    })
    expect(await jobs.start({ text: '8181233567', defaultCountry: 'XX' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', fieldErrors: { defaultCountry: expect.any(String) } },
    })
  })
})

async function restart(old: FakeConvosoServer): Promise<FakeConvosoServer> {
  await old.close()
  return startFakeConvoso({ records: RECORDS, tokens: [TOKEN] })
}

describe('lookup concurrency', () => {
  it('asks at most the configured number of requests at once, and uses all of them', async () => {
    const convoso = new FakeConvoso()
    let inFlight = 0
    let most = 0
    convoso.respond = async (): Promise<
      Result<never> | Result<{ offset: number; limit: number; total: number; records: OptOutRecord[] }>
    > => {
      inFlight += 1
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 20))
      inFlight -= 1
      return ok({ offset: 0, limit: 1000, total: 0, records: [] })
    }
    const registry = createJobRegistry({ log: () => undefined })
    const jobs = createLookupJobs({
      sources: createSearchSources({
        session: {
          credentials: async () =>
            ok({
              apiBase: 'https://api.convoso.com/v1',
              token: TOKEN,
              tokenOrigin: 'https://api.convoso.com',
            }),
        } as unknown as Session,
        convoso,
        openedReport: () => undefined,
      }),
      jobs: registry,
      concurrency: async () => 3,
      log: () => undefined,
    })
    const text = Array.from({ length: 12 }, (_, index) => `213555${String(1000 + index)}`).join(',')
    const started = await jobs.start({ text })
    if (!started.ok) throw new Error(started.error.message)
    const status = await settledJob(registry, started.data.jobId, 'lookup')
    expect(status.state === 'done' && status.outcome.counts['not-found']).toBe(12)
    expect(most).toBe(3)
    expect(convoso.requests).toHaveLength(12)
  })

  it('asks to connect when there is no token, before any job starts', async () => {
    const registry = createJobRegistry({ log: () => undefined })
    const jobs = createLookupJobs({
      sources: createSearchSources({
        session: {
          credentials: async () => fail({ kind: 'token-missing', message: 'Connect first.' }),
        } as unknown as Session,
        convoso: new FakeConvoso(),
        openedReport: () => undefined,
      }),
      jobs: registry,
      concurrency: async () => 2,
      log: () => undefined,
    })
    expect(await jobs.start({ text: '8181233567' })).toMatchObject({
      ok: false,
      error: { kind: 'token-missing' },
    })
    expect(registry.list()).toEqual([])
  })
})
