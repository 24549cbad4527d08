import { execFileSync } from 'node:child_process'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CANONICAL_FORM_ID, hashRows } from '../../../../src/main/services/export/canonical-hash'
import { REPORT_LABELS } from '../../../../src/main/services/export/report'
import { openReportFile } from '../../../../src/main/services/offline'
import { SheetRowReader, type SheetRow } from '../../../../src/main/services/offline/sheet-rows'
import { NO_STYLES, readStyles } from '../../../../src/main/services/offline/workbook-parts'
import { XmlScanner } from '../../../../src/main/services/offline/xml-scanner'
import { partChunks } from '../../../../src/main/services/offline/xlsx-zip'
import type { OpenedReport } from '../../../../src/main/services/offline/types'
import { RECORD_FIELDS, type OptOutRecord } from '../../../../src/shared/records'
import type { Result } from '../../../../src/shared/result'
import { hasSoffice, zipEntryText } from '../export/helpers'
import { exportReport, fixtureRecords, openAndCancelAt, storedZip, tempDir } from './helpers'

/**
 * The purpose-built workbook reader (xml-scanner.ts, workbook-parts.ts,
 * sheet-rows.ts): workbooks as other programs write them, and the XML
 * details a streaming reader must get right.
 */

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const SHEET_REL = `${RELS}/worksheet`
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships'

let dir: string
let cleanup: () => Promise<void>

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterAll(() => cleanup())

function opened(result: Result<OpenedReport>): OpenedReport {
  if (!result.ok)
    throw new Error(`expected the report to open: ${result.error.kind}: ${result.error.message}`)
  return result.data
}

const allRecords = (report: OpenedReport): OptOutRecord[] =>
  report.search({}, 0, report.info.rowsRead).records

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Excel's serial day number of a wall-clock text, counted from 1899-12-30. */
function serial(wallClock: string): number {
  const [date = '', time = '00:00:00'] = wallClock.split(' ')
  return (Date.parse(`${date}T${time}Z`) - Date.UTC(1899, 11, 30)) / 86_400_000
}

