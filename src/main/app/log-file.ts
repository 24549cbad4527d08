import { renameSync, writeFileSync } from 'node:fs'
import { join, parse } from 'node:path'
import nodeLog from 'electron-log/node'

export const LOG_FILE_NAME = 'main.log'
/** 1 MB per file and three older files kept: a few days of heavy use, never more than 4 MB. */
export const LOG_MAX_BYTES = 1024 * 1024
export const LOG_FILES_KEPT = 3

/**
 * A rotating log file in `dir` (main.log, then main.1.log … main.3.log). Lines arrive already
 * formatted and redacted by createLog; this only stores them.
 *
 * electron-log's Node entry is used rather than `electron-log/main`: the main entry registers an
 * `__ELECTRON_LOG__` IPC channel on import, which any renderer could call, outside the contract
 * and its sender check. The file transport, its size cap and synchronous writes (a line logged
 * just before a crash is on disk) are the same.
 */
export function createLogFile(
  dir: string,
  { maxBytes = LOG_MAX_BYTES, keep = LOG_FILES_KEPT }: { maxBytes?: number; keep?: number } = {},
): (line: string) => void {
  const logger = nodeLog.create({ logId: `opt-out-desk:${dir}` })
  logger.transports.console.level = false
  const file = logger.transports.file
  file.level = 'info'
  file.format = '{text}'
  file.maxSize = maxBytes
  file.resolvePathFn = () => join(dir, LOG_FILE_NAME)
  file.archiveLogFn = (oldLog) => {
    try {
      rotate(oldLog.path, keep)
    } catch {
      // The file cannot be renamed (held open elsewhere on Windows): start it afresh instead of
      // letting it grow without bound.
      writeFileSync(oldLog.path, '')
    }
  }
  return (line) => logger.info(line)
}

/** main.log → main.1.log → main.2.log …; the oldest beyond `keep` is overwritten. */
function rotate(path: string, keep: number): void {
  const { dir, name, ext } = parse(path)
  const numbered = (index: number) => join(dir, `${name}.${index}${ext}`)
  for (let index = keep - 1; index >= 1; index -= 1) {
    try {
      renameSync(numbered(index), numbered(index + 1))
    } catch {
      // That generation does not exist yet.
    }
  }
  renameSync(path, numbered(1))
}
