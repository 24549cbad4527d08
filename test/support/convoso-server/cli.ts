import { generateDemoRecords } from '../../../src/main/services/demo-convoso/dataset'
import { startFakeConvoso, type FakeConvosoServer } from './fake-convoso'

/**
 * Starts the fake Convoso server from the command line, for Playwright runs against another
 * build and manual poking: `npm run convoso-server -- --port 8787` (start.ts). Importing this
 * file starts nothing; call `runCli`.
 */

export interface CliOptions {
  port: number
  records: number
  seed: number
  tokens: string[]
  latencyMs: number
  shape: 'records' | 'data.entries'
  numbersAsStrings: boolean
  control: boolean
}

export const DEFAULT_CLI_OPTIONS: CliOptions = {
  port: 8787,
  records: 25_000,
  seed: 20240422,
  tokens: ['demo-token'],
  latencyMs: 0,
  shape: 'records',
  numbersAsStrings: true,
  control: true,
}

const USAGE =
  'Options: --port N  --records N  --seed N  --token T (repeatable)  --latency MS  ' +
  '--shape records|data.entries  --numbers  --no-control'

function wholeNumber(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number. ${USAGE}`)
  return Number(value)
}

/** The options that take a whole number, by flag. */
const WHOLE_NUMBER_FLAGS: ReadonlyMap<string, 'port' | 'records' | 'seed' | 'latencyMs'> = new Map([
  ['--port', 'port'],
  ['--records', 'records'],
  ['--seed', 'seed'],
  ['--latency', 'latencyMs'],
])

/** Parses `--flag value` arguments; throws with the usage text on anything unknown. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { ...DEFAULT_CLI_OPTIONS, tokens: [] }
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index]
    const value = argv[index + 1]
    const numberOption = flag === undefined ? undefined : WHOLE_NUMBER_FLAGS.get(flag)
    if (flag !== undefined && numberOption !== undefined) {
      options[numberOption] = wholeNumber(flag, value)
      index += 1
      continue
    }
    switch (flag) {
      case '--':
        continue
      case '--token':
        if (value === undefined || value === '') throw new Error(`--token needs a value. ${USAGE}`)
        options.tokens.push(value)
        index += 1
        break
      case '--shape':
        if (value !== 'records' && value !== 'data.entries')
          throw new Error(`--shape is records or data.entries. ${USAGE}`)
        options.shape = value
        index += 1
        break
      case '--numbers':
        options.numbersAsStrings = false
        break
      case '--no-control':
        options.control = false
        break
      default:
        throw new Error(`Unknown option ${String(flag)}. ${USAGE}`)
    }
  }
  if (options.tokens.length === 0) options.tokens = [...DEFAULT_CLI_OPTIONS.tokens]
  return options
}

/** Starts the server, prints where it listens, and closes it on SIGINT/SIGTERM. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<FakeConvosoServer> {
  const options = parseCliArgs(argv)
  const server = await startFakeConvoso({
    records: generateDemoRecords(options.records, options.seed),
    tokens: options.tokens,
    port: options.port,
    latencyMs: options.latencyMs,
    shape: options.shape,
    numbersAsStrings: options.numbersAsStrings,
    control: options.control,
  })
  process.stdout.write(
    `Fake Convoso listening: ${server.apiBase} (${options.records} records, tokens: ${options.tokens.join(', ')})\n`,
  )
  const stop = (): void => {
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return server
}
