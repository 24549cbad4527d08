import { build } from 'esbuild'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/**
 * Bundles main-process entry points (a worker thread's script, a benchmark
 * case) into plain CommonJS, the way electron-vite builds the app: our code in
 * one file, packages left as runtime requires. Tests and benchmarks then run
 * the same kind of JavaScript the app ships, in plain Node, without a
 * TypeScript loader in the way. The output sits under node_modules/.cache so
 * those requires resolve from the project's node_modules.
 */

const ROOT = resolve(__dirname, '../..')

export const XLSX_WORKER_ENTRY = join(ROOT, 'src/main/services/export/xlsx-writer-worker.ts')

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

/** The XLSX writer worker, built once per process. */
let worker: Promise<string> | undefined
export function xlsxWorkerScript(): Promise<string> {
  worker ??= bundleNodeEntries({ 'xlsx-writer-worker': XLSX_WORKER_ENTRY }, `worker-${process.pid}`).then(
    (paths) => paths['xlsx-writer-worker'],
  )
  return worker
}
