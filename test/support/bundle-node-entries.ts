import { build } from 'esbuild'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/**
 * Bundles main-process entry points (a benchmark case, a worker thread) into plain CommonJS, the way electron-vite builds the app: our code in
 * one file, packages left as runtime requires. Tests and benchmarks then run
 * the same kind of JavaScript the app ships, in plain Node, without a
 * TypeScript loader in the way. The output sits under node_modules/.cache so
 * those requires resolve from the project's node_modules.
 */

const ROOT = resolve(__dirname, '../..')

/** Returns the path of each bundled entry, by name. */
export async function bundleNodeEntries<Name extends string>(
  entries: Record<Name, string>,
  folder: string,
): Promise<Record<Name, string>> {
  const outdir = join(ROOT, 'node_modules/.cache/opt-out-desk', folder)
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'silent',
  })
  const paths = {} as Record<Name, string>
  for (const name of Object.keys(entries) as Name[]) paths[name] = join(outdir, `${name}.js`)
  return paths
}
