import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';

// Placeholder until the command is built (see its issue); it says so instead of pretending to work.
export async function run(_ctx: Context, ..._args: unknown[]): Promise<number> {
  throw new SbkError('sbk phones 尚未实现：请先用 sbk search 搜索', EXIT.usage);
}
