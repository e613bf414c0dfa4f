/**
 * Search as you type (`:live` or Ctrl-F in the session): the results change with every key, fzf-style,
 * the picked answer's first lines shown below them. ↑/↓ pick, Enter opens the pick in the session's
 * transcript, Esc goes back to the prompt with what was typed. It draws on the terminal's alternate
 * screen, so the session's transcript is there again afterwards, and redraws at the new size when the
 * window is resized. A warm query takes about a millisecond: there is no waiting for Enter.
 */
import { stripVTControlCharacters } from 'node:util';
import type { AnyResult, SearchResponse } from '../search/index.js';
import { displayWidth, truncate } from '../render/width.js';
import type { Style } from '../render/style.js';
import { isCtrl, isEnter, typed } from './keys.js';
import type { KeySource } from './editor.js';

interface LiveView {
  keys: KeySource;
  write(text: string): void;
  width(): number;
  height(): number;
  style: Style;
  search(query: string, limit: number): SearchResponse;
  /** One result in full, as the session shows it, at this width. */
  full(r: AnyResult, width: number): string;
  initial: string;
}

type LiveResult = { kind: 'open'; response: SearchResponse; n: number } | { kind: 'back'; query: string };

const LIMIT = 9;

const KIND: Record<string, string> = { office: '经办机构', yibao: '医保办', bank: '银行', outlet: '网点', phone: '电话' };

/** A result in one line: the question (or row name) first, the id after it. */
function oneLine(r: AnyResult, width: number): string {
  const tail = r.kind === 'faq' ? `  (${r.entry.id})` : `  【${KIND[r.kind] ?? r.kind}】`;
  const head = r.kind === 'faq' ? r.entry.question : r.title;
  if (displayWidth(head) + displayWidth(tail) <= width) return head + tail;
  // The question matters more than the id: it keeps at least three fifths of the row, the id is cut to
  // what is left (the preview below has it whole), or left out when too little is.
  const headRoom = Math.max(width - displayWidth(tail), Math.min(displayWidth(head), Math.ceil((width * 3) / 5)));
  const idRoom = width - headRoom;
  if (idRoom >= displayWidth(tail)) return truncate(head, headRoom) + tail;
  if (r.kind === 'faq' && idRoom >= 10) return truncate(head, headRoom) + `  (${truncate(r.entry.id, idRoom - 4)})`;
  return truncate(head, width);
}

/** The screen for a query and the picked result: exactly `height` rows, none wider than `width`. */
export function liveScreen(
  v: Pick<LiveView, 'style' | 'full'>,
  query: string,
  resp: SearchResponse,
  picked: number,
  width: number,
  height: number,
): { rows: string[]; cursorCol: number } {
  const { style } = v;
  const rows: string[] = [];
  const prompt = '实时搜索› ';
  rows.push(prompt + query);
  const n = resp.results.length;
  const status = !query.trim()
    ? '输入问题，结果随输入更新 · Esc 返回'
    : n
      ? `${n} 条 · ↑↓ 选择 · 回车 打开 · Esc 返回`
      : '没有找到相关答案：换个说法或关键词 · Esc 返回';
  rows.push(style.dim(truncate(status, width)));
  const listRows = Math.min(n, Math.max(2, Math.min(LIMIT, Math.floor((height - 3) / 2))));
  // Keep the pick in view when the list is cut.
  const first = Math.max(0, Math.min(picked - listRows + 1, n - listRows));
  for (let i = first; i < first + listRows; i++) {
    const line = oneLine(resp.results[i]!, width - 2);
    rows.push(i === picked ? style.bold('▶ ' + line) : '  ' + line);
  }
  const sel = resp.results[picked];
  if (sel && rows.length < height - 1) {
    rows.push(style.dim('─'.repeat(width)));
    const preview = v.full(sel, width).replace(/\n$/, '').split('\n');
    for (const l of preview) {
      if (rows.length >= height) break;
      // A row wider than the screen would wrap and push the screen up: cut it (its colour goes with it).
      rows.push(displayWidth(l) > width ? truncate(stripVTControlCharacters(l), width) : l);
    }
  }
  return { rows: rows.slice(0, height), cursorCol: displayWidth(prompt + query) };
}

export async function liveSearch(v: LiveView): Promise<LiveResult> {
  let query = v.initial;
  let picked = 0;
  let resp: SearchResponse = { query: '', results: [], ambiguous: false };
  let searched: string | undefined;
  const update = () => {
    if (searched === query) return;
    resp = query.trim() ? v.search(query, LIMIT) : { query, results: [], ambiguous: false };
    searched = query;
    picked = Math.min(picked, Math.max(0, resp.results.length - 1));
  };
  const draw = () => {
    const width = v.width();
    const height = v.height();
    update();
    const { rows, cursorCol } = liveScreen(v, query, resp, picked, width, height);
    v.write('\x1b[H' + rows.map((r) => r + '\x1b[K').join('\r\n') + '\x1b[J' + `\x1b[1;${Math.min(width, cursorCol + 1)}H`);
  };
  v.write('\x1b[?1049h');
  try {
    draw();
    for (;;) {
      const k = await v.keys.next();
      const t = typed(k);
      if (t !== undefined) {
        query += t;
        picked = 0;
      } else if (isEnter(k)) {
        update();
        if (resp.results.length) return { kind: 'open', response: resp, n: picked + 1 };
      } else if (k.name === 'escape' || isCtrl(k, 'c') || isCtrl(k, 'g') || (isCtrl(k, 'd') && !query)) {
        return { kind: 'back', query };
      } else if (k.name === 'backspace' || isCtrl(k, 'h')) {
        query = [...query].slice(0, -1).join('');
        picked = 0;
      } else if (isCtrl(k, 'u')) {
        query = '';
        picked = 0;
      } else if (isCtrl(k, 'w')) {
        query = query.replace(/\S*\s*$/, '');
        picked = 0;
      } else if (k.name === 'up' || isCtrl(k, 'p')) {
        update();
        picked = Math.max(0, picked - 1);
      } else if (k.name === 'down' || isCtrl(k, 'n') || k.name === 'tab') {
        update();
        picked = Math.min(Math.max(0, resp.results.length - 1), picked + 1);
      }
      // An IME's phrase or a paste comes as many keys: search once for all of them.
      if (!v.keys.pending) draw();
    }
  } finally {
    v.write('\x1b[?1049l');
  }
}
