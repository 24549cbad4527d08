import { z } from 'zod'
import { searchFiltersSchema, pageSizeSchema } from '../../../shared/contract'
import { toSearchParams } from '../../../shared/filters'
import { fail, ok, type Result } from '../../../shared/result'
import { NO_LAST_SEARCH, type LastSearch } from '../../../shared/settings'
import { createJsonFileStore } from '../../lib/json-file-store'

const LAST_SEARCH_VERSION = 1
const lastSearchFileSchema = z.object({
  version: z.literal(LAST_SEARCH_VERSION),
  filters: searchFiltersSchema,
  pageSize: pageSizeSchema,
})

/** Nine short filter fields and a number: well under a kilobyte. */
export const LAST_SEARCH_MAX_BYTES = 64 * 1024

export interface LastSearchStore {
  /** The remembered form; defaults when the file is missing, damaged, from another version or unreadable. */
  get(): Promise<LastSearch>
  /** Remembers the filters and/or the page size given, keeping the other as it was. */
  save(update: Partial<LastSearch>): Promise<Result<LastSearch>>
}

export interface LastSearchStoreOptions {
  directory: string
  log?: (message: string) => void
}

/**
 * The last search's filters and page size, in `last-search.json` beside the settings. A file of
 * its own, so writing it on every search can never damage the settings, and a bad one costs only
 * the remembered form: it is replaced by the next search, with no backup (nothing in it is the
 * user's work), and start-up never waits on or fails because of it.
 */
export function createLastSearchStore({
  directory,
  log = () => undefined,
}: LastSearchStoreOptions): LastSearchStore {
  const file = createJsonFileStore({
    directory,
    fileName: 'last-search.json',
    maxBytes: LAST_SEARCH_MAX_BYTES,
  })
  let cached: LastSearch | undefined
  // Writes run one after another, so the file always ends as the last call left it.
  let writing: Promise<unknown> = Promise.resolve()

  async function load(): Promise<LastSearch> {
    if (cached) return cached
    const read = await file.read()
    if (read.kind === 'text') {
      cached = parse(read.text)
      if (!cached) log('The remembered search (last-search.json) could not be used; the form starts empty.')
    } else if (read.kind !== 'missing') {
      log(`The remembered search (last-search.json) was not read (${read.kind}); the form starts empty.`)
    }
    cached ??= NO_LAST_SEARCH
    return cached
  }

  return {
    get: load,
    async save(update) {
      const next: LastSearch = { ...(await load()), ...update }
      cached = next
      const write = writing.then(() =>
        file.write({ version: LAST_SEARCH_VERSION, filters: next.filters, pageSize: next.pageSize }),
      )
      writing = write.catch(() => undefined)
      try {
        await write
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'write failed'
        log(`The last search could not be remembered (${code}).`)
        return fail({
          kind: 'file-system',
          message: `The last search could not be remembered (${code}). Check that the disk is not full.`,
        })
      }
      return ok(next)
    },
  }
}

/** The remembered form, or undefined when the text is not one this version wrote or its filters cannot be searched. */
function parse(text: string): LastSearch | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const result = lastSearchFileSchema.safeParse(json)
  if (!result.success || !toSearchParams(result.data.filters).ok) return undefined
  return { filters: result.data.filters, pageSize: result.data.pageSize }
}
