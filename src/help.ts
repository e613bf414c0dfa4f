/**
 * `--help` and `sbk help <命令>`, written from the declarations in src/commandline.ts and wrapped to
 * the terminal by display width (a Chinese character is two columns), with Chinese placeholders.
 */
import { COMMANDS, GLOBAL_OPTIONS, PROGRAM, VERSION_OPTION, commandSpec, type ArgSpec, type CommandSpec, type OptionSpec } from './commandline.js';
import { wrap } from './render/text.js';
import { displayWidth } from './render/width.js';

function argText(a: ArgSpec): string {
  const inner = `${a.name}${a.variadic ? '...' : ''}`;
  return a.required ? `<${inner}>` : `[${inner}]`;
}

function optionText(o: OptionSpec): string {
  const names = [o.short ? `-${o.short}` : '', `--${o.long}`].filter(Boolean).join(', ');
  return `${o.short ? '' : '    '}${names}${o.value ? ` <${o.value}>` : ''}`;
}

function optionDescription(o: OptionSpec): string {
  return o.default !== undefined ? `${o.description}（默认：${String(o.default)}）` : o.description;
}

/**
 * Two columns, `term  description`, the description wrapped beside the term; when the terms are too wide
 * for that (a narrow terminal), each description goes under its term, indented.
 */
function items(rows: [string, string][], width: number): string[] {
  const termWidth = Math.max(0, ...rows.map(([t]) => displayWidth(t)));
  const side = termWidth + 6 <= Math.floor(width * 0.5);
  const out: string[] = [];
  for (const [term, desc] of rows) {
    if (!desc) {
      out.push(...fit(`  ${term}`, width));
      continue;
    }
    if (side) {
      const pad = ' '.repeat(termWidth + 4);
      const lines = wrap(desc, width, pad);
      out.push(`  ${term}${' '.repeat(termWidth - displayWidth(term) + 2)}${lines[0]!.slice(pad.length)}`, ...lines.slice(1));
    } else {
      out.push(...fit(`  ${term}`, width), ...wrap(desc, width, '          '));
    }
  }
  return out;
}

/** A line that may be too long (an example command): wrapped, continuation lines indented further. */
function fit(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const indent = line.match(/^\s*/)![0];
  const [first, ...rest] = wrap(line.trimStart(), width, indent);
  return [first!, ...rest.flatMap((l) => wrap(l.trimStart(), width, `${indent}    `))];
}

/** An example: `command  explanation`; the explanation goes under the command when both do not fit. */
function example(line: string, width: number): string[] {
  const m = line.match(/^(.*?\S)\s{2,}(\S.*)$/);
  if (!m || displayWidth(`  ${line}`) <= width) return fit(`  ${line}`, width);
  return [...fit(`  ${m[1]}`, width), ...wrap(m[2]!, width, '      ')];
}

function section(title: string, lines: string[]): string[] {
  return lines.length ? ['', title, ...lines] : [];
}

function usageLine(path: string[], spec: CommandSpec | undefined): string {
  if (!spec) return `用法：sbk [选项] [命令] [问题...]`;
  if (spec.subcommands) return `用法：sbk ${path.join(' ')} <子命令> [选项]`;
  const args = (spec.args ?? []).map(argText).join(' ');
  return `用法：sbk ${path.join(' ')} [选项]${args ? ` ${args}` : ''}`;
}

/**
 * The help for the program (`path` empty), a command or a subcommand, at most `width` columns a line.
 * In the session (`inSession`) the program's own options are left out: they are given when it starts.
 */
export function helpText(path: readonly string[], width: number, inSession = false): string {
  const w = Math.max(30, width);
  const top = path.length ? commandSpec(path[0]!) : undefined;
  const spec = top && path[1] ? top.subcommands?.find((s) => s.name === path[1]) : top;
  const lines: string[] = [...fit(usageLine([...path], spec), w), '', ...wrap(spec ? spec.description : PROGRAM.description, w)];
  if (!spec) {
    lines.push(...section('命令：', items(COMMANDS.map((c) => [`${c.name}${c.args?.length ? ` ${c.args.map(argText).join(' ')}` : c.subcommands ? ' <子命令>' : ''}`, c.description]), w)));
    lines.push(...section('选项：', items([VERSION_OPTION, ...GLOBAL_OPTIONS].map((o) => [optionText(o), optionDescription(o)]), w)));
    lines.push(...section('示例：', PROGRAM.examples.flatMap((e) => example(e, w))));
    lines.push('', ...wrap('运行 sbk help <命令> 或 sbk <命令> --help 查看一个命令的用法。', w));
    return lines.join('\n') + '\n';
  }
  if (spec.subcommands) {
    lines.push(...section('子命令：', items(spec.subcommands.map((s) => [`${s.name} ${(s.args ?? []).map(argText).join(' ')}`.trim(), s.description]), w)));
  }
  lines.push(...section('参数：', items((spec.args ?? []).map((a) => [argText(a), a.description]), w)));
  lines.push(...section('选项：', items((spec.options ?? []).map((o) => [optionText(o), optionDescription(o)]), w)));
  if (!inSession) lines.push(...section('全局选项：', items(GLOBAL_OPTIONS.map((o) => [optionText(o), optionDescription(o)]), w)));
  lines.push(...section('示例：', (spec.examples ?? []).flatMap((e) => example(e, w))));
  return lines.join('\n') + '\n';
}
