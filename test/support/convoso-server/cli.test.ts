import { describe, expect, it } from 'vitest'
import { DEFAULT_CLI_OPTIONS, parseCliArgs } from './cli'

describe('parseCliArgs', () => {
  it('falls back to the defaults, including the demo token', () => {
    expect(parseCliArgs([])).toEqual(DEFAULT_CLI_OPTIONS)
    expect(parseCliArgs(['--'])).toEqual(DEFAULT_CLI_OPTIONS)
  })

  it('reads every option', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--records',
        '1000000',
        '--seed',
        '7',
        '--token',
        'a',
        '--token',
        'b',
        '--latency',
        '250',
        '--shape',
        'data.entries',
        '--numbers',
        '--no-control',
      ]),
    ).toEqual({
      port: 0,
      records: 1_000_000,
      seed: 7,
      tokens: ['a', 'b'],
      latencyMs: 250,
      shape: 'data.entries',
      numbersAsStrings: false,
      control: false,
    })
  })

  it.each([
    [['--port'], /--port needs a whole number/],
    [['--records', 'many'], /--records needs a whole number/],
    [['--shape', 'xml'], /--shape is records or data.entries/],
    [['--token', ''], /--token needs a value/],
    [['--verbose'], /Unknown option --verbose/],
  ])('rejects %j with the usage text', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message)
    expect(() => parseCliArgs(argv)).toThrow(/Options:/)
  })
})
