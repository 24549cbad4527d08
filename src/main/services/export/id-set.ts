/**
 * The ids an export has written, to drop a row that comes back twice. Exact,
 * never probabilistic: a false "seen" would silently lose a record from the
 * report. Convoso's ids are positive whole numbers, so those live in an
 * open-addressing table of doubles (8 bytes each at most half full: 16 MB for
 * a million, against about 40 MB in a `Set`); any other id is kept as text.
 */

/** Whole numbers a double holds exactly, written without leading zeros. */
const NUMERIC_ID = /^[1-9]\d{0,14}$/

const INITIAL_CAPACITY = 1 << 14

function slotOf(value: number, mask: number): number {
  // Mix both 32-bit halves: ids are often sequential, and plain low bits would cluster.
  const low = value >>> 0
  const high = Math.floor(value / 4294967296) >>> 0
  const mixed = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b)
  return (mixed ^ (mixed >>> 15)) & mask
}

export class IdSet {
  /** 0 marks an empty slot; numeric ids are never 0. */
  private table = new Float64Array(INITIAL_CAPACITY)
  private numericCount = 0
  private readonly others = new Set<string>()

  get size(): number {
    return this.numericCount + this.others.size
  }

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (!NUMERIC_ID.test(id)) {
      if (this.others.has(id)) return false
      this.others.add(id)
      return true
    }
    const value = Number(id)
    if (!this.insert(this.table, value)) return false
    this.numericCount += 1
    if (this.numericCount * 2 > this.table.length) this.grow()
    return true
  }

  private insert(table: Float64Array, value: number): boolean {
    const mask = table.length - 1
    for (let slot = slotOf(value, mask); ; slot = (slot + 1) & mask) {
      const held = table[slot]
      if (held === 0) {
        table[slot] = value
        return true
      }
      if (held === value) return false
    }
  }

  private grow(): void {
    const old = this.table
    const table = new Float64Array(old.length * 2)
    for (const value of old) if (value !== 0) this.insert(table, value)
    this.table = table
  }
}
