/**
 * Where the user's config file and sbk's state (the query log) live, and whether the query log is on.
 * Every one-shot search asks, so the answer must be cheap when the log is off: one environment lookup
 * and at most one read of a small file. The yaml library costs ~50-75 ms to load on this machine
 * (measured with `node -e "require('yaml')"`), more than a whole search; it is loaded only when the
 * config file names `query_log` at all.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lazyRequire } from '../lazy.js';

type Env = NodeJS.ProcessEnv;

function baseDir(env: Env, xdg: string, fallback: string[]): string {
  const dir = env[xdg];
  // The XDG spec: a relative path in these variables is invalid and must be ignored.
  return dir && path.isAbsolute(dir) ? dir : path.join(env.HOME || lazyRequire<typeof import('node:os')>('node:os').homedir(), ...fallback);
}

/** `$XDG_CONFIG_HOME/sbk/config.yaml`, else `~/.config/sbk/config.yaml`. */
export function configPath(env: Env = process.env): string {
  return path.join(baseDir(env, 'XDG_CONFIG_HOME', ['.config']), 'sbk', 'config.yaml');
}

/** `$XDG_STATE_HOME/sbk`, else `~/.local/state/sbk`: the user's own data that is not configuration. */
export function stateDir(env: Env = process.env): string {
  return path.join(baseDir(env, 'XDG_STATE_HOME', ['.local', 'state']), 'sbk');
}

export function defaultLogFile(env: Env = process.env): string {
  return path.join(stateDir(env), 'queries.jsonl');
}

export interface LogSetting {
  /** The file to append to, or undefined when the log is off. */
  file?: string;
  /** Why the config could not be read (the log stays off); said once on stderr. */
  warning?: string;
}

/** `SBK_QUERY_LOG=FILE` for one run or a script; else `query_log: true` in the config file. */
export function queryLogSetting(env: Env = process.env): LogSetting {
  const forced = env.SBK_QUERY_LOG;
  if (forced) return { file: path.resolve(forced) };
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  if (!/^query_log\s*:/m.test(text)) return {};
  let config: unknown;
  try {
    config = lazyRequire<typeof import('yaml')>('yaml').parse(text);
  } catch {
    return { warning: `配置文件 ${file} 不是有效的 YAML：请修正，本次不记录查询` };
  }
  const on = (config as { query_log?: unknown } | null)?.query_log;
  if (on === true) return { file: defaultLogFile(env) };
  if (on === false || on === null) return {};
  return { warning: `配置文件 ${file} 中 query_log 应为 true 或 false：本次不记录查询` };
}
