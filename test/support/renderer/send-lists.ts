import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sendListCsv, type ScrubFixture } from '../scrub-send-list'
import type { RendererApp } from './api'
import { reportsFolder } from './reports'

/** The fixture's send list as a CSV in the profile's Reports folder; answers its path. */
export async function writeSendList(app: RendererApp, fixture: ScrubFixture, name: string): Promise<string> {
  const path = join(await reportsFolder(app), name)
  await writeFile(path, sendListCsv(fixture.rows))
  return path
}

/** A file with this name and text in the profile's Reports folder (e.g. not a workbook at all). */
export async function writeTextFile(app: RendererApp, name: string, text: string): Promise<string> {
  const path = join(await reportsFolder(app), name)
  await writeFile(path, text)
  return path
}

/** Where a file of this name goes in the profile's Reports folder. */
export const inReportsFolder = async (app: RendererApp, name: string): Promise<string> =>
  join(await reportsFolder(app), name)
