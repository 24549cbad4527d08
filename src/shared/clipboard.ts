/**
 * Most characters one copy carries (a 1000-row page of long reasons fits many times over). Kept out of
 * contract.ts so the window can check it without bundling zod.
 */
export const MAX_COPY_TEXT_LENGTH = 4_000_000
