import ExcelJS from 'exceljs'
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createWorkbookParts, type StreamedRow } from '../../../src/main/services/offline/exceljs-parts'

/**
 * The report reader drives exceljs 4.4's WorkbookReader part by part (see
 * exceljs-parts.ts). If an upgrade moves those internals, these fail here
 * instead of every workbook failing to open.
 */

const text = (xml: string): Readable => Readable.from([xml])

async function* chunks(xml: string): AsyncGenerator<string> {
  yield xml
}

const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <sheets><sheet name="Opt-outs" sheetId="1" r:id="rId3"/><sheet name="Report" sheetId="2" r:id="rId4"/></sheets>
</workbook>`
const RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
  <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/other.xml"/>
</Relationships>`
const SHARED = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>shared</t></si></sst>`
const SHEET = `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="str"><v>plain</v></c><c r="B1" t="s"><v>0</v></c><c r="C1"><v>42</v></c></row>
<row r="2"><c r="B2" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c></row>
</sheetData></worksheet>`

describe('exceljs internals the report reader depends on', () => {
  it('is exactly exceljs 4.4.0', () => {
    const require = createRequire(import.meta.url)
    const manifest: unknown = require('exceljs/package.json')
    expect(manifest).toMatchObject({ version: '4.4.0' })
    expect(ExcelJS.stream.xlsx.WorkbookReader).toBeTypeOf('function')
  })

  it('parses parts handed to it one by one, and streams a sheet in batches of rows', async () => {
    const parts = createWorkbookParts()
    await parts.parseRelationships(text(RELS))
    await parts.parseWorkbook(text(WORKBOOK))
    await parts.parseSharedStrings(text(SHARED))
    expect(parts.sheets()).toEqual([
      { name: 'Opt-outs', part: 'xl/worksheets/sheet1.xml' },
      { name: 'Report', part: 'xl/worksheets/other.xml' },
    ])
    const rows: StreamedRow[] = []
    for await (const batch of parts.rows(chunks(SHEET))) rows.push(...batch)
    expect(rows.map((row) => row.number)).toEqual([1, 2])
    expect([1, 2, 3].map((column) => rows[0]?.findCell(column)?.value)).toEqual(['plain', 'shared', 42])
    expect(rows[1]?.findCell(1)).toBeUndefined()
    expect(rows[1]?.findCell(2)?.value).toBe(' padded ')
  })
})
