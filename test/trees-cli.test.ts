/** `sbk tree` as scripts use it: listing, --answer, --json, --describe, --mermaid and the errors. */
import { sbk } from './helpers/inproc.js';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/render/width.js';

const LOST_WEEKDAY = ['--answer', 'card=jinan', '--answer', 'insured=jinan', '--answer', 'location=in-jinan', '--answer', 'holder=adult', '--answer', 'when=weekday'];

describe('sbk tree', () => {
  it('lists the trees', async () => {
    const r = await sbk(['tree']);
    expect(r.code).toBe(0);
    for (const id of ['lost-card', 'card-unusable', 'progress', 'apply-card', 'cancel-card', 'change-card']) expect(r.stdout).toContain(id);
  });

  it('lists the trees as JSON [{id, title}]', async () => {
    const r = await sbk(['tree', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list[0]).toEqual({ id: 'lost-card', title: '社保卡丢了' });
    expect(list.map((t: { id: string }) => t.id)).toEqual(['lost-card', 'card-unusable', 'progress', 'apply-card', 'cancel-card', 'change-card']);
  });

  it('runs without prompts when every question is answered, outcome on stdout only', async () => {
    const r = await sbk(['tree', 'lost-card', ...LOST_WEEKDAY]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('(reissue)');
    expect(r.stdout).toContain('68967600');
    expect(r.stdout).toMatch(/依据：lost-card、resident-temporary-loss/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // no colour in a pipe
  });

  it('puts the phones right under the title, and ends with a 工单 block ready to paste', async () => {
    const r = await sbk(['tree', 'lost-card', ...LOST_WEEKDAY], { width: 80 });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toContain('(reissue)');
    expect(lines[1]).toBe('  电话：');
    expect(lines[2]).toMatch(/^ {4}0531-68967600 {2}社保卡服务电话（临时挂失电话）按1/);
    const ticket = r.stdout.slice(r.stdout.indexOf('—— 工单'));
    expect(ticket).toContain('问诊：社保卡丢了（lost-card）');
    expect(ticket).toContain('回答：丢的是哪种卡？济南社保卡（在济南办的实体社保卡）；持卡人现在还在济南参保');
    expect(ticket).toContain('答复：先临时挂失，再本人持身份证到发卡银行即时制卡网点补卡');
    expect(ticket).toContain('电话：0531-68967600 社保卡服务电话（临时挂失电话）按1');
    // The replay command breaks only between `--answer q=c` words, with a shell's line continuation.
    const replay = ticket.slice(ticket.indexOf('重现：') + 3).replace(/ \\\n\s+/g, ' ').trim();
    expect(replay).toBe('sbk tree lost-card --answer card=jinan --answer insured=jinan --answer location=in-jinan --answer holder=adult --answer when=weekday');
    for (const width of [60, 80]) {
      const out = (await sbk(['tree', 'lost-card', ...LOST_WEEKDAY], { width })).stdout;
      for (const l of out.split('\n')) expect(displayWidth(l), l).toBeLessThanOrEqual(width);
    }
  });

  it('--format md writes the outcome and the 工单 as Markdown; --format json carries the 工单 fields', async () => {
    const md = await sbk(['tree', 'lost-card', ...LOST_WEEKDAY, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^### 先临时挂失/);
    expect(md.stdout).toContain('#### 工单');
    expect(md.stdout).toContain('- **0531-68967600** 社保卡服务电话');
    expect(md.stdout).toContain('- 重现：`sbk tree lost-card --answer card=jinan');
    const j = JSON.parse((await sbk(['tree', 'lost-card', ...LOST_WEEKDAY, '--format', 'json'])).stdout);
    expect(j.ticket).toMatchObject({
      tree: '社保卡丢了',
      tell: j.outcome.title,
      replay: expect.stringContaining('--answer when=weekday'),
    });
    expect(j.ticket.answers[0]).toEqual({ question: '丢的是哪种卡？', answer: '济南社保卡（在济南办的实体社保卡）' });
    const bad = await sbk(['tree', 'lost-card', ...LOST_WEEKDAY, '--format', 'csv']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
  });

  it('prints {tree, path, outcome} with --json; text is the whole outcome', async () => {
    const r = await sbk(['tree', 'lost-card', ...LOST_WEEKDAY, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tree).toBe('lost-card');
    expect(j.path).toEqual([
      { question: 'card', choice: 'jinan' },
      { question: 'insured', choice: 'jinan' },
      { question: 'location', choice: 'in-jinan' },
      { question: 'holder', choice: 'adult' },
      { question: 'when', choice: 'weekday' },
    ]);
    expect(j.outcome).toMatchObject({ id: 'reissue' });
    expect(j.outcome.title).toBeTruthy();
    expect(j.outcome.text).toContain(j.outcome.title);
    expect(j.outcome.text).toContain('68967600，按1');
    expect(j.outcome.text).toContain('lost-card');
    expect(j.outcome.phones[0]).toEqual({ label: expect.stringContaining('按1'), numbers: ['0531-68967600'] });
    expect(j.outcome.faq[0]).toEqual({ id: 'lost-card', question: '社保卡丢了怎么办？' });
  });

  it('uses the bank named in the answers for the card-check phone', async () => {
    const r = await sbk(['tree', 'progress', '-a', 'card-type=employee', '-a', 'stage=at-bank', '-a', 'at-bank-bank=abc', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).outcome.text).toContain('0531-88989601');
  });

  it('on a pipe, a missing answer fails at once naming the question, its choices and --answer', async () => {
    const started = Date.now();
    const r = await sbk(['tree', 'lost-card', '--answer', 'card=jinan'], { timeoutMs: 8000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/缺少问题 insured（持卡人现在还在济南参保吗？）的答案/);
    expect(r.stderr).toContain('--answer insured=');
    expect(r.stderr).toMatch(/jinan（还在济南参保）、elsewhere/);
  });

  it('with no answers at all on a pipe, it names the first question', async () => {
    const r = await sbk(['tree', 'progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/缺少问题 card-type.*--answer card-type=/);
  });

  it('an unknown choice exits 2 with a suggestion and the valid choices', async () => {
    const r = await sbk(['tree', 'lost-card', '--answer', 'card=jinna']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/问题 card 没有选项“jinna”，是否想输入 jinan？.*offsite-enabled/);
  });

  it('an unknown question exits 2 with a suggestion', async () => {
    const r = await sbk(['tree', 'lost-card', '--answer', 'crad=jinan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/没有问题“crad”，是否想输入 card？/);
  });

  it('a malformed --answer exits 2 and shows the form', async () => {
    const r = await sbk(['tree', 'lost-card', '--answer', 'jinan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/应写成 问题id=选项id/);
  });

  it('an unknown tree exits 2 with did-you-mean', async () => {
    const r = await sbk(['tree', 'lost-crad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/没有 id 为“lost-crad”的决策树，是否想输入 lost-card？/);
  });

  it('answers off the path taken are ignored with a note on stderr', async () => {
    const r = await sbk(['tree', 'lost-card', '-a', 'card=found', '-a', 'insured=jinan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(found-card)');
    expect(r.stderr).toMatch(/已忽略：insured/);
  });

  it('--describe --json prints the whole tree', async () => {
    const r = await sbk(['tree', 'card-unusable', '--describe', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ id: 'card-unusable', start: 'where' });
    expect(d.nodes[0]).toMatchObject({ id: 'where', kind: 'question', prompt: expect.any(String) });
    expect(d.nodes[0].choices[0]).toEqual({ id: 'in-jinan', label: expect.any(String), next: 'jinan-symptom' });
    const normal = d.nodes.find((n: { id: string }) => n.id === 'card-normal');
    expect(normal).toMatchObject({ kind: 'outcome', title: expect.any(String) });
    expect(normal.text).toContain('66961234');
  });

  it('--describe without --json prints a readable outline', async () => {
    const r = await sbk(['tree', 'cancel-card', '--describe']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('? 来电人要办什么、问什么？');
    expect(r.stdout).toContain('[cancel-not-found]');
  });

  it('--mermaid prints a flowchart with choice labels on the edges', async () => {
    const r = await sbk(['tree', 'progress', '--mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(r.stdout).toContain('n_shipped_bank -->|"工商银行"| n_shipped_wait');
    expect(r.stdout).toMatch(/n_shipped\(\["省中心已寄出/);
  });

  it('--mermaid needs a tree id', async () => {
    const r = await sbk(['tree', '--mermaid']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/请给出决策树 id/);
  });

  it('options that would be silently dropped are refused, each with one line saying which', async () => {
    for (const [args, said] of [
      [['tree', 'lost-card', '--mermaid', '--json'], /--mermaid 只输出 Mermaid 流程图，不能和 --json、--format 一起用/],
      [['tree', 'lost-card', '--describe', '--mermaid'], /--describe 和 --mermaid 只能选一个/],
      [['tree', 'lost-card', '--sources', '--answer', 'card=jinan'], /--sources 输出整棵树，不能和 --answer 一起用/],
      [['tree', '--describe'], /请给出决策树 id，例如 sbk tree lost-card --describe；/],
    ] as const) {
      const r = await sbk([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^sbk：[^\n]*${said.source}[^\n]*\n$`));
    }
  });
});
