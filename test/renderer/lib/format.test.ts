import { describe, expect, it } from 'vitest'
import { fileNameOf, folderOf, phoneDisplay } from '../../../src/renderer/src/lib/format'

describe('phoneDisplay (numbers shown formatted for their country)', () => {
  it('writes a US number as Americans do, and with its code for anywhere else', () => {
    expect(phoneDisplay('1', '8181233567')).toEqual({
      national: '(818) 123-3567',
      international: '+1 818 123 3567',
    })
  })

  it('reads a number stored with or without its trunk 0 as the same number', () => {
    const expected = { national: '07700 900123', international: '+44 7700 900123' }
    expect(phoneDisplay('44', '7700900123')).toEqual(expected)
    expect(phoneDisplay('44', '07700900123')).toEqual(expected)
    expect(phoneDisplay('33', '680491744')).toEqual({
      national: '06 80 49 17 44',
      international: '+33 6 80 49 17 44',
    })
  })

  it('gives nothing to format when the stored text is not a possible number for its code', () => {
    expect(phoneDisplay('1', '8181233')).toBeNull()
    expect(phoneDisplay('', '8181233567')).toBeNull()
    expect(phoneDisplay('1', '818-123-3567')).toBeNull()
    expect(phoneDisplay('1', '')).toBeNull()
    expect(phoneDisplay('99999', '8181233567')).toBeNull()
  })
})

describe('fileNameOf and folderOf (a path written on any system)', () => {
  it('splits Windows and POSIX paths into folder and file name', () => {
    expect(fileNameOf('C:\\Reports\\march.xlsx')).toBe('march.xlsx')
    expect(folderOf('C:\\Reports\\march.xlsx')).toBe('C:\\Reports')
    expect(folderOf('/home/ana/Reports/march - removed.csv')).toBe('/home/ana/Reports')
    expect(folderOf('march.xlsx')).toBe('')
  })
})
