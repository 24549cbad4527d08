import { runCli } from './cli'

// `npm run convoso-server -- --port 8787`: a wrong option prints the usage, not a stack trace.
runCli().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
