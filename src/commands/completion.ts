/**
 * `sbk completion bash|zsh`: a completion script for the user's shell, generated from the command
 * declarations (src/commandline.ts: commands, their options and what each option's value or argument
 * is) and from what sbk knows now: tree ids, entry ids, the banks' short names, the districts that have
 * outlets or offices.
 */
import { COMMANDS, GLOBAL_OPTIONS, VERSION_OPTION, type CommandSpec, type Completer, type OptionSpec } from '../commandline.js';
import { faq, knowledgeBase, trees } from '../services.js';
import { districtStem, normalizeDistrict } from '../lookup/districts.js';
import { outletDistricts } from '../lookup/outlets.js';
import { shortName } from '../lookup/banks.js';
import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';

/** What the shell offers: a list of words, or the shell's own directory or file completion. */
type Offer = { words: string[] } | { dirs: true } | { files: true };

export interface CompletionWords {
  commands: string[];
  globalOptions: string[];
  /** Each command's option flags (a command's subcommands' too). */
  options: Record<string, string[]>;
  /** After an option that takes a value: `command:flag` (command empty for a program option) → offer. */
  values: Record<string, Offer>;
  /** A command's arguments (for `source` and `config`: their subcommands). */
  args: Record<string, Offer>;
}

const flags = (o: OptionSpec) => [...(o.short ? [`-${o.short}`] : []), `--${o.long}`];

/** A district as callers say it: without 区/县 unless that leaves no district name (南部山区 stays whole). */
function spoken(d: string): string {
  const stem = districtStem(d);
  return normalizeDistrict(stem) === d ? stem : d;
}

async function completionWords(ctx: Context): Promise<CompletionWords> {
  const kb = await knowledgeBase(ctx.dataDir);
  const set = await trees(ctx.dataDir);
  const { entries } = await faq(ctx.dataDir);
  const officeDistricts = [...new Set(kb.offices.offices.map((o) => normalizeDistrict(o.district) ?? o.district))];
  const source: Record<Completer, Offer> = {
    banks: { words: kb.banks.banks.map(shortName) },
    districts: { words: outletDistricts(kb.banks.outlets).map(spoken) },
    'office-districts': { words: officeDistricts.map(spoken) },
    trees: { words: set.trees.map((t) => t.id) },
    entries: { words: entries.map((e) => e.id) },
    dirs: { dirs: true },
    files: { files: true },
    shells: { words: ['bash', 'zsh'] },
  };
  const offer = (o: OptionSpec): Offer | undefined => (o.choices ? { words: [...o.choices] } : o.complete && source[o.complete]);
  const values: Record<string, Offer> = {};
  const options: Record<string, string[]> = {};
  const args: Record<string, Offer> = {};
  const valueOffers = (cmd: string, opts: OptionSpec[]) => {
    for (const o of opts) {
      const v = o.value && offer(o);
      if (v) for (const f of flags(o)) values[`${cmd}:${f}`] = v;
    }
  };
  valueOffers('', GLOBAL_OPTIONS);
  const own = (c: CommandSpec): OptionSpec[] => [...(c.options ?? []), ...(c.subcommands ?? []).flatMap(own)];
  for (const c of COMMANDS) {
    options[c.name] = [...new Set([...own(c).map((o) => `--${o.long}`), ...GLOBAL_OPTIONS.map((o) => `--${o.long}`)])];
    valueOffers(c.name, own(c));
    if (c.subcommands) args[c.name] = { words: c.subcommands.map((s) => s.name) };
    else if (c.args?.[0]?.complete) args[c.name] = source[c.args[0].complete];
  }
  return {
    commands: COMMANDS.map((c) => c.name),
    globalOptions: [VERSION_OPTION, ...GLOBAL_OPTIONS].map((o) => `--${o.long}`),
    options,
    values,
    args,
  };
}

/**
 * Words for the shell, each in single quotes ('\'' for a quote inside), the one quoting that both
 * bash and zsh read as plain text: a bank alias such as `$(touch X)` stays those characters. (sbk
 * validate also rejects aliases with shell metacharacters; this holds whatever the data says.)
 * The bash script never hands words to `compgen -W`, which would expand them again.
 */
const shellWord = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
const q = (words: readonly string[]) => words.map(shellWord).join(' ');

