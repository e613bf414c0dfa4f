/**
 * Inside the session a command is typed `:tree lost-card`, not `sbk tree lost-card`. The commands'
 * hints and messages are written for the command line (`用 sbk tree <id> 开始问诊`, `更多：sbk outlets …`,
 * `例如 sbk phones 7600`); what the session shows of them says the session's syntax instead.
 *
 * This is done where the session hands a line to a command: everything written to stdout and stderr
 * while that line is answered passes through `sessionSyntax`. Only `sbk <a command name>` and
 * `sbk --help` change, so the knowledge base's own words are untouched (they never name sbk's commands).
 */

/** Rewrites command-line syntax into the session's: `sbk tree X` → `:tree X`, `sbk --help` → `:help`. */
export function sessionSyntax(text: string, commands: readonly string[]): string {
  if (!text.includes('sbk')) return text;
  const names = commands.map((c) => c.replace(/[^a-z-]/g, '')).join('|');
  return text
    .replace(/\bsbk <命令> --help\b/g, ':help <命令>')
    .replace(/\bsbk (?:(\S+) )?--help\b/g, (_m, cmd: string | undefined) => (cmd ? `:help ${cmd}` : ':help'))
    .replace(new RegExp(`\\bsbk (?=(?:${names})\\b)`, 'g'), ':');
}

type Write = typeof process.stdout.write;

/**
 * Runs `fn` with stdout and stderr writes passed through `sessionSyntax`: commands run in the session
 * exactly as on the command line (their own modules, their own reporters), and only what reaches the
 * terminal is said in the session's syntax.
 */
export async function withSessionSyntax<T>(commands: readonly string[], fn: () => Promise<T>): Promise<T> {
  const streams = [process.stdout, process.stderr] as const;
  const saved = streams.map((s) => s.write);
  streams.forEach((s, i) => {
    const original = saved[i]!;
    s.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? sessionSyntax(chunk, commands) : chunk;
      return (original as (...a: unknown[]) => boolean).call(this, text, ...rest);
    } as Write;
  });
  try {
    return await fn();
  } finally {
    streams.forEach((s, i) => (s.write = saved[i]!));
  }
}