describe('a hand-made workbook with shared strings and serial dates', () => {
  // Sheets listed Report first, and parts named unlike exceljs's: only the relationships say which is which.
  const records: OptOutRecord[] = [
    {
      id: '101',
      phone_code: '1',
      phone_number: '8185550101',
      reason: 'Tom & Jerry <3',
      purpose: 'Café 日本 😀',
      insert_date: '2024-02-29 23:59:59',
      campaign_id: '0',
      campaign_name: 'Global',
    },
    {
      id: '102',
      phone_code: '44',
      phone_number: '07700900123',
      reason: '&amp; stays as written',
      purpose: '',
      insert_date: '1999-12-31 00:00:00',
      campaign_id: '42',
      campaign_name: ' padded ',
    },
  ]
  const shared = [
    'ID',
    'Phone code',
    'Phone number',
    'Reason',
    'Purpose',
    'Insert date',
    'Campaign ID',
    'Campaign name',
    ...records.flatMap((row) => [row.phone_code, row.phone_number, row.reason, row.campaign_name]),
    ...Object.values(REPORT_LABELS),
  ]
  const si = (text: string, index: number): string => {
    // One as rich text with a phonetic hint (left out), one as a CDATA section, the rest plain.
    if (index === 8)
      return `<si><r><rPr><b/></rPr><t>${escapeXml(text)}</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>`
    if (text.startsWith(' ')) return `<si><t xml:space="preserve"><![CDATA[${text}]]></t></si>`
    return `<si><t>${escapeXml(text)}</t></si>`
  }
  const s = (text: string): string => `<c t="s"><v>${shared.indexOf(text)}</v></c>`
  const n = (text: string, style = 0): string => `<c s="${style}"><v>${text}</v></c>`
  const dataRow = (row: OptOutRecord, number: number): string =>
    `<x:row r="${number}">` +
    [
      n(row.id),
      s(row.phone_code),
      s(row.phone_number),
      s(row.reason),
      // Inline text too, as exceljs writes it: entities and numeric references, decoded once.
      row.purpose === ''
        ? '<c/>'
        : `<c r="E${number}" t="inlineStr"><is><t>Caf&#233; &#x65E5;本 &#128512;</t></is></c>`,
      n(String(serial(row.insert_date)), row.insert_date.endsWith('00:00:00') ? 2 : 1),
      `<c r="G${number}"><v>${row.campaign_id}</v></c>`,
      s(row.campaign_name),
    ].join('') +
    '</x:row>'
  const reportRows: [string, string][] = [
    [REPORT_LABELS.title, 'Opt-Out Desk: SMS opt-out export from Convoso'],
    [REPORT_LABELS.rowHash, ''],
    [REPORT_LABELS.rowHashMethod, `${CANONICAL_FORM_ID}: SHA-256 over the rows`],
  ]

  function workbook(reportHash: string): Buffer {
    return storedZip({
      '[Content_Types].xml': '<Types/>',
      'xl/workbook.xml':
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:rel="${RELS}">` +
        '<workbookPr date1904="false"/><sheets>' +
        '<sheet name="Report" sheetId="2" rel:id="rIdB"/><sheet name="Opt-outs" sheetId="1" rel:id="rIdA"/>' +
        '</sheets></workbook>',
      'xl/_rels/workbook.xml.rels':
        `<Relationships xmlns="${PACKAGE_RELS}">` +
        `<Relationship Id="rIdA" Type="${SHEET_REL}" Target="/xl/worksheets/data.xml"/>` +
        `<Relationship Id="rIdB" Type="${SHEET_REL}" Target="worksheets/meta.xml"/>` +
        `<Relationship Id="rIdS" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/>` +
        '</Relationships>',
      'xl/styles.xml':
        `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>` +
        '<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>' +
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"/></cellXfs>' +
        '</styleSheet>',
      'xl/sharedStrings.xml': `<sst xmlns="${MAIN}" count="${shared.length}">${shared.map(si).join('')}</sst>`,
      'xl/worksheets/data.xml':
        `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1">${shared.slice(0, 8).map(s).join('')}</x:row>` +
        `${records.map((row, index) => dataRow(row, index + 2)).join('\n')}</x:sheetData></x:worksheet>`,
      'xl/worksheets/meta.xml':
        `<worksheet xmlns="${MAIN}"><sheetData>` +
        reportRows
          .map(
            ([label, value]) =>
              `<row>${s(label)}<c t="str"><f>"x"</f><v>${label === REPORT_LABELS.rowHash ? reportHash : escapeXml(value)}</v></c></row>`,
          )
          .join('') +
        `<row>${s(REPORT_LABELS.rowsWritten)}<c><v>${records.length}</v></c></row>` +
        '</sheetData></worksheet>',
    })
  }

  // The insert date of row 102 has a date-only format (built-in 14): it reads, and was hashed, as the day alone.
  const asRead = records.map((row) =>
    row.insert_date.endsWith('00:00:00') ? { ...row, insert_date: row.insert_date.slice(0, 10) } : row,
  )

  it('reads every record exactly, dates from their formats, and as intact', async () => {
    const path = join(dir, 'hand-made.xlsx')
    await writeFile(path, workbook(hashRows(asRead)))
    const report = opened(await openReportFile(path))
    expect(allRecords(report)).toEqual(asRead)
    expect(report.info).toMatchObject({ integrity: 'intact', madeByApp: true, rowsRecorded: 2, rowsRead: 2 })
  })

  it('reads as modified when the recorded hash is of other rows', async () => {
    const path = join(dir, 'hand-made-modified.xlsx')
    await writeFile(path, workbook(hashRows(asRead.slice(0, 1))))
    expect(opened(await openReportFile(path)).info.integrity).toBe('modified')
  })
})

