export { normaliseNumbers, recordKey, type NormaliseOptions } from './normalise'
export { readSendList, previewSendList, type SendListPreviewData } from './read-send-list'
export type { NormalisedList, ReadSendListOptions, SendListProgress, SendListRead } from './types'
