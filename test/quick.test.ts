/**
 * The quick path (src/quick.ts) must read a one-shot search exactly as the full command line does, and
 * leave everything else to it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildProgram, commandNames } from '../src/program.js';
import { COMMAND_NAMES, quickSearch, type QuickSearch } from '../src/quick.js';
import { runCli } from './helpers/cli.js';

type Reading = 'error' | 'other command' | QuickSearch;

/** What commander makes of the arguments: the search it would run, another command, or an error. */
async function commanderReads(args: string[]): Promise<Reading> {
  const program = buildProgram();
  let got: Reading = 'error';
  for (const c of [program, ...program.commands]) c.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const c of program.commands) {
    if (c.name() !== 'search') c.action(() => void (got = 'other command'));
  }
  program.commands.find((c) => c.name() === 'search')!.action((query: string[], opts: Record<string, unknown>, cmd) => {
    const globals = cmd.optsWithGlobals();
    got = {
      query,
      opts: { limit: opts.limit as number, ...(opts.json ? { json: true } : {}), ...(opts.explain ? { explain: true } : {}) },
      globals: {
        color: globals.color as boolean,
        ...(globals.pager === false ? { pager: false } : {}),
        ...(globals.dataDir !== undefined ? { dataDir: globals.dataDir as string } : {}),
      },
    };
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch {
    return 'error';
  }
  return got;
}

describe('quick path', () => {
  it('knows the same command names as the command line', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(commandNames().sort());
  });

  it('takes plain searches and leaves everything else to the command line', () => {
    expect(quickSearch(['卡丢了'])).toEqual({ query: ['卡丢了'], opts: { limit: 5 }, globals: { color: true } });
    expect(quickSearch(['search', '补卡', '周末', '-n', '3', '--json', '--no-color'])).toEqual({
      query: ['补卡', '周末'], opts: { limit: 3, json: true }, globals: { color: false },
    });
    for (const args of [[], ['search'], ['show', 'lost-card'], ['tree'], ['--help'], ['卡丢了', '-h'], ['-V'], ['卡丢了', '--limit', '0'],
      ['卡丢了', '--limit', 'abc'], ['卡丢了', '--bogus'], ['search', '--', '-x'], ['--json']]) {
      expect(quickSearch(args), JSON.stringify(args)).toBeUndefined();
    }
  });

  it('reads every argument list it takes exactly as commander does', async () => {
    const token = fc.constantFrom(
      '卡丢了', '补卡', 'shebaoka', 'search', 'show', 'tree', 'outlets', 'lost-card', '--json', '--explain', '--limit', '-n', '3', '0', '200',
      '201', 'abc', '-n2', '--limit=4', '--no-color', '--no-pager', '--data-dir', '/tmp', '--', '-x', '--help', '-h', '-V', '--version', '', ' ', '-',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 7 }), async (args) => {
        const quick = quickSearch(args);
        if (quick === undefined) return;
        expect(await commanderReads(args)).toEqual(quick);
      }),
      { numRuns: 400 },
    );
  });

  it('answers exactly as the full command line does', () => {
    // `--` ends the options, which the quick path leaves to the full command line.
    for (const [query, ...opts] of [['社保卡丢了', '--json'], ['mima wangle', '--explain', '-n', '2'], ['火星签证', '--json'], ['sbk jh']]) {
      const quick = runCli(['search', ...opts, query!]);
      const full = runCli(['search', ...opts, '--', query!]);
      expect(quick.stdout).toBe(full.stdout);
      expect(quick.stderr).toBe(full.stderr);
      expect(quick.code).toBe(full.code);
    }
  });
});