describe('a workbook whose parts lie where only its relationships say', () => {
  // The package names its main part in _rels/.rels; the workbook's own relationships name its sheets, styles and
  // shared text, relative to the workbook's folder or, with a leading '/', to the package's root.
  const record: OptOutRecord = {
    id: '7',
    phone_code: '33',
    phone_number: '0612345678',
    reason: 'Résumé &amp;lt; 日本 😀',
    purpose: 'HIPAA',
    insert_date: '2023-07-14 08:30:00',
    campaign_id: '5',
    campaign_name: 'Été',
  }
  const header: string[] = [...RECORD_FIELDS]
  const shared = [...header, record.phone_number, record.campaign_name]
  const s = (text: string): string => `<c t="s"><v>${shared.indexOf(text)}</v></c>`
  const inline = (text: string): string => `<c t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`

  function workbook(withPackageRels: boolean): Buffer {
    return storedZip({
      '[Content_Types].xml': '<Types/>',
      ...(withPackageRels
        ? {
            '_rels/.rels':
              `<Relationships xmlns="${PACKAGE_RELS}">` +
              `<Relationship Id="rId2" Type="${RELS}/extended-properties" Target="docProps/app.xml"/>` +
              `<Relationship Id="rId1" Type="${RELS}/officeDocument" Target="book/main%20part.xml"/>` +
              '</Relationships>',
          }
        : {}),
      'book/main part.xml':
        `<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets>` +
        '<sheet name="Chart" sheetId="3" r:id="rChart"/><sheet name="Data" sheetId="1" r:id="rSheet"/>' +
        '</sheets></workbook>',
      'book/_rels/main part.xml.rels':
        `<Relationships xmlns="${PACKAGE_RELS}">` +
        `<Relationship Id="rChart" Type="${RELS}/chartsheet" Target="charts/c1.xml"/>` +
        `<Relationship Id="rSheet" Type="${SHEET_REL}" Target="../grid/rows.xml"/>` +
        `<Relationship Id="rStyles" Type="${RELS}/styles" Target="/look/cell-formats.xml"/>` +
        `<Relationship Id="rText" Type="${RELS}/sharedStrings" Target="texts.xml"/>` +
        `<Relationship Id="rLink" Type="${RELS}/hyperlink" Target="https://example.com" TargetMode="External"/>` +
        '</Relationships>',
      'book/charts/c1.xml': `<chartsheet xmlns="${MAIN}"/>`,
      'look/cell-formats.xml':
        `<styleSheet xmlns="${MAIN}"><numFmts><numFmt numFmtId="200" formatCode="dd/mm/yyyy hh:mm"/></numFmts>` +
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="200"/></cellXfs></styleSheet>',
      'book/texts.xml': `<sst xmlns="${MAIN}">${shared.map((text) => `<si><t>${escapeXml(text)}</t></si>`).join('')}</sst>`,
      // No `r` on any row or cell.
      'grid/rows.xml':
        `<worksheet xmlns="${MAIN}"><sheetData><row>${header.map(s).join('')}</row>` +
        `<row><c><v>${record.id}</v></c>${inline(record.phone_code)}${s(record.phone_number)}${inline(record.reason)}` +
        `${inline(record.purpose)}<c s="1"><v>${serial(record.insert_date)}</v></c><c><v>${record.campaign_id}</v></c>` +
        `${s(record.campaign_name)}</row></sheetData></worksheet>`,
    })
  }

  it('finds the workbook through _rels/.rels and its sheet, styles and shared text through its relationships', async () => {
    const path = join(dir, 'elsewhere.xlsx')
    await writeFile(path, workbook(true))
    const report = opened(await openReportFile(path))
    // The date's format shows hours and minutes, so it reads (and would have been hashed) with its time.
    expect(allRecords(report)).toEqual([record])
    expect(report.info).toMatchObject({ integrity: 'unverified', madeByApp: false, rowsRead: 1 })
  })

  it('without _rels/.rels looks for xl/workbook.xml, and says so when it is not there', async () => {
    const path = join(dir, 'no-package-rels.xlsx')
    await writeFile(path, workbook(false))
    expect(await openReportFile(path)).toEqual({
      ok: false,
      error: {
        kind: 'report-file',
        message:
          'no-package-rels.xlsx is a zip file but not an Excel workbook (it has no xl/workbook.xml). ' +
          'Open an .xlsx or .csv report exported by Opt-Out Desk.',
      },
    })
  })

  it('refuses a zip whose main part is not a workbook (a Word document)', async () => {
    const path = join(dir, 'letter.xlsx')
    await writeFile(
      path,
      storedZip({
        '_rels/.rels':
          `<Relationships xmlns="${PACKAGE_RELS}">` +
          `<Relationship Id="rId1" Type="${RELS}/officeDocument" Target="word/document.xml"/></Relationships>`,
        'word/document.xml': '<w:document xmlns:w="urn:w"><w:body/></w:document>',
        'word/_rels/document.xml.rels': `<Relationships xmlns="${PACKAGE_RELS}"/>`,
      }),
    )
    expect(await openReportFile(path)).toEqual({
      ok: false,
      error: {
        kind: 'report-file',
        message:
          'letter.xlsx is a zip file but not an Excel workbook (its main part word/document.xml is not a workbook). ' +
          'Open an .xlsx or .csv report exported by Opt-Out Desk.',
      },
    })
  })
})

const SOFFICE = hasSoffice()
if (!SOFFICE)
  console.log(
    'skipped: the LibreOffice re-save test needs soffice (libreoffice-calc-nogui), not installed here',
  )

