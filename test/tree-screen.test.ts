/**
 * The tree renderers as functions of data (src/render/tree.ts): the prompt's screen fits the terminal at
 * any size and says when a menu is cut; every outcome of every tree, with its 工单 block, fits 60 and 80
 * columns and carries the answers given, the reply, the phones and the replay command in the tree's words.
 */
import { describe, expect, it } from 'vitest';
import { allPaths, replay, resolveOutcome } from '../src/trees/engine.js';
import { askScreen, formatOutcome, outcomeMarkdown, ticketText, type OutcomeReport } from '../src/render/tree.js';
import { givenAnswers, replayCommand, treeList } from '../src/commands/tree.js';
import { PLAIN } from '../src/render/style.js';
import { displayWidth } from '../src/render/width.js';
import { trees } from '../src/services.js';
import { ROOT } from './helpers/cli.js';

const set = await trees(ROOT);
const CLOSING_START = /^\s*[，。、；：？！）》」』】”]/u;

describe('the prompt screen', () => {
  it('fits every question of every tree at 80×24, 80×12, 60×24 and 40×10, with the cursor on screen', () => {
    for (const tree of set.trees) {
      for (const { path } of allPaths(tree)) {
        for (let k = 0; k < path.length; k++) {
          const pos = replay(tree, path.slice(0, k));
          if (pos.kind !== 'question') continue;
          const answers = givenAnswers(tree, pos.path);
          for (const [width, height] of [[80, 23], [80, 11], [60, 23], [40, 9]] as const) {
            for (const cursor of [0, k, k + pos.node.choices.length - 1]) {
              const lines = askScreen(
                { title: tree.title, answers, prompt: pos.node.prompt, hint: pos.node.hint, choices: pos.node.choices.map((c) => c.label), cursor, width, height },
                PLAIN,
              );
              expect(lines.filter((l) => displayWidth(l) > width), `${tree.id} ${width}`).toEqual([]);
              if (height >= 11) expect(lines.length, `${tree.id} ${width}×${height}`).toBeLessThanOrEqual(height);
              expect(lines.filter((l) => l.startsWith('❯')).length).toBe(1);
            }
          }
        }
      }
    }
  });

  it('says a cut menu has more choices, above and below', () => {
    const choices = Array.from({ length: 12 }, (_, i) => `选项${i + 1}`);
    const view = { title: '标题', answers: [{ prompt: '第一问？', label: '甲' }], prompt: '第二问？', choices, width: 80, height: 11 };
    const top = askScreen({ ...view, cursor: 1 }, PLAIN);
    expect(top.join('\n')).toMatch(/↓ 下面还有 \d+ 项/);
    expect(top.join('\n')).not.toMatch(/上面还有/);
    const middle = askScreen({ ...view, cursor: 7 }, PLAIN);
    expect(middle.join('\n')).toMatch(/↑ 上面还有 \d+ 项/);
    expect(middle.join('\n')).toMatch(/↓ 下面还有 \d+ 项/);
    expect(middle.find((l) => l.startsWith('❯'))).toBe('❯ 7. 选项7');
    const all = askScreen({ ...view, height: 30, cursor: 1 }, PLAIN);
    expect(all.join('\n')).not.toMatch(/还有 \d+ 项/);
  });

  it('breaks the keys line between keys, never inside one (60 columns in the session: no lone 会话)', () => {
    const answers = [{ prompt: '丢的是哪种卡？', label: '济南社保卡' }];
    for (const width of [60, 44, 80]) {
      const lines = askScreen({ title: 't', answers, prompt: '持卡人现在还在济南参保吗？', choices: ['还在', '不在'], cursor: 1, width, height: 23, cancel: '返回会话' }, PLAIN);
      const keys = lines.slice(lines.findIndex((l) => l.startsWith('↑↓ 选择')));
      expect(keys.join(' ')).toContain('Ctrl-C 返回会话');
      for (const l of keys) expect(displayWidth(l)).toBeLessThanOrEqual(width);
      expect(keys.pop()).toMatch(width >= 80 ? /^↑↓ 选择 • .* • Ctrl-C 返回会话$/ : /^(.* • )?Ctrl-C 返回会话$/);
    }
  });

  it('lists the answers so far, the cursor on one of them when it is there', () => {
    const answers = [
      { prompt: '丢的是哪种卡？', label: '济南社保卡' },
      { prompt: '持卡人现在还在济南参保吗？', label: '还在济南参保' },
    ];
    const lines = askScreen({ title: 't', answers, prompt: '持卡人本人现在在济南吗？', choices: ['在济南', '不在济南'], cursor: 0, width: 80, height: 23 }, PLAIN);
    expect(lines).toContain('❯ 1. 丢的是哪种卡？ 济南社保卡');
    expect(lines).toContain('  2. 持卡人现在还在济南参保吗？ 还在济南参保');
    expect(lines.join('\n')).toContain('回车 修改这个回答');
  });
});

describe('every outcome with its 工单 block', () => {
  it('fits 60 and 80 columns, no closing mark starting a row, and carries the answers, reply, phones and replay', () => {
    for (const tree of set.trees) {
      for (const { path } of allPaths(tree)) {
        const pos = replay(tree, path);
        if (pos.kind !== 'outcome') continue;
        const outcome = resolveOutcome(tree, pos.node, set.tables, path);
        const report: OutcomeReport = { tree: { id: tree.id, title: tree.title }, answers: givenAnswers(tree, path), outcome, replay: replayCommand(tree, path) };
        for (const width of [60, 80]) {
          const text = formatOutcome(outcome, PLAIN, width) + ticketText(report, PLAIN, width);
          expect(text.split('\n').filter((l) => displayWidth(l) > width || CLOSING_START.test(l)), `${tree.id}/${outcome.id} ${width}`).toEqual([]);
          const ticket = ticketText(report, PLAIN, width);
          const bare = (x: string) => x.replace(/\s+/g, '');
          const flat = bare(ticket.replace(/ \\\n/g, '\n'));
          for (const a of report.answers) expect(flat).toContain(bare(`${a.prompt}${a.label}`));
          expect(flat).toContain(bare(`答复：${outcome.title}`));
          for (const p of outcome.phones) for (const n of p.numbers) expect(flat).toContain(n);
          expect(flat).toContain(bare(report.replay));
          // The replay command is whole on the screen once its line continuations are joined.
          expect(ticket.replace(/ \\\n\s+/g, ' ')).toContain(report.replay);
        }
        // Markdown carries the same ticket.
        const md = outcomeMarkdown(report);
        expect(md).toContain('#### 工单');
        expect(md).toContain(`\`${report.replay}\``);
      }
    }
  });

  it('puts the phones before the steps', () => {
    const tree = set.trees.find((t) => t.id === 'lost-card')!;
    const path = allPaths(tree).find((p) => p.outcome === 'reissue')!.path;
    const pos = replay(tree, path);
    if (pos.kind !== 'outcome') throw new Error('not an outcome');
    const text = formatOutcome(resolveOutcome(tree, pos.node, set.tables, path), PLAIN, 80);
    expect(text.indexOf('68967600')).toBeLessThan(text.indexOf('  1. '));
  });

  it('the tree list fits 60 and 80 columns', () => {
    for (const width of [60, 80]) for (const l of treeList(set.trees, PLAIN, width).split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(width);
  });
});
