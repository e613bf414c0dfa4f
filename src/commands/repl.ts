/**
 * `sbk repl`: the session mode for an operator's shift. Type what the caller says and see the answers;
 * a number opens that result in full; `:tree lost-card`, `:outlets 章丘` and the other commands run
 * as they would on the command line. The session itself is in src/repl (session.ts and its parts).
 */
import type { Context } from '../context.js';
import { runSession } from '../repl/session.js';

export function run(ctx: Context): Promise<number> {
  return runSession(ctx);
}
