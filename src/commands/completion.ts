/**
 * `sbk completion bash|zsh`: a completion script for the user's shell, generated from what sbk knows
 * now: the commands and their options, the tree ids, the bank names and the district names.
 */
import type { Command } from 'commander';
import { knowledgeBase, trees } from '../services.js';
import { DISTRICTS, districtStem } from '../lookup/districts.js';
import { FORMATS } from '../render/formats.js';
import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';

export interface CompletionWords {
  commands: string[];
  options: Record<string, string[]>;
  globalOptions: string[];
  trees: string[];
  banks: string[];
  districts: string[];
  formats: string[];
}

export async function completionWords(ctx: Context): Promise<CompletionWords> {
  const { buildProgram, commandNames } = await import('../program.js');
  const program = buildProgram();
  const longFlags = (c: Command) => c.options.map((o) => o.long).filter((f): f is string => Boolean(f));
  const kb = await knowledgeBase(ctx.dataDir);
  const set = await trees(ctx.dataDir);
  return {
    commands: commandNames(program),
    options: Object.fromEntries(program.commands.map((c) => [c.name(), [...longFlags(c), '--help']])),
    globalOptions: [...longFlags(program), '--help', '--version'],
    trees: set.trees.map((t) => t.id),
    banks: [...new Set(kb.banks.banks.flatMap((b) => b.aliases))],
    districts: DISTRICTS.map(districtStem),
    formats: [...FORMATS],
  };
}

/**
 * Words for the shell, each in single quotes ('\'' for a quote inside), the one quoting that both
 * bash and zsh read as plain text: a bank alias such as `$(touch X)` stays those characters. (sbk
 * validate also rejects aliases with shell metacharacters; this holds whatever the data says.)
 * The bash script never hands words to `compgen -W`, which would expand them again.
 */
export const shellWord = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
const q = (words: string[]) => words.map(shellWord).join(' ');

export function bashScript(w: CompletionWords): string {
  const cases = Object.entries(w.options)
    .map(([cmd, opts]) => `    ${cmd}) opts=(${q(opts)}) ;;`)
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
      --data-dir) i=$((i + 1)) ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$prev" in
    -b|--bank) _sbk_offer "$cur" ${q(w.banks)}; return ;;
    -d|--district) _sbk_offer "$cur" ${q(w.districts)}; return ;;
    -f|--format) _sbk_offer "$cur" ${q(w.formats)}; return ;;
    --data-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
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
    tree) _sbk_offer "$cur" ${q(w.trees)} ;;
    banks) _sbk_offer "$cur" ${q(w.banks)} ;;
    offices|outlets) _sbk_offer "$cur" ${q(w.districts)} ;;
    completion) _sbk_offer "$cur" bash zsh ;;
  esac
}
complete -F _sbk sbk
`;
}

export function zshScript(w: CompletionWords): string {
  const cases = Object.entries(w.options)
    .map(([cmd, opts]) => `    ${cmd}) opts=(${q(opts)}) ;;`)
    .join('\n');
  return `#compdef sbk
# sbk zsh completion. Install: sbk completion zsh > "\${fpath[1]}/_sbk"  (then run: compinit)
_sbk() {
  local cmd="" i opts
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in
      --data-dir) ((i++)) ;;
      -*) ;;
      *) cmd="\${words[i]}"; break ;;
    esac
  done
  case "\${words[CURRENT-1]}" in
    -b|--bank) compadd -- ${q(w.banks)}; return ;;
    -d|--district) compadd -- ${q(w.districts)}; return ;;
    -f|--format) compadd -- ${q(w.formats)}; return ;;
    --data-dir) _files -/; return ;;
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
    tree) compadd -- ${q(w.trees)} ;;
    banks) compadd -- ${q(w.banks)} ;;
    offices|outlets) compadd -- ${q(w.districts)} ;;
    completion) compadd -- bash zsh ;;
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
