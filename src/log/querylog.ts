/**
 * The query log: opt-in, local, private. One JSON line per search (one-shot, batch, session) and per
 * session event (a result opened, an answer marked good or bad), appended to a file only the user can
 * read (0600, in a 0700 folder), rotated at a size limit so it never grows without bound. Callers'
 * personal numbers are redacted before anything is written (redact.ts). Nothing leaves the machine.
 * `sbk report` reads it (src/log/report.ts).
 */
import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SearchResult } from '../search/index.js';
import { queryLogSetting } from './config.js';
import { redact } from './redact.js';
import type { Context } from '../context.js';

type QueryMode = 'oneshot' | 'batch' | 'session';

/** One line of the log. `event` is absent for a search. */
export interface LogLine {
  time: string;
  mode: QueryMode;
  query: string;
  event?: 'open' | 'good' | 'bad';
  results?: { id: string; score: number }[];
  answered?: boolean;
  near_tie?: boolean;
  /** For open/good/bad: the entry the event is about. */
  id?: string;
  reason?: string;
}

/** Default size at which the log is rotated (queries.jsonl → queries.jsonl.1); SBK_QUERY_LOG_MAX_BYTES overrides. */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * The first two results are a close call when the second scores at least this share of the first: the
 * operator may have read the wrong one. (Issue 10 plans an `ambiguous` flag from the search itself;
 * when it lands, that flag should decide this instead.)
 */
const NEAR_TIE = 0.9;

function nearTie(results: readonly SearchResult[]): boolean {
  return results.length > 1 && results[1]!.score >= NEAR_TIE * results[0]!.score;
}

class QueryLog {
  private failed = false;
  private known?: Set<string>;

  constructor(
    readonly file: string,
    /** The knowledge base's own phone numbers (digits), kept by redaction; loaded on first need. */
    private readonly phones: () => Promise<Iterable<string>>,
    private readonly warn: (message: string) => void,
    private readonly maxBytes: number = MAX_LOG_BYTES,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `ambiguous`: the search's own close-call verdict (src/search); without it, the score ratio decides. */
  async search(mode: QueryMode, query: string, results: readonly SearchResult[], ambiguous?: boolean): Promise<void> {
    await this.write({
      mode,
      query,
      results: results.map((r) => ({ id: r.entry.id, score: Math.round(r.score * 1000) / 1000 })),
      answered: results.length > 0,
      near_tie: ambiguous ?? nearTie(results),
    });
  }

  /** A session event about the answer to `query`: the operator opened `id`, or marked it good or bad. */
  async event(event: 'open' | 'good' | 'bad', query: string, id: string, reason?: string): Promise<void> {
    await this.write({ mode: 'session', query, event, id, ...(reason ? { reason } : {}) });
  }

  private async write(line: Omit<LogLine, 'time'>): Promise<void> {
    if (this.failed) return;
    try {
      const clean = { time: this.now().toISOString(), ...line, query: await this.redact(line.query) };
      if (clean.reason) clean.reason = await this.redact(clean.reason);
      this.append(JSON.stringify(clean) + '\n');
    } catch (e) {
      // The log must never cost the operator an answer: say it once and go on.
      this.failed = true;
      const code = (e as NodeJS.ErrnoException).code;
      this.warn(`sbk：无法写入查询日志 ${this.file}（${code ?? (e as Error).message}）：本次运行不再记录查询\n`);
    }
  }

  private async redact(text: string): Promise<string> {
    // The phone list is needed only for a text with a long number in it.
    if (!/[\d０-９]{5}/.test(text.replace(/[ -]/g, ''))) return redact(text, () => false);
    this.known ??= new Set(await this.phones());
    const known = this.known;
    return redact(text, (d) => known.has(d) || (d.startsWith('0531') && known.has(d.slice(4))));
  }

  private append(text: string): void {
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let size = 0;
    try {
      size = statSync(this.file).size;
    } catch {
      // A new file.
    }
    if (size > 0 && size + Buffer.byteLength(text) > this.maxBytes) renameSync(this.file, `${this.file}.1`);
    appendFileSync(this.file, text, { mode: 0o600 });
    if (size === 0) chmodSync(this.file, 0o600);
  }
}

/**
 * The query log for this run, or undefined when it is off (the usual case: an environment lookup and
 * at most one read of the small config file). `phones` gives the knowledge base's own numbers.
 */
function openQueryLog(phones: () => Promise<Iterable<string>>, warn: (message: string) => void, env: NodeJS.ProcessEnv = process.env): QueryLog | undefined {
  const setting = queryLogSetting(env);
  if (setting.warning) warn(`sbk：${setting.warning}\n`);
  if (!setting.file) return undefined;
  const max = Number(env.SBK_QUERY_LOG_MAX_BYTES);
  return new QueryLog(setting.file, phones, warn, Number.isInteger(max) && max > 0 ? max : MAX_LOG_BYTES);
}

// -- the hooks the search commands call: one call each, the log opened once per process --

let opened: { dataDir: string; log: QueryLog | undefined } | undefined;

function logFor(ctx: Context): QueryLog | undefined {
  if (!opened || opened.dataDir !== ctx.dataDir) {
    opened = { dataDir: ctx.dataDir, log: openQueryLog(() => knownPhones(ctx.dataDir), ctx.term.err) };
  }
  return opened.log;
}

async function knownPhones(dataDir: string): Promise<string[]> {
  const [{ knowledgeBase }, { phoneDirectory }, { phoneKeys }] = await Promise.all([import('../services.js'), import('../lookup/phones.js'), import('../kb/phone.js')]);
  const kb = await knowledgeBase(dataDir);
  return phoneDirectory(kb.banks, kb.offices).flatMap((d) => phoneKeys(d.phone));
}

/** Records a search when the query log is on; does nothing (beyond one cheap check per process) when it is off. */
export async function logSearch(ctx: Context, mode: QueryMode, query: string, results: readonly SearchResult[], ambiguous?: boolean): Promise<void> {
  await logFor(ctx)?.search(mode, query, results, ambiguous);
}

/** Records a session event (result opened, answer marked) when the query log is on. */
export async function logEvent(ctx: Context, event: 'open' | 'good' | 'bad', query: string, id: string, reason?: string): Promise<void> {
  await logFor(ctx)?.event(event, query, id, reason);
}

/** Whether this run records queries (the session says so when it starts). */
export function queryLogOn(ctx: Context): string | undefined {
  return logFor(ctx)?.file;
}
