/** What every command receives: the terminal, its colour styles and the global options. */
import { processTerminal, type Terminal } from './io.js';
import { packageRoot } from './paths.js';
import { loadStyle, type Style } from './render/style.js';
import type { KeyQueue } from './repl/keys.js';

interface GlobalOptions {
  dataDir?: string;
  color?: boolean;
  /** false with --no-pager. */
  pager?: boolean;
  /** --notes: show the maintainers' notes (source errors) in text views too. */
  notes?: boolean;
}

export interface Context {
  term: Terminal;
  /** Colour styles for `term` (plain when it gets no colour). */
  style: Style;
  dataDir: string;
  /** Maintainers' notes shown in text views (--notes); JSON always carries them. */
  notes: boolean;
  /**
   * Run by the session mode (sbk repl): a prompt (a tree's questions) reads the session's keys, in the
   * order typed, and its Ctrl-C goes back to the session, not out of sbk.
   */
  session?: { keys: KeyQueue };
}

/** A Context for the global options, on the given terminal (the process's own unless a test passes one). */
export async function makeContext(globals: GlobalOptions, term: Terminal = processTerminal({ noColor: globals.color === false, noPager: globals.pager === false })): Promise<Context> {
  return { term, style: await loadStyle(term.color), dataDir: globals.dataDir ?? packageRoot(), notes: globals.notes === true };
}
