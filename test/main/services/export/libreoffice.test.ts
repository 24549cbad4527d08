import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateDemoRecords } from '../../../../src/main/services/demo-convoso/dataset'
import { runExport } from '../../../../src/main/services/export/export-job'
import { RECORD_FIELDS } from '../../../../src/shared/records'
import { hasSoffice, listSearch, parseCsv, tempDir, zipEntryText } from './helpers'

/**
 * Opens an exported workbook in LibreOffice (headless) and compares every
 * field as LibreOffice shows it with the source. Skipped where `soffice` is
 * not installed (Debian: libreoffice-calc-nogui).
 */

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(() => cleanup())

const sofficeAvailable = hasSoffice()
if (!sofficeAvailable) {
  console.log(
    '[export] LibreOffice round-trip skipped: `soffice` is not installed (Debian: libreoffice-calc-nogui).',
  )
}

describe.skipIf(!sofficeAvailable)('LibreOffice opens the XLSX', () => {
  it('shows every field as Convoso sent it, with filter buttons on the data', async () => {
    const rows = generateDemoRecords(2000, 31)
    const result = await runExport({
      search: listSearch(() => rows),
      params: {},
      scope: { kind: 'all' },
      format: 'xlsx',
      filePath: join(dir, 'x.xlsx'),
      appVersion: 'test',
      apiBase: 'http://127.0.0.1:9/v1',
    })
    expect(result.ok).toBe(true)
    // "Save cell contents as shown", all sheets: dates come out as yyyy-mm-dd hh:mm:ss.
    const csvFilter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
    execFileSync('soffice', ['--headless', '--convert-to', csvFilter, 'x.xlsx', '--outdir', 'csv'], {
      cwd: dir,
      stdio: 'ignore',
      timeout: 120_000,
    })
    const table = parseCsv(await readFile(join(dir, 'csv', 'x-Opt-outs.csv'), 'utf8'), '\n')
    expect(table).toHaveLength(rows.length + 1)
    const mismatches: string[] = []
    rows.forEach((row, index) =>
      RECORD_FIELDS.forEach((field, column) => {
        const shown = table[index + 1]?.[column]
        if (shown !== row[field]) mismatches.push(`${row.id}.${field}: ${JSON.stringify(shown)}`)
      }),
    )
    expect(mismatches).toEqual([])

    execFileSync('soffice', ['--headless', '--convert-to', 'ods', 'x.xlsx', '--outdir', 'ods'], {
      cwd: dir,
      stdio: 'ignore',
      timeout: 120_000,
    })
    const content = await zipEntryText(await readFile(join(dir, 'ods', 'x.ods')), 'content.xml')
    expect(content).toMatch(
      /<table:database-range [^>]*table:target-range-address="&apos;Opt-outs&apos;\.A1:&apos;Opt-outs&apos;\.H2001"[^>]*table:display-filter-buttons="true"/,
    )
  }, 180_000)
})
