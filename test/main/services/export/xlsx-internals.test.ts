import ExcelJS from 'exceljs'
import { createRequire } from 'node:module'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  setFilterDatabaseName,
  shareRowStyle,
  sheetBuffer,
} from '../../../../src/main/services/export/xlsx-writer'
import { zipEntryText } from './helpers'

/**
 * The XLSX writer leans on two exceljs 4.4 internals (see xlsx-writer.ts). If
 * an upgrade moves them, these fail loudly here instead of an export quietly
 * using gigabytes or losing its LibreOffice filter.
 */

describe('exceljs internals the XLSX writer depends on', () => {
  it('is exactly exceljs 4.4.0 (package.json pins it)', () => {
    const require = createRequire(import.meta.url)
    const manifest: unknown = require('exceljs/package.json')
    expect(manifest).toMatchObject({ version: '4.4.0' })
    const ours: unknown = require('../../../../package.json')
    expect(ours).toMatchObject({ dependencies: { exceljs: '4.4.0' } })
  })

  it("exposes the sheet's zip buffer as worksheet.stream.pipes[0] with a byte count and drain events", async () => {
    const output = new PassThrough()
    output.resume()
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true })
    const sheet = workbook.addWorksheet('Opt-outs')
    const buffer = sheetBuffer(sheet)
    expect(buffer).toBeDefined()
    if (!buffer) return
    expect(buffer.bufferedBytes()).toBe(0)
    expect(buffer.drainPending()).toBe(false)
    // Without yielding, committed rows pile up in exactly this buffer.
    for (let row = 0; row < 20_000; row += 1) sheet.addRow([row, 'x'.repeat(50)]).commit()
    expect(buffer.bufferedBytes()).toBeGreaterThan(1024 * 1024)
    expect(buffer.drainPending()).toBe(true)
    const drained = new Promise<void>((resolve) => buffer.events.once('drain', () => resolve()))
    await drained
    expect(buffer.bufferedBytes()).toBeLessThan(1024 * 1024)
    sheet.commit()
    await workbook.commit()
  })

  it('renders a _xlnm._FilterDatabase name with its sheet through workbook._definedNames', async () => {
    const chunks: Buffer[] = []
    const output = new PassThrough()
    output.on('data', (chunk: Buffer) => chunks.push(chunk))
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true })
    const sheet = workbook.addWorksheet('Opt-outs')
    sheet.addRow(['a']).commit()
    expect(setFilterDatabaseName(workbook, 0, "'Opt-outs'!$A$1:$H$2")).toBe(true)
    sheet.commit()
    await workbook.commit()
    const workbookXml = await zipEntryText(Buffer.concat(chunks), 'xl/workbook.xml')
    expect(workbookXml).toContain(
      '<definedName name="_xlnm._FilterDatabase" localSheetId="0">&apos;Opt-outs&apos;!$A$1:$H$2</definedName>',
    )
  })

  it('gives each row an empty style of its own that a shared one can replace, with no row style written', async () => {
    const chunks: Buffer[] = []
    const output = new PassThrough()
    output.on('data', (chunk: Buffer) => chunks.push(chunk))
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true })
    const sheet = workbook.addWorksheet('Opt-outs')
    const first = sheet.addRow(['a'])
    const second = sheet.addRow(['b'])
    expect(shareRowStyle(first)).toBe(true)
    expect(shareRowStyle(second)).toBe(true)
    expect(Reflect.get(first, 'style')).toBe(Reflect.get(second, 'style'))
    first.commit()
    second.commit()
    sheet.commit()
    await workbook.commit()
    const sheetXml = await zipEntryText(Buffer.concat(chunks), 'xl/worksheets/sheet1.xml')
    expect(sheetXml).toContain('<row r="1" spans="1:1" x14ac:dyDescent="0.25">')
    expect(sheetXml).toContain('<row r="2" spans="1:1" x14ac:dyDescent="0.25">')
  })

  it('finds nothing on objects of another shape', () => {
    expect(sheetBuffer({})).toBeUndefined()
    expect(sheetBuffer({ stream: { pipes: [] } })).toBeUndefined()
    expect(sheetBuffer({ stream: { pipes: [new PassThrough()] } })).toBeDefined()
    expect(setFilterDatabaseName({}, 0, 'A1')).toBe(false)
    expect(shareRowStyle({})).toBe(false)
    expect(shareRowStyle({ style: { font: { bold: true } } })).toBe(false)
  })
})