describe('a report re-saved by LibreOffice', () => {
  it.skipIf(!SOFFICE)(
    'uses shared strings and its own styles, and still reads as intact with every record exact',
    async () => {
      const source = fixtureRecords(500)
      const { path } = await exportReport(dir, source, 'xlsx')
      const out = join(dir, 'libreoffice')
      await mkdir(out, { recursive: true })
      // Its own profile: another LibreOffice running on the machine would otherwise take the job over.
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
          '--headless',
          '--convert-to',
          'xlsx:Calc MS Excel 2007 XML',
          '--outdir',
          out,
          path,
        ],
        { stdio: 'ignore', timeout: 170_000 },
      )
      const [name] = await readdir(out)
      const resaved = join(out, name ?? 'missing.xlsx')
      const bytes = await readFile(resaved)
      expect(await zipEntryText(bytes, 'xl/sharedStrings.xml')).toContain('<si>')
      const sheet = await zipEntryText(bytes, 'xl/worksheets/sheet1.xml')
      expect(sheet).not.toContain('inlineStr')
      // The insert date as Excel and LibreOffice keep dates: a serial day number with a date format.
      expect(sheet).toMatch(/<c r="F2" s="\d+" t="n"><v>\d+(\.\d+)?<\/v><\/c>/)
      const original = opened(await openReportFile(path))
      const report = opened(await openReportFile(resaved))
      expect(allRecords(report)).toEqual(source)
      expect(report.info).toMatchObject({ integrity: 'intact', madeByApp: true, rowsRecorded: source.length })
      // The same rows and verdict as the file LibreOffice was given.
      expect(allRecords(report)).toEqual(allRecords(original))
      expect(report.info).toMatchObject({
        integrity: original.info.integrity,
        actualSha256: original.info.actualSha256,
        rowsRead: original.info.rowsRead,
      })
    },
    180_000,
  )
})

const bytesOf = (texts: string[]): Readable => Readable.from(texts.map((text) => Buffer.from(text, 'utf8')))

/** Feeds a sheet's bytes cut at `cut` (then in pieces of `pieceBytes`) through the scanner; the rows' texts. */
async function readCut(
  bytes: Buffer,
  cut: number,
  shared: string[] = [],
  pieceBytes?: number,
): Promise<string[][]> {
  const rows: string[][] = []
  const reader = new SheetRowReader({
    sharedStrings: shared,
    styles: NO_STYLES,
    date1904: false,
    maxRows: 100,
    tooManyRows: () => new Error('too many rows'),
    onRow: (row: SheetRow) => rows.push(Array.from({ length: row.width }, (_, column) => row.cell(column))),
  })
  const scanner = new XmlScanner(reader, 'sheet')
  const chunks = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)])
  for await (const chunk of partChunks(chunks, { pieceBytes })) scanner.write(chunk)
  scanner.end()
  return rows
}

