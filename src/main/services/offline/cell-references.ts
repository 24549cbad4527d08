/**
 * `r` on `<row>` and `<c>` is optional in OOXML (a row is then the one after
 * the previous, a cell the one right of the previous) and some writers leave
 * it out; exceljs's reader needs it (it reads `undefined.length` without it).
 * A sheet whose first cell has no `r` gets every missing one written in, as
 * its text streams by; a sheet whose first cell has one is passed through
 * untouched, so our own reports pay nothing for this.
 */

const TAG = /<(row|c)(?=[\s/>])([^>]*)>/g
const R_ATTRIBUTE = /(?:^|\s)r\s*=\s*(["'])([^"']*)\1/
const FIRST_CELL = /<c(?=[\s/>])([^>]*)>/

function columnLetters(column: number): string {
  let letters = ''
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters
  }
  return letters
}

function columnNumber(reference: string): number {
  let column = 0
  for (const char of reference.toUpperCase()) {
    const code = char.charCodeAt(0)
    if (code < 65 || code > 90) break
    column = column * 26 + (code - 64)
  }
  return column
}

/** Adds `r` to each row and cell that lacks it; chunks are re-cut only at a tag's start. */
export async function* withCellReferences(text: AsyncIterable<string>): AsyncGenerator<string> {
  let mode: 'undecided' | 'rewrite' | 'pass' = 'undecided'
  let held = ''
  let row = 0
  let column = 0

  const rewrite = (chunk: string): string =>
    chunk.replace(TAG, (tag: string, name: string, attributes: string) => {
      const reference = R_ATTRIBUTE.exec(attributes)?.[2]
      if (name === 'row') {
        column = 0
        if (reference !== undefined) {
          row = Number.parseInt(reference, 10) || row + 1
          return tag
        }
        row += 1
        return `<row r="${row}"${attributes}>`
      }
      if (reference !== undefined) {
        column = columnNumber(reference) || column + 1
        return tag
      }
      column += 1
      return `<c r="${columnLetters(column)}${row}"${attributes}>`
    })

  for await (const chunk of text) {
    if (mode === 'pass') {
      if (held !== '') yield held
      held = ''
      yield chunk
      continue
    }
    let current = held + chunk
    held = ''
    // A tag cut by the chunk boundary waits for its end.
    const open = current.lastIndexOf('<')
    if (open !== -1 && current.indexOf('>', open) === -1) {
      held = current.slice(open)
      current = current.slice(0, open)
    }
    if (mode === 'undecided') {
      const first = FIRST_CELL.exec(current)
      if (first) mode = R_ATTRIBUTE.test(first[1] ?? '') ? 'pass' : 'rewrite'
    }
    // Until the first cell decides, rows are still counted, so a rewrite that starts later numbers them right.
    const out = mode === 'pass' ? current : rewrite(current)
    if (out !== '') yield out
  }
  if (held !== '') yield mode === 'rewrite' ? rewrite(held) : held
}
