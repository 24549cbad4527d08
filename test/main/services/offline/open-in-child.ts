import { openReportFile } from '../../../../src/main/services/offline'

/**
 * Opens one report in this process and prints the outcome as one JSON line:
 * run by read-bounds.test.ts under a small heap, so a bound that does not
 * hold kills this process ("Reached heap limit") instead of passing.
 */
async function main(): Promise<void> {
  const path = process.argv[2]
  if (path === undefined) throw new Error('usage: open-in-child.ts <report>')
  const result = await openReportFile(path)
  const heapUsed = process.memoryUsage().heapUsed
  process.stdout.write(
    `${JSON.stringify(result.ok ? { ok: true, rows: result.data.info.rowsRead, heapUsed } : { ok: false, error: result.error, heapUsed })}\n`,
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(2)
})
