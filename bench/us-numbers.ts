/** A ten-digit US number written the ways send lists write them: bare, (818) 123-3567, +1 818 …, 1-818-…. */
export function usWritten(digits: string, shape: number): string {
  switch (shape % 4) {
    case 0:
      return digits
    case 1:
      return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
    case 2:
      return `+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`
    default:
      return `1-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`
  }
}