describe('the sheet XML, however the chunks fall', () => {
  it('decodes multi-byte characters and entities exactly once at every chunk boundary', async () => {
    const sheet = Buffer.from(
      `<worksheet xmlns="${MAIN}"><sheetData><row r="1">` +
        '<c r="A1" t="inlineStr"><is><t>Café 日本 😀</t></is></c>' +
        '<c r="B1" t="inlineStr"><is><t>&amp;lt; is "&lt;" &#38;amp; &#x1F600;&#233;</t></is></c>' +
        `<c r="C1" t="str"><v>a&gt;b &apos;q&apos; &quot;d&quot;</v></c>` +
        '<c r="D1" t="inlineStr"><is><t><![CDATA[&amp; <raw>]]></t></is></c>' +
        '</row></sheetData></worksheet>',
      'utf8',
    )
    const expected = [['Café 日本 😀', '&lt; is "<" &amp; 😀é', `a>b 'q' "d"`, '&amp; <raw>']]
    for (let cut = 0; cut <= sheet.length; cut += 1) {
      expect(await readCut(sheet, cut)).toEqual(expected)
    }
    // Every piece from one byte up: each character's bytes and each entity cut in every possible place.
    for (let pieceBytes = 1; pieceBytes <= 8; pieceBytes += 1) {
      expect(await readCut(sheet, 0, [], pieceBytes)).toEqual(expected)
    }
  })

  it('places rows and cells without r after the one before, and cells with r where they say', async () => {
    const sheet = Buffer.from(
      `<worksheet xmlns="${MAIN}"><sheetData>` +
        '<row><c t="s"><v>0</v></c><c/><c><v>7</v></c></row>' +
        '<row r="9" spans="1:5"><c r="D9" t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c r="B9"><v>1.5</v></c></row>' +
        '<row/>' +
        '<row><c r="aa3" t="str"><v>far</v></c></row>' +
        '</sheetData></worksheet>',
      'utf8',
    )
    const far = Array.from({ length: 27 }, (_, column) => (column === 26 ? 'far' : ''))
    for (const cut of [0, 60, 61, 100, sheet.length]) {
      expect(await readCut(sheet, cut, ['first'])).toEqual([
        ['first', '', '7'],
        ['', '1.5', '', 'TRUE', '#N/A'],
        [],
        far,
      ])
    }
  })

  it('refuses XML that is not well formed, and a sheet cut short', async () => {
    const cases = [
      `<worksheet><sheetData><row><c><v>1</c></v></row></sheetData></worksheet>`,
      `<worksheet><sheetData></sheetData></worksheet><second/>`,
      `<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet/>`,
      `<worksheet><sheetData><row><c t="inlineStr"><is><t>&bogus;</t></is></c></row></sheetData></worksheet>`,
      `<worksheet><sheetData><row><c t="inlineStr"><is><t>a & b</t></is></c></row></sheetData></worksheet>`,
    ]
    for (const xml of cases) {
      await expect(readCut(Buffer.from(xml), 10)).rejects.toThrow()
    }
    await expect(readCut(Buffer.from(`<worksheet><sheetData><row>`), 5)).rejects.toThrow(
      'the sheet ends before its closing tag',
    )
  })

  it('reads the same rows from large chunks, whatever token each one cuts, long texts included', async () => {
    const long = `${'日本 é '.repeat(1500)}&amp;lt;`
    const rows = Array.from({ length: 60 }, (_, row) => [
      String(row),
      row % 7 === 0 ? long : `text ${row} 😀`,
      `f${row}`,
    ])
    const cell = (text: string, index: number): string =>
      index === 0
        ? `<c><v>${text}</v></c>`
        : index === 1
          ? `<c t="inlineStr"><is><t>${text}</t></is></c>`
          : `<c t="str"><f>"x"</f><v>${text}</v></c>`
    const sheet = Buffer.from(
      `<worksheet xmlns="${MAIN}"><sheetData>` +
        rows.map((row) => `<row>${row.map(cell).join('')}</row>`).join('') +
        '</sheetData></worksheet>',
      'utf8',
    )
    const expected = rows.map((row) => row.map((text) => text.replace('&amp;lt;', '&lt;')))
    for (const pieceBytes of [4097, 5000, 7919, 20_000]) {
      for (const cut of [0, 1, 4096, 4097, 9001]) {
        expect(await readCut(sheet, cut, [], pieceBytes)).toEqual(expected)
      }
    }
  })

  it('matches end tags by their bytes: prefixes, and names beyond ASCII', async () => {
    const sheet = Buffer.from(
      `\uFEFF<?xml version="1.0"?><!-- a comment --><x:worksheet xmlns:x="${MAIN}"><x:sheetData>` +
        '<x:row><x:c t="inlineStr"><x:is><x:t>a<!-- cut -->b</x:t></x:is></x:c><données>é</données ></x:row>' +
        '</x:sheetData></x:worksheet >\n',
      'utf8',
    )
    for (let pieceBytes = 1; pieceBytes <= 4; pieceBytes += 1) {
      expect(await readCut(sheet, 0, [], pieceBytes)).toEqual([['ab']])
    }
    await expect(
      readCut(Buffer.from('<worksheet><sheetData><données></donnees></sheetData></worksheet>'), 3),
    ).rejects.toThrow('an end tag that does not match its start tag')
  })

  it("reads cell styles' number formats from cellXfs, not cellStyleXfs", async () => {
    const styles = await readStyles(
      bytesOf([
        `<styleSheet xmlns="${MAIN}"><numFmts><numFmt numFmtId="170" formatCode="&quot;Day&quot; yyyy-mm-dd"/></numFmts>` +
          '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>' +
          '<cellXfs><xf numFmtId="0"/><xf numFmtId="170"/><xf numFmtId="49"/><xf numFmtId="22"/></cellXfs></styleSheet>',
      ]),
    )
    expect(styles).toEqual({
      formats: [undefined, '"Day" yyyy-mm-dd', '@', 'm/d/yy h:mm'],
      isDate: [false, true, false, true],
      showsTime: [false, false, false, true],
    })
  })
})

describe('cancelling a workbook mid-read', () => {
  it('answers cancelled and leaves no open file and no temporary file', async () => {
    const source = fixtureRecords(3000)
    const { path } = await exportReport(dir, source, 'xlsx')
    const scratch = join(dir, 'tmp')
    await mkdir(scratch)
    const previous = process.env.TMPDIR
    // Anything a reader parks in the system's temporary folder would land here.
    process.env.TMPDIR = scratch
    try {
      const { result, filesBefore, filesAfter } = await openAndCancelAt(path, 1000)
      expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
      expect(filesAfter).toBe(filesBefore)
      expect(await readdir(scratch)).toEqual([])
    } finally {
      if (previous === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previous
    }
  })
})
