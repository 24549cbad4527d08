import ExcelJS from 'exceljs'
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReportFileFailure } from '../../../../src/main/services/offline/report-errors'
import { previewSendList, readSendList } from '../../../../src/main/services/send-list/read-send-list'
import { MAX_SEND_LIST_ROWS } from '../../../../src/shared/scrub'
import { tempDir } from '../export/helpers'
import { storedZip } from '../offline/helpers'

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships'
const SHEET_REL = `${RELS}/worksheet`

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterAll(() => cleanup())

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

/** The failure's message, or a test failure when it did not fail. */
async function refusal(read: Promise<unknown>): Promise<string> {
  try {
    await read
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFileFailure)
    return (error as ReportFileFailure).error.message
  }
  throw new Error('expected the read to fail')
}

describe('readSendList: CSV', () => {
  it('reads a comma-separated list with a header row, and hashes the file bytes', async () => {
    const text = 'Name,Phone,Country\r\nAnn,07700 900123,44\r\nBob,(818) 123-3567,1\r\n'
    const path = await file('commas.csv', text)
    const list = await readSendList(path)
    expect(list).toEqual({
      header: ['Name', 'Phone', 'Country'],
      hasHeaderRow: true,
      rows: [
        ['Ann', '07700 900123', '44'],
        ['Bob', '(818) 123-3567', '1'],
      ],
      sha256: createHash('sha256').update(text).digest('hex'),
      format: 'csv',
      fileName: 'commas.csv',
    })
  })

  it.each([
    ['semicolons', 'Name;Mobile\nAnn;+44 7700 900123\nBob;+1 818 123 3567\n'],
    ['tabs', 'Name\tMobile\nAnn\t+44 7700 900123\nBob\t+1 818 123 3567\n'],
    ['a BOM', '\uFEFFName,Mobile\nAnn,+44 7700 900123\nBob,+1 818 123 3567\n'],
  ])('sniffs %s', async (name, text) => {
    const list = await readSendList(await file(`${name}.csv`, text))
    expect(list.header).toEqual(['Name', 'Mobile'])
    expect(list.rows).toEqual([
      ['Ann', '+44 7700 900123'],
      ['Bob', '+1 818 123 3567'],
    ])
  })

  it('keeps a quoted line break and quoted commas inside one cell', async () => {
    const list = await readSendList(
      await file('quoted.csv', 'Name,Phone,Notes\n"Smith, Ann",8181233567,"line one\nline two"\n'),
    )
    expect(list.rows).toEqual([['Smith, Ann', '8181233567', 'line one\nline two']])
  })

  it('reads a list with no header row, naming its columns', async () => {
    const list = await readSendList(await file('bare.csv', '8181233567,Ann\n2135550100,Bob\n'))
    expect(list.hasHeaderRow).toBe(false)
    expect(list.header).toEqual(['Column 1', 'Column 2'])
    expect(list.rows).toHaveLength(2)
  })

  it('skips wholly blank lines, and keeps cell text as written (no trimming, no apostrophe removal)', async () => {
    const list = await readSendList(await file('blank.csv', "Phone,Note\n\n,\n 8181233567 ,'=1+1\n"))
    expect(list.rows).toEqual([[' 8181233567 ', "'=1+1"]])
  })

  it('reads a CSV in the Windows code page (Excel\'s plain "CSV"), not as broken UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('Name,Phone\n'), Buffer.from('Zoë,8181233567\n', 'latin1')])
    const list = await readSendList(await file('latin1.csv', bytes))
    expect(list.rows).toEqual([['Zoë', '8181233567']])
  })

  it('reads UTF-16 text with its BOM (Excel\'s "Unicode text")', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Name\tPhone\nAnn\t8181233567\n', 'utf16le'),
    ])
    const list = await readSendList(await file('utf16.csv', bytes))
    expect(list.header).toEqual(['Name', 'Phone'])
    expect(list.rows).toEqual([['Ann', '8181233567']])
  })

  it('reports progress with rows read', async () => {
    const lines = Array.from({ length: 40_000 }, (_, index) => `${2_135_550_000 + index}`)
    const path = await file('progress.csv', `Phone\n${lines.join('\n')}\n`)
    const seen: number[] = []
    const list = await readSendList(path, { onProgress: (progress) => seen.push(progress.rowsRead) })
    expect(list.rows).toHaveLength(40_000)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((rows, index) => index === 0 || rows >= (seen[index - 1] ?? 0))).toBe(true)
  })

  it(`refuses more than ${MAX_SEND_LIST_ROWS.toLocaleString('en-US')} data rows, saying the limit and to split the file`, async () => {
    const line = '2135550100\n'
    const path = await file('too-long.csv', `Phone\n${line.repeat(MAX_SEND_LIST_ROWS + 1)}`)
    expect(await refusal(readSendList(path))).toBe(
      'too-long.csv has more than 1,000,000 rows. Opt-Out Desk scrubs at most 1,000,000 numbers at a time: ' +
        'split the list into smaller files and scrub each.',
    )
    // exactly the limit is fine
    const fits = await file('fits.csv', `Phone\n${line.repeat(MAX_SEND_LIST_ROWS)}`)
    expect((await readSendList(fits)).rows).toHaveLength(MAX_SEND_LIST_ROWS)
  }, 120_000)

  it('stops when cancelled', async () => {
    const path = await file('cancel.csv', `Phone\n${'2135550100\n'.repeat(10)}`)
    const controller = new AbortController()
    controller.abort()
    const failure = await readSendList(path, { signal: controller.signal }).catch((error: unknown) => error)
    expect((failure as ReportFileFailure).error.kind).toBe('cancelled')
  })
})

