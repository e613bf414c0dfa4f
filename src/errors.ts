/**
 * Exit codes, decided here and nowhere else (clig.dev conventions):
 * - 0 found: results on stdout;
 * - 1 nothing found: the question or keyword was understood, nothing matches it (a search without an
 *   answer, an outlet keyword no outlet has, a valid district without outlets);
 * - 2 usage or data error: what was typed cannot be run as given — a misspelt command or option, a bad
 *   option value, and a name the user typed that sbk does not know (`tree no-such`, `show no-such`,
 *   `outlets --bank 花旗`, `--district 火星`): the message says which names exist. Also data files
 *   that cannot be read or are invalid, and output that cannot be written;
 * - 130 interrupted (Ctrl-C, a prompt cancelled).
 * Every error is one line on stderr starting with `sbk：` (reportError below).
 */
export const EXIT = {
  found: 0,
  notFound: 1,
  usage: 2,
  interrupted: 130,
} as const;

/**
 * An error the user can cause and fix. The message is one line of Chinese that says what to do;
 * the CLI's error boundary prints it to stderr and exits with `exitCode`, never with a stack trace.
 */
export class SbkError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    /** Extra lines printed after the message (e.g. every data problem found). */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'SbkError';
  }
}


/** The exit code of a run that found `n` results. */
export function foundCode(n: number): number {
  return n > 0 ? EXIT.found : EXIT.notFound;
}

/**
 * Control characters shown as `\x1b` and the like: a message quotes what the user typed or what a data
 * file holds (`tree $'\e[2J'`), and that must not clear the screen, ring the bell or break the one line.
 */
const visible = (text: string) => text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** The one place that turns an error into a message on stderr and an exit code. */
export function reportError(e: unknown, err: (text: string) => void = (t) => void process.stderr.write(t)): number {
  if (e instanceof SbkError) {
    err(`sbk：${visible(e.message)}\n`);
    for (const d of e.details) err(`  ${visible(d)}\n`);
    return e.exitCode;
  }
  if (e instanceof Error && e.name === 'ExitPromptError') {
    err('\n已取消。\n');
    return EXIT.interrupted;
  }
  const what = e instanceof Error ? e.message : String(e);
  err(`sbk：内部错误（${visible(what.split('\n')[0]!)}）。请把这条信息和所用命令报告给维护者；设置 SBK_DEBUG=1 可看到详细信息。\n`);
  if (process.env.SBK_DEBUG && e instanceof Error) err(`${e.stack}\n`);
  return EXIT.usage;
}
