import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RendererApp } from './api'

/** settings.json edited by hand to point at `apiBase`, before main first reads it. */
export const editSettingsFile = (app: RendererApp, apiBase: string): Promise<void> =>
  writeFile(join(app.userDataDir, 'settings.json'), JSON.stringify({ version: 1, apiBase }))