/** A workbook written by hand: shared text, inline text, numbers (one as Excel writes a double), a formula. */
function handWorkbook(sheets: { name: string; xml: string }[], shared: string[]): Buffer {
  return storedZip({
    '[Content_Types].xml': '<Types/>',
    '_rels/.rels': `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="r1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets>` +
      sheets
        .map((sheet, index) => `<sheet name="${sheet.name}" sheetId="${index + 1}" r:id="s${index}"/>`)
        .join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `<Relationships xmlns="${PACKAGE_RELS}">` +
      sheets
        .map(
          (_, index) =>
            `<Relationship Id="s${index}" Type="${SHEET_REL}" Target="worksheets/sheet${index}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="ss" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/sharedStrings.xml': `<sst xmlns="${MAIN}">${shared.map((text) => `<si><t>${text}</t></si>`).join('')}</sst>`,
    ...Object.fromEntries(
      sheets.map((sheet, index) => [
        `xl/worksheets/sheet${index}.xml`,
        `<worksheet xmlns="${MAIN}"><sheetData>${sheet.xml}</sheetData></worksheet>`,
      ]),
    ),
  })
}

describe('readSendList: XLSX', () => {
  it('reads shared text, inline text and numbers (their digits, never "8.18E+09" or ".0")', async () => {
    const shared = ['Name', 'Phone', 'Ann', '07700 900123']
    const xml =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>Bob</t></is></c><c r="B3"><v>8181233567</v></c></row>' +
      '<row r="4"><c r="A4" t="inlineStr"><is><t>Cat</t></is></c><c r="B4"><v>4.4770090012300000E+11</v></c></row>' +
      '<row r="6"><c r="A6" t="str"><f>"Dan"</f><v>Dan</v></c><c r="B6" t="n"><v>2135550100</v></c></row>'
    const path = await file('hand.xlsx', handWorkbook([{ name: 'Contacts', xml }], shared))
    const list = await readSendList(path)
    expect(list).toMatchObject({
      header: ['Name', 'Phone'],
      hasHeaderRow: true,
      rows: [
        ['Ann', '07700 900123'],
        ['Bob', '8181233567'],
        ['Cat', '447700900123'],
        ['Dan', '2135550100'],
      ],
      format: 'xlsx',
      sheetName: 'Contacts',
      sha256: createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    })
  })

  it('reads the first sheet with phone numbers when an earlier one has none', async () => {
    const notes = '<row><c t="inlineStr"><is><t>Read me first</t></is></c></row>'
    const numbers = '<row><c><v>8181233567</v></c></row><row><c><v>2135550100</v></c></row>'
    const path = await file(
      'two-sheets.xlsx',
      handWorkbook(
        [
          { name: 'Notes', xml: notes },
          { name: 'Numbers', xml: numbers },
        ],
        [],
      ),
    )
    const list = await readSendList(path)
    expect(list.sheetName).toBe('Numbers')
    expect(list.hasHeaderRow).toBe(false)
    expect(list.rows).toEqual([['8181233567'], ['2135550100']])
    expect((await previewSendList(path)).sheetName).toBe('Numbers')
  })

  it('reads a workbook exceljs writes (shared strings and number cells)', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('List')
    sheet.addRow(['First name', 'Mobile', 'Country code'])
    sheet.addRow(['Ann', '07700 900123', 44])
    sheet.addRow(['Bob', 8181233567, 1])
    const path = join(dir, 'exceljs.xlsx')
    await workbook.xlsx.writeFile(path)
    const list = await readSendList(path)
    expect(list.header).toEqual(['First name', 'Mobile', 'Country code'])
    expect(list.rows).toEqual([
      ['Ann', '07700 900123', '44'],
      ['Bob', '8181233567', '1'],
    ])
  })
})

describe('previewSendList', () => {
  it('gives the header, the first 20 rows padded to its width, suggestions and the line count', async () => {
    const lines = Array.from({ length: 30 }, (_, index) => `Name ${index},${2_135_550_100 + index},1`)
    const path = await file('preview.csv', `Name,Mobile phone,Country code\n${lines.join('\n')}\nShort\n`)
    const preview = await previewSendList(path)
    expect(preview).toMatchObject({
      fileName: 'preview.csv',
      filePath: path,
      format: 'csv',
      header: ['Name', 'Mobile phone', 'Country code'],
      hasHeaderRow: true,
      suggestedPhoneColumn: 1,
      suggestedCodeColumn: 2,
      rowsEstimate: 31,
    })
    expect(preview.sample).toHaveLength(20)
    expect(preview.sample[0]).toEqual(['Name 0', '2135550100', '1'])
    expect(preview.fileBytes).toBeGreaterThan(0)
  })

  it('suggests the phone column by content when no header names it', async () => {
    const preview = await previewSendList(await file('content.csv', 'Ann,x,8181233567\nBob,y,2135550100\n'))
    expect(preview.hasHeaderRow).toBe(false)
    expect(preview.header).toEqual(['Column 1', 'Column 2', 'Column 3'])
    expect(preview.suggestedPhoneColumn).toBe(2)
    expect(preview.suggestedCodeColumn).toBeNull()
  })

  it('prefers the named phone column to another column of numbers', async () => {
    const preview = await previewSendList(
      await file('named.csv', 'Account number,Cell\n12345678,8181233567\n23456789,2135550100\n'),
    )
    expect(preview.suggestedPhoneColumn).toBe(1)
  })

  it('reads only the first rows of a big file', async () => {
    const path = await file('big.csv', `Phone\n${'2135550100\n'.repeat(300_000)}`)
    const preview = await previewSendList(path)
    expect(preview.sample).toHaveLength(20)
    expect(preview.rowsEstimate).toBe(300_000)
  })
})

describe('bad files get a clear message, never a crash', () => {
  it.each([
    ['empty.csv', '', 'empty.csv is empty: it holds no rows. Choose the file with the numbers in it.'],
    [
      'blank.csv',
      '\n\n,,\n',
      'blank.csv has no rows with anything in them. Choose the file with the numbers in it.',
    ],
    [
      'words.csv',
      'Name,City\nAnn,Leeds\n',
      'No column of words.csv holds phone numbers in its first 21 rows (a number has at least 7 digits). ' +
        'Choose the list with the numbers, or put them in a column of their own.',
    ],
  ])('%s', async (name, content, message) => {
    const path = await file(name, content)
    expect(await refusal(previewSendList(path))).toBe(message)
    expect(await refusal(readSendList(path))).toBe(message)
  })

  it('a password-protected (or 97–2003) workbook', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600),
    ])
    expect(await refusal(previewSendList(await file('locked.xlsx', ole)))).toMatch(
      /^locked\.xlsx is password-protected, or is an old Excel 97–2003 workbook, so it cannot be read\. In Excel, remove the password/,
    )
  })

  it('binary data named .csv', async () => {
    const path = await file('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]))
    expect(await refusal(previewSendList(path))).toMatch(
      /^photo\.csv is not a text file \(it holds binary data\)/,
    )
  })

  it('text named .xlsx', async () => {
    const path = await file('renamed.xlsx', 'Phone\n8181233567\n')
    expect(await refusal(previewSendList(path))).toMatch(
      /^renamed\.xlsx is not an Excel workbook, although its name ends in \.xlsx/,
    )
  })

  it('a zip that is not a workbook, and a cut-short workbook', async () => {
    expect(await refusal(previewSendList(await file('zip.xlsx', storedZip({ 'a.txt': 'hello' }))))).toMatch(
      /^zip\.xlsx is a zip file but not an Excel workbook .*Save the list again from your spreadsheet app/,
    )
    const whole = handWorkbook([{ name: 'S', xml: '<row><c><v>8181233567</v></c></row>' }], [])
    expect(
      await refusal(previewSendList(await file('cut.xlsx', whole.subarray(0, whole.length - 30)))),
    ).toMatch(/^cut\.xlsx is damaged: the workbook is incomplete/)
  })

  it('a missing file', async () => {
    expect(await refusal(previewSendList(join(dir, 'nowhere.csv')))).toMatch(
      /^nowhere\.csv could not be found/,
    )
  })

  it('a CSV with a quote never closed', async () => {
    const path = await file(
      'open-quote.csv',
      `Phone,Note\n8181233567,"never closed\n${'2135550100,x\n'.repeat(5)}`,
    )
    expect(await refusal(readSendList(path))).toMatch(
      /^open-quote\.csv is damaged: a quoted value that starts after row 1/,
    )
  })
})
