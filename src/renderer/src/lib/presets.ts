import {
  describeFilters,
  toSearchParams,
  type SearchFilters,
  type SearchParams,
} from '../../../shared/filters'
import type { PageSize } from '../../../shared/paging'
import { PRESET_NAME_MAX, uniquePresetName, type Preset } from '../../../shared/presets'

const TEXT_FIELDS = ['id', 'campaignId', 'phoneCode', 'phoneNumber', 'insertDate', 'insertDateTo'] as const

/**
 * Whether two filter forms ask for the same search. Surrounding spaces do not
 * count (every field is trimmed before it is sent), and a reason or purpose
 * text only counts while its mode is "Equals…" (otherwise it is not sent).
 */
export function sameFilters(a: SearchFilters, b: SearchFilters): boolean {
  if (TEXT_FIELDS.some((field) => a[field].trim() !== b[field].trim())) return false
  if (a.reasonMode !== b.reasonMode || a.purposeMode !== b.purposeMode) return false
  if (a.reasonMode === 'equals' && a.reasonText.trim() !== b.reasonText.trim()) return false
  if (a.purposeMode === 'equals' && a.purposeText.trim() !== b.purposeText.trim()) return false
  return true
}

/**
 * Whether two forms run the same search: when both can be searched, what would be sent is
 * compared (so `(818) 123-3567` and `8181233567`, or campaign `042` and `42`, are the same);
 * otherwise the forms are, as `sameFilters` does.
 */
export function sameSearch(a: SearchFilters, b: SearchFilters): boolean {
  const left = toSearchParams(a)
  const right = toSearchParams(b)
  if (!left.ok || !right.ok) return sameFilters(a, b)
  const keys = new Set([...Object.keys(left.params), ...Object.keys(right.params)])
  return [...keys].every(
    (key) =>
      JSON.stringify(left.params[key as keyof SearchParams]) ===
      JSON.stringify(right.params[key as keyof SearchParams]),
  )
}

/** True when the form (filters and page size) differs from what the preset holds. */
export function isModified(preset: Preset, filters: SearchFilters, pageSize: PageSize): boolean {
  return preset.pageSize !== pageSize || !sameSearch(preset.filters, filters)
}

/** The filters as a preset keeps them: a reason or purpose text that is not sent is not kept either. */
export function presetFilters(filters: SearchFilters): SearchFilters {
  return {
    ...filters,
    reasonText: filters.reasonMode === 'equals' ? filters.reasonText : '',
    purposeText: filters.purposeMode === 'equals' ? filters.purposeText : '',
  }
}

/** "Global, reason blank": what a preset searches for, in the words the results summary uses. */
export function summariseFilters(filters: SearchFilters): string {
  const validation = toSearchParams(filters)
  if (!validation.ok) return 'filters that need fixing'
  return describeFilters(validation.params)
}

/** A first suggestion for the "Save as preset" name, free among the existing names. */
export function suggestPresetName(filters: SearchFilters, taken: readonly string[]): string {
  const summary = summariseFilters(filters)
  const base = summary === 'all records' ? 'All opt-outs' : summary.charAt(0).toUpperCase() + summary.slice(1)
  const trimmed = base.length > PRESET_NAME_MAX ? `${base.slice(0, PRESET_NAME_MAX - 1).trimEnd()}…` : base
  return uniquePresetName(trimmed, taken)
}
