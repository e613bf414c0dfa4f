/** `sbk config path`: where sbk reads the user's settings (query_log) and where the query log goes. */
import { configPath, defaultLogFile } from '../log/config.js';
import { EXIT } from '../errors.js';
import type { Context } from '../context.js';

export async function path(ctx: Context, opts: { log?: boolean }): Promise<number> {
  ctx.term.out(`${opts.log ? defaultLogFile() : configPath()}\n`);
  return EXIT.found;
}
