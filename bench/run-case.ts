import { spawn } from 'node:child_process'

/**
 * Runs one bundled benchmark case in its own plain-Node process (so its CPU and peak RSS are its
 * own) as `node [nodeArgs] script '<request json>'`, and returns the JSON line it prints last.
 */
export function runCase<Result>(
  script: string,
  request: unknown,
  name: string,
  nodeArgs: readonly string[] = [],
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${name} exited with ${code}`))
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Result)
    })
  })
}
