/**
 * Where the user's config file and sbk's state (the query log) live, its settings, and whether the query log is on.
 * Every one-shot search asks, so the answer must be cheap when the log is off: one environment lookup
 * and at most one read of a small file. The yaml library costs ~50-75 ms to load on this machine
 * (measured with `node -e "require('yaml')"`), more than a whole search; it is loaded only when the
 * config file names the setting asked for at all (`query_log`; the session's `history`, src/repl/history.ts).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { lazyRequire } from '../lazy.js';

type Env = NodeJS.ProcessEnv;

function baseDir(env: Env, xdg: string, fallback: string[]): string {
  const dir = env[xdg];
  // The XDG spec: a relative path in these variables is invalid and must be ignored.
  return dir && isAbsolute(dir) ? dir : join(env.HOME || homedir(), ...fallback);
}

/** `$XDG_CONFIG_HOME/sbk/config.yaml`, else `~/.config/sbk/config.yaml`. */
export function configPath(env: Env = process.env): string {
  return join(baseDir(env, 'XDG_CONFIG_HOME', ['.config']), 'sbk', 'config.yaml');
}

/** `$XDG_STATE_HOME/sbk`, else `~/.local/state/sbk`: the user's own data that is not configuration. */
export function stateDir(env: Env = process.env): string {
  return join(baseDir(env, 'XDG_STATE_HOME', ['.local', 'state']), 'sbk');
}

export function defaultLogFile(env: Env = process.env): string {
  return join(stateDir(env), 'queries.jsonl');
}

interface LogSetting {
  /** The file to append to, or undefined when the log is off. */
  file?: string;
  /** Why the config could not be read (the log stays off); said once on stderr. */
  warning?: string;
}

interface ConfigSetting {
  /** The config file. */
  file: string;
  /** The file names the key at the top level (else the yaml library is never loaded). */
  named: boolean;
  /** The key's value, when the file is YAML. */
  value?: unknown;
  /** The file names the key but is not YAML. */
  invalid?: true;
}

/** A top-level setting of the config file (`query_log: true`, `history: false`), read as cheaply as it can be. */
export function configSetting(key: string, env: Env = process.env): ConfigSetting {
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { file, named: false };
  }
  if (!new RegExp(`^${key}\\s*:`, 'm').test(text)) return { file, named: false };
  try {
    const config = lazyRequire<typeof import('yaml')>('yaml').parse(text) as Record<string, unknown> | null;
    return { file, named: true, value: config?.[key] };
  } catch {
    return { file, named: true, invalid: true };
  }
}

/** `SBK_QUERY_LOG=FILE` for one run or a script; else `query_log: true` in the config file. */
export function queryLogSetting(env: Env = process.env): LogSetting {
  const forced = env.SBK_QUERY_LOG;
  if (forced) return { file: resolve(forced) };
  const { file, named, value: on, invalid } = configSetting('query_log', env);
  if (!named) return {};
  if (invalid) return { warning: `配置文件 ${file} 不是有效的 YAML：请修正，本次不记录查询` };
  if (on === true) return { file: defaultLogFile(env) };
  if (on === false || on === null) return {};
  return { warning: `配置文件 ${file} 中 query_log 应为 true 或 false：本次不记录查询` };
}
