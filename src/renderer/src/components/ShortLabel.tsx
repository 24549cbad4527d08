/**
 * A header button's label, shortened where the header is tight (styles/features/header.css); the long one
 * stays its accessible name. Outside the header both show as the long one.
 */
export function ShortLabel({ long, short }: { long: string; short: string }) {
  return (
    <>
      <span className="label-long">{long}</span>
      <span className="label-short" aria-hidden="true">
        {short}
      </span>
    </>
  )
}
