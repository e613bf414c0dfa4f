/**
 * The quick path for the call sbk gets most: a one-shot search (`sbk 卡丢了怎么办`, `sbk search 补卡 --json`,
 * from an operator or from a script thousands of times). Recognising it with node's own parseArgs
 * skips loading commander and declaring every command, a sixth of such a run. Anything it does not
 * recognise exactly (another command, help, version, batch input from stdin, an unknown or malformed
 * option, `--`) goes to the full command line in program.ts, which also reports every usage error;
 * test/quick.test.ts checks that both read every argument list the same way.
 */
import { parseArgs } from 'node:util';
import type { GlobalOptions } from './context.js';
import type { SearchOptions } from './commands/search.js';
import { DEFAULT_LIMIT, parseLimit } from './options.js';

/** The commands program.ts declares (a first word that names one is not a query). */
export const COMMAND_NAMES = ['search', 'show', 'validate', 'tree', 'banks', 'outlets', 'offices', 'phones', 'repl', 'completion', 'source', 'report', 'config'];

export interface QuickSearch {
  query: string[];
  opts: SearchOptions;
  globals: GlobalOptions;
}

/** The search the arguments ask for, or undefined when the full command line must read them. */
export function quickSearch(args: string[]): QuickSearch | undefined {
  if (args.includes('--')) return undefined;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        limit: { type: 'string', short: 'n', multiple: true },
        json: { type: 'boolean' },
        explain: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'no-pager': { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
    });
  } catch {
    return undefined;
  }
  const { values, positionals } = parsed;
  // As commander reads it: a command name counts only right after the program's own options; otherwise
  // every word, `search` included, belongs to the default command's query (`sbk --json search 卡` asks
  // for "search 卡").
  let k = 0;
  while (k < args.length && (args[k] === '--no-color' || args[k] === '--no-pager' || args[k] === '--data-dir' || args[k]!.startsWith('--data-dir='))) {
    k += args[k] === '--data-dir' ? 2 : 1;
  }
  let query = positionals;
  if (args[k] === 'search') query = query.slice(1);
  else if (args[k] !== undefined && COMMAND_NAMES.includes(args[k]!)) return undefined;
  // No query: batch input, the session mode or a usage message.
  if (!query.length) return undefined;
  // Commander checks every --limit given (the last one counts): so does this.
  let limit = DEFAULT_LIMIT;
  try {
    for (const v of values.limit ?? []) limit = parseLimit(v);
  } catch {
    return undefined;
  }
  const globals: GlobalOptions = { color: !values['no-color'] };
  if (values['no-pager']) globals.pager = false;
  if (values['data-dir'] !== undefined) globals.dataDir = values['data-dir'];
  const opts: SearchOptions = { limit };
  if (values.json) opts.json = true;
  if (values.explain) opts.explain = true;
  return { query, opts, globals };
}
