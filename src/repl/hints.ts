/**
 * Inside the session a command is typed `:tree lost-card`, not `sbk tree lost-card`. The commands'
 * hints and messages are written for the command line (`用 sbk tree <id> 开始问诊`, `更多：sbk outlets …`,
 * `例如 sbk phones 7600`); what the session shows of them says the session's syntax instead.
 *
 * This is done by the Terminal the session hands its commands (sessionTerminal): what they write on it
 * passes through `sessionSyntax`; no global stream is touched. Only `sbk <a command name>` and
 * `sbk --help` change, so the knowledge base's own words are untouched (they never name sbk's commands).
 */
import type { Terminal } from '../io.js';

/** Rewrites command-line syntax into the session's: `sbk tree X` → `:tree X`, `sbk --help` → `:help`. */
export function sessionSyntax(text: string, commands: readonly string[]): string {
  if (!text.includes('sbk')) return text;
  const names = commands.map((c) => c.replace(/[^a-z-]/g, '')).join('|');
  return text
    .replace(/\bsbk <命令> --help\b/g, ':help <命令>')
    .replace(/\bsbk (?:(\S+) )?--help\b/g, (_m, cmd: string | undefined) => (cmd ? `:help ${cmd}` : ':help'))
    .replace(new RegExp(`\\bsbk (?=(?:${names})\\b)`, 'g'), ':');
}

/**
 * The session's terminal for the commands it runs and for its own answers: `base` with everything
 * written to stdout, stderr and the prompt stream (a tree's questions) said in the session's syntax,
 * and the width the window has now. Commands run in the session exactly as on the command line (their
 * own modules, their own reporters); only what they are handed to write on differs.
 */
export function sessionTerminal(base: Terminal, commands: readonly string[], width: () => number): Terminal {
  const say = (t: string) => sessionSyntax(t, commands);
  const prompts = sayingStream(base.prompts, say);
  return Object.create(base, {
    out: { value: (t: string) => base.out(say(t)) },
    err: { value: (t: string) => base.err(say(t)) },
    page: { value: (t: string) => base.page(say(t)) },
    width: { get: width },
    prompts: { value: prompts },
  }) as Terminal;
}

/** `stream` with its text writes passed through `rewrite`; everything else (size, events) is the stream's own. */
function sayingStream(stream: NodeJS.WriteStream, rewrite: (t: string) => string): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...a: unknown[]) => boolean).call(stream, typeof chunk === 'string' ? rewrite(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