/**
 * The case pattern of the program options that take a value (`--data-dir`): the word after one is never
 * the command. Declared names (letters and dashes), not data.
 */
const valued = () => GLOBAL_OPTIONS.filter((o) => o.value).flatMap(flags).join('|');

/** Case patterns `cmd:flag` of the value offers, grouped by offer. */
function valueCases(w: CompletionWords, act: (o: Offer) => string): string {
  const groups = new Map<string, string[]>();
  for (const [key, o] of Object.entries(w.values)) {
    const body = act(o);
    groups.set(body, [...(groups.get(body) ?? []), key.startsWith(':') ? `*${key}` : key]);
  }
  return [...groups].map(([body, keys]) => `    ${keys.map((k) => shellWord(k).replace(/^'\*/, "*'")).join('|')}) ${body}; return ;;`).join('\n');
}

export function bashScript(w: CompletionWords): string {
  const bashOffer = (o: Offer) => ('words' in o ? `_sbk_offer "$cur" ${q(o.words)}` : 'dirs' in o ? `COMPREPLY=($(compgen -d -- "$cur"))` : `COMPREPLY=($(compgen -f -- "$cur"))`);
  const cases = Object.entries(w.options)
    .map(([cmd, opts]) => `    ${cmd}) opts=(${q(opts)}) ;;`)
    .join('\n');
  const argCases = Object.entries(w.args)
    .map(([cmd, o]) => `    ${cmd}) ${bashOffer(o)} ;;`)
    .join('\n');
  return `# sbk bash completion. Install: sbk completion bash >> ~/.bashrc  (then open a new shell)
# _sbk_offer CUR WORD...: the words that start with CUR, taken literally (never expanded).
_sbk_offer() {
  local cur="$1" w
  shift
  COMPREPLY=()
  for w in "$@"; do
    [[ "$w" == "$cur"* ]] && COMPREPLY+=("$w")
  done
}
_sbk() {
  local cur prev cmd i opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${valued()}) i=$((i + 1)) ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd:$prev" in
${valueCases(w, bashOffer)}
  esac
  if [[ -z "$cmd" ]]; then
    _sbk_offer "$cur" ${q(w.commands)} ${q(w.globalOptions)}
    return
  fi
  case "$cmd" in
${cases}
    *) opts=() ;;
  esac
  if [[ "$cur" == -* ]]; then
    _sbk_offer "$cur" "\${opts[@]}"
    return
  fi
  case "$cmd" in
${argCases}
  esac
}
complete -F _sbk sbk
`;
}

export function zshScript(w: CompletionWords): string {
  const zshOffer = (o: Offer) => ('words' in o ? `compadd -- ${q(o.words)}` : 'dirs' in o ? '_files -/' : '_files');
  const cases = Object.entries(w.options)
    .map(([cmd, opts]) => `    ${cmd}) opts=(${q(opts)}) ;;`)
    .join('\n');
  const argCases = Object.entries(w.args)
    .map(([cmd, o]) => `    ${cmd}) ${zshOffer(o)} ;;`)
    .join('\n');
  return `#compdef sbk
# sbk zsh completion. Install: sbk completion zsh > "\${fpath[1]}/_sbk"  (then run: compinit)
_sbk() {
  local cmd="" i opts
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in
      ${valued()}) ((i++)) ;;
      -*) ;;
      *) cmd="\${words[i]}"; break ;;
    esac
  done
  case "$cmd:\${words[CURRENT-1]}" in
${valueCases(w, zshOffer)}
  esac
  if [[ -z "$cmd" ]]; then
    compadd -- ${q(w.commands)} ${q(w.globalOptions)}
    return
  fi
  case "$cmd" in
${cases}
    *) opts=() ;;
  esac
  if [[ "\${words[CURRENT]}" == -* ]]; then
    compadd -- "\${opts[@]}"
    return
  fi
  case "$cmd" in
${argCases}
  esac
}
compdef _sbk sbk
`;
}

export async function run(ctx: Context, shell: string): Promise<number> {
  if (shell !== 'bash' && shell !== 'zsh') {
    throw new SbkError(`不支持的 shell“${shell}”：请用 sbk completion bash 或 sbk completion zsh`, EXIT.usage);
  }
  const words = await completionWords(ctx);
  ctx.term.out(shell === 'bash' ? bashScript(words) : zshScript(words));
  return EXIT.found;
}
