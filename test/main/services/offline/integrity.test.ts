import { describe, expect, it } from 'vitest'
import { CANONICAL_FORM_ID } from '../../../../src/main/services/export/canonical-hash'
import { reportEntries, reportJson, type ExportMetadata } from '../../../../src/main/services/export/report'
import { assessIntegrity, NOT_MADE_BY_APP } from '../../../../src/main/services/offline/integrity'
import {
  metadataFromReportJson,
  metadataFromReportSheet,
  type ReportMetadata,
} from '../../../../src/main/services/offline/report-metadata'

const HASH = 'a'.repeat(64)
const OTHER = 'b'.repeat(64)

const EXPORT: ExportMetadata = {
  format: 'xlsx',
  generatedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
  appVersion: '1.2.3',
  apiBase: 'https://api.convoso.com/v1',
  filtersDescription: 'global',
  params: { campaign_id: '0' },
  scope: { kind: 'all' },
  totalAtStart: 1_234_567,
  totalAtEnd: 1_234_567,
  rowsWritten: 1_001_000,
  duplicatesRemoved: 0,
  dataChanged: false,
  changes: [],
  partial: true,
  unreachableRows: 233_567,
  sha256: HASH.toUpperCase(),
  cellsAlteredByXlsx: 1234,
}

describe('the Report sheet and .report.json, read back', () => {
  it('reads every value the Report sheet carries', () => {
    const metadata = metadataFromReportSheet(new Map(reportEntries(EXPORT)))
    expect(metadata).toEqual({
      generatedAt: '2025-01-02T03:04:05.000Z',
      filtersDescription: 'global',
      paramsAsSent: { campaign_id: '0' },
      apiBase: 'https://api.convoso.com/v1',
      appVersion: '1.2.3',
      rowsRecorded: 1_001_000,
      recordedSha256: HASH,
      hashMethod: CANONICAL_FORM_ID,
      partial: true,
      cellsAlteredByXlsx: 1234,
    })
  })

  it('reads "None" as no altered cells and a complete report as not partial', () => {
    const entries = new Map(reportEntries({ ...EXPORT, partial: false, cellsAlteredByXlsx: 0 }))
    expect(metadataFromReportSheet(entries)).toMatchObject({ partial: false, cellsAlteredByXlsx: 0 })
  })

  it('leaves an edited value unknown rather than the whole sheet foreign', () => {
    const entries = new Map<string, string | number>(reportEntries(EXPORT))
    entries.set('Rows written', 'lots')
    entries.set('Filters as sent to Convoso', '{not json')
    entries.set('Generated at (UTC)', 'yesterday')
    entries.set('Row hash (SHA-256)', 'abc')
    expect(metadataFromReportSheet(entries)).toMatchObject({
      rowsRecorded: undefined,
      paramsAsSent: undefined,
      generatedAt: undefined,
      recordedSha256: undefined,
      appVersion: '1.2.3',
    })
    entries.set('Rows written', '1,001,000')
    expect(metadataFromReportSheet(entries)?.rowsRecorded).toBe(1_001_000)
  })

  it('is not ours without the title row', () => {
    const entries = new Map<string, string | number>(reportEntries(EXPORT))
    entries.set('Report', 'Quarterly numbers')
    expect(metadataFromReportSheet(entries)).toBeUndefined()
    expect(metadataFromReportSheet(new Map())).toBeUndefined()
  })

  it('reads every value a .report.json carries', () => {
    const json = reportJson(
      { ...EXPORT, format: 'csv', cellsAlteredByXlsx: undefined, formulaCellsNeutralised: 3 },
      {
        name: 'opt-outs.csv',
        bytes: 1234,
        sha256: OTHER,
      },
    )
    expect(metadataFromReportJson(JSON.stringify(json))).toEqual({
      kind: 'found',
      metadata: {
        generatedAt: '2025-01-02T03:04:05.000Z',
        filtersDescription: 'global',
        paramsAsSent: { campaign_id: '0' },
        apiBase: 'https://api.convoso.com/v1',
        appVersion: '1.2.3',
        rowsRecorded: 1_001_000,
        recordedSha256: HASH,
        hashMethod: CANONICAL_FORM_ID,
        partial: true,
        file: { name: 'opt-outs.csv', bytes: 1234, sha256: OTHER },
      },
    })
  })

  it('says why a .report.json cannot be used', () => {
    expect(metadataFromReportJson('{')).toEqual({
      kind: 'unreadable',
      reason: 'is not valid JSON (it may be damaged or cut short)',
    })
    expect(metadataFromReportJson('[]')).toEqual({
      kind: 'unreadable',
      reason: 'is not an Opt-Out Desk report file',
    })
  })
})

describe('the integrity verdict', () => {
  const found = (metadata: Partial<ReportMetadata>) =>
    ({
      kind: 'found',
      metadata: { partial: false, recordedSha256: HASH, rowsRecorded: 1000, ...metadata },
    }) as const

  it('is intact when the rows hash as recorded', () => {
    expect(
      assessIntegrity({ format: 'xlsx', metadata: found({}), rowsRead: 1000, actualSha256: HASH }),
    ).toEqual({
      integrity: 'intact',
      detail: 'Every row matches the hash recorded when the report was made.',
    })
  })

  it('is modified otherwise, counting rows fewer or more', () => {
    const verdict = (rowsRead: number) =>
      assessIntegrity({ format: 'xlsx', metadata: found({}), rowsRead, actualSha256: OTHER })
    expect(verdict(997)).toEqual({
      integrity: 'modified',
      detail:
        'The rows no longer match the hash recorded when the report was made: 3 rows fewer than the 1,000 recorded.',
    })
    expect(verdict(1001).detail).toContain('1 row more than the 1,000 recorded.')
    expect(verdict(1000).detail).toContain('the 1,000 rows are all there')
  })

  it('is unverified when XLSX could not hold some cells, when nothing was recorded, or the method is unknown', () => {
    expect(
      assessIntegrity({
        format: 'xlsx',
        metadata: found({ cellsAlteredByXlsx: 2 }),
        rowsRead: 1000,
        actualSha256: OTHER,
      }).integrity,
    ).toBe('unverified')
    expect(
      assessIntegrity({ format: 'xlsx', metadata: { kind: 'missing' }, rowsRead: 5, actualSha256: OTHER }),
    ).toEqual({
      integrity: 'unverified',
      detail: NOT_MADE_BY_APP,
    })
    expect(
      assessIntegrity({
        format: 'xlsx',
        metadata: found({ recordedSha256: undefined }),
        rowsRead: 5,
        actualSha256: OTHER,
      }).detail,
    ).toMatch(/row hash recorded in the report is missing/)
    expect(
      assessIntegrity({
        format: 'xlsx',
        metadata: found({ hashMethod: 'opt-out-desk/rows-v9' }),
        rowsRead: 5,
        actualSha256: HASH,
      }).detail,
    ).toMatch(/method this version does not know \(opt-out-desk\/rows-v9\)/)
  })

  it('tells a re-saved CSV from an untouched one', () => {
    const csv = (fileSha256: string) =>
      assessIntegrity({
        format: 'csv',
        metadata: found({ file: { sha256: HASH } }),
        rowsRead: 1000,
        actualSha256: HASH,
        fileSha256,
      })
    expect(csv(HASH).detail).toBe(
      'Every row matches the hash recorded when the report was made. The file is byte for byte as it was written.',
    )
    expect(csv(OTHER)).toMatchObject({ integrity: 'intact', detail: expect.stringContaining('re-saved') })
  })
})
