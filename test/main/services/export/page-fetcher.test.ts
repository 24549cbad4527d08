import { describe, expect, it } from 'vitest'
import {
  ExportFailure,
  orderedPages,
  type FetchedPage,
} from '../../../../src/main/services/export/page-fetcher'
import { DEFAULT_RETRY_POLICY, RateGate, type SearchFn } from '../../../../src/main/services/export/retry'
import type { OptOutRecord, SearchPage } from '../../../../src/shared/records'
import { fail, ok, type Result } from '../../../../src/shared/result'
import { records, until, virtualClock } from './helpers'

function retryContext(signal = new AbortController().signal) {
  const { clock } = virtualClock()
  return { policy: DEFAULT_RETRY_POLICY, clock, gate: new RateGate(clock), signal }
}

function firstPage(rows: readonly OptOutRecord[], pageSize: number, total = rows.length): FetchedPage {
  return {
    offset: 0,
    limit: pageSize,
    page: { offset: 0, limit: pageSize, total, records: rows.slice(0, pageSize) },
    arrival: 0,
  }
}

/** Requests wait until the test answers them, so it decides the order pages arrive in. */
function heldSearch(rows: () => readonly OptOutRecord[]) {
  const pending = new Map<number, () => void>()
  let inFlight = 0
  let maxInFlight = 0
  const asked: number[] = []
  const search: SearchFn = (offset, limit) => {
    asked.push(offset)
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    return new Promise<Result<SearchPage>>((resolve) => {
      pending.set(offset, () => {
        inFlight -= 1
        pending.delete(offset)
        const all = rows()
        resolve(ok({ offset, limit, total: all.length, records: all.slice(offset, offset + limit) }))
      })
    })
  }
  return {
    search,
    pending,
    asked,
    get maxInFlight() {
      return maxInFlight
    },
    answer(offset: number) {
      const release = pending.get(offset)
      if (!release) throw new Error(`no request at ${offset}`)
      release()
    },
  }
}

async function collect(pages: AsyncGenerator<FetchedPage>): Promise<FetchedPage[]> {
  const seen: FetchedPage[] = []
  for await (const page of pages) seen.push(page)
  return seen
}

describe('orderedPages', () => {
  it('hands pages over in offset order when they arrive in reverse, never exceeding the concurrency', async () => {
    const rows = records(50)
    const held = heldSearch(() => rows)
    const done = collect(
      orderedPages({
        search: held.search,
        retry: retryContext(),
        first: firstPage(rows, 10),
        pageSize: 10,
        concurrency: 4,
        rowCap: 1000,
      }),
    )
    await until(() => held.pending.size === 4)
    expect([...held.pending.keys()].sort((a, b) => a - b)).toEqual([10, 20, 30, 40])
    for (const offset of [40, 30, 20, 10]) held.answer(offset)
    const pages = await done
    expect(pages.map((page) => page.offset)).toEqual([0, 10, 20, 30, 40])
    // Arrival order is kept for the books: offset 40 came first after the first page.
    expect(pages.map((page) => page.arrival)).toEqual([0, 4, 3, 2, 1])
    expect(pages.flatMap((page) => page.page.records.map((row) => row.id))).toEqual(rows.map((row) => row.id))
    expect(held.maxInFlight).toBe(4)
  })

  it('does not run ahead of the writer by more than the lookahead', async () => {
    const rows = records(200)
    const held = heldSearch(() => rows)
    const pages = orderedPages({
      search: held.search,
      retry: retryContext(),
      first: firstPage(rows, 10),
      pageSize: 10,
      concurrency: 2,
      rowCap: 10_000,
      lookahead: 3,
    })
    expect((await pages.next()).value?.offset).toBe(0)
    const second = pages.next()
    await until(() => held.pending.size === 2)
    held.answer(20)
    await until(() => held.pending.size === 2)
    held.answer(30)
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve))
    // 10 is still outstanding: 20 and 30 wait in memory, and nothing 3 pages past 10 is asked for,
    // although a request slot is free.
    expect(held.asked).toEqual([10, 20, 30])
    expect([...held.pending.keys()]).toEqual([10])
    held.answer(10)
    expect((await second).value?.offset).toBe(10)
    await pages.return()
  })

  it('follows a total that grows during the export, so rows pushed past the first end are still fetched', async () => {
    let rows = records(30)
    let calls = 0
    const search: SearchFn = async (offset, limit) => {
      calls += 1
      if (calls === 1) rows = records(5, 1000).concat(rows) // five inserted ahead, everything shifts
      return ok({ offset, limit, total: rows.length, records: rows.slice(offset, offset + limit) })
    }
    const pages = await collect(
      orderedPages({
        search,
        retry: retryContext(),
        first: firstPage(rows, 10),
        pageSize: 10,
        concurrency: 1,
        rowCap: 1000,
      }),
    )
    expect(pages.map((page) => page.offset)).toEqual([0, 10, 20, 30])
  })

  it('stops asking once a shrinking total says there is nothing more', async () => {
    let rows = records(50)
    const asked: number[] = []
    const search: SearchFn = async (offset, limit) => {
      asked.push(offset)
      rows = rows.slice(0, 15) // most rows deleted as soon as the export starts
      return ok({ offset, limit, total: rows.length, records: rows.slice(offset, offset + limit) })
    }
    const pages = await collect(
      orderedPages({
        search,
        retry: retryContext(),
        first: firstPage(rows, 10),
        pageSize: 10,
        concurrency: 1,
        rowCap: 1000,
      }),
    )
    expect(asked).toEqual([10])
    expect(pages.map((page) => page.page.records.length)).toEqual([10, 5])
  })

  it('never asks past the row cap, however large the total', async () => {
    const asked: number[] = []
    const search: SearchFn = async (offset, limit) => {
      asked.push(offset)
      return ok({ offset, limit, total: 1_500_000, records: records(limit, offset + 1) })
    }
    const first = firstPage(records(10), 10, 1_500_000)
    const pages = await collect(
      orderedPages({ search, retry: retryContext(), first, pageSize: 10, concurrency: 3, rowCap: 60 }),
    )
    expect(pages.map((page) => page.offset)).toEqual([0, 10, 20, 30, 40, 50])
    expect(Math.max(...asked)).toBe(50)
  })

  it('throws the page error when a page fails for good', async () => {
    const search: SearchFn = async (offset, limit) =>
      offset === 20
        ? fail({ kind: 'token-rejected', message: 'Convoso rejected the API token.' })
        : ok({ offset, limit, total: 50, records: records(limit, offset + 1) })
    const pages = collect(
      orderedPages({
        search,
        retry: retryContext(),
        first: firstPage(records(50), 10),
        pageSize: 10,
        concurrency: 2,
        rowCap: 1000,
      }),
    )
    await expect(pages).rejects.toBeInstanceOf(ExportFailure)
    await expect(pages).rejects.toMatchObject({ error: { kind: 'token-rejected' } })
  })

  it('ends with "cancelled" when the signal aborts while pages are in flight', async () => {
    const controller = new AbortController()
    const rows = records(50)
    const held = heldSearch(() => rows)
    const pages = collect(
      orderedPages({
        search: held.search,
        retry: retryContext(controller.signal),
        first: firstPage(rows, 10),
        pageSize: 10,
        concurrency: 2,
        rowCap: 1000,
      }),
    )
    await until(() => held.pending.size === 2)
    controller.abort()
    await expect(pages).rejects.toMatchObject({ error: { kind: 'cancelled' } })
  })
})
