/** What every command receives: the terminal and the global options. */
import { processTerminal, type Terminal } from './io.js';
import { packageRoot } from './paths.js';

export interface GlobalOptions {
  dataDir?: string;
  color?: boolean;
}

export interface Context {
  term: Terminal;
  dataDir: string;
}

export function makeContext(globals: GlobalOptions): Context {
  return {
    term: processTerminal({ noColor: globals.color === false }),
    dataDir: globals.dataDir ?? packageRoot(),
  };
}
