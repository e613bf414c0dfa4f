/**
 * The shape of trees.yaml. Zod checks each field; the graph checks (every `next` exists, reachability,
 * no cycles, references into the other files) need the whole file and live in load.ts.
 *
 * A node is a question when it has `prompt`, an outcome when it has `title`. The two are one object
 * schema with optional fields rather than a zod union, so a typo gets a precise field error instead of
 * "matches neither shape"; load.ts then checks that each node is exactly one kind.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '应为小写英文、数字和连字符组成的 id');
const text = z.string().trim().min(1, '不能为空');

/**
 * Where a table key comes from: written in the tree (`icbc`), or the answer to a question on the way
 * to the outcome (`{answer: bank}`: the chosen choice's `value`, or its id when it has no value).
 */
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// z.custom rather than z.union: the shared reporter words every union failure as a phone-format error.
const keyRef = z.custom<string | number | { answer: string }>(
  (v) =>
    (typeof v === 'string' && v.trim() !== '') ||
    (typeof v === 'number' && Number.isInteger(v)) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 &&
      typeof (v as { answer?: unknown }).answer === 'string' && ID_PATTERN.test((v as { answer: string }).answer)),
  { message: '应写成表中的键（如 icbc、章丘）或 {answer: 问题id}（取该问题所选答案）' },
);

/**
 * A phone shown with an outcome, pulled from banks.yaml / offices.yaml so numbers live in one place.
 * Exactly one of the table fields is given (checked in load.ts).
 */
const phoneRefSchema = z.strictObject({
  /** offices.yaml hotlines[].id; `key` picks one menu key (68967600 按1). */
  hotline: id.optional(),
  key: text.optional(),
  /** banks.yaml bank id: its 查卡电话 (with its branch phones; 农商银行 has only branches). */
  bank_card_check: keyRef.optional(),
  /** banks.yaml bank id: its 客服电话. */
  bank_customer_service: keyRef.optional(),
  /** banks.yaml bank id: its 邮寄电话 (建行: 单位更改社保卡邮寄地址). */
  bank_mailing: keyRef.optional(),
  /** offices.yaml yibao[].district (区医保办). */
  yibao: keyRef.optional(),
  /** offices.yaml offices[].id (经办机构). */
  office: keyRef.optional(),
  /** banks.yaml outlets[].no (“社银合作”网点序号). */
  outlet: keyRef.optional(),
});

const choiceSchema = z.strictObject({
  id,
  label: text,
  /** Node this choice leads to; may be left out when the question gives a `next` for all choices. */
  next: id.optional(),
  /** The table key this choice stands for, when it differs from the id (a district: 章丘). */
  value: text.optional(),
});

/**
 * One thing to tell the caller. `source`: the faq-source.txt lines it says (checked in load.ts: the
 * step must be those lines' own words, see cite.ts). `kind: hint`: the tool's own guidance (a pointer
 * to another tree, a reminder to check the card's status), citing nothing and holding no fact.
 */
const stepSchema = z.strictObject({
  text,
  source: z.array(z.number().int().positive()).min(1).optional(),
  kind: z.literal('hint').optional(),
});

/** An FAQ entry of the categories the trees serve that no outcome cites, and why (decided, not missed). */
const outsideSchema = z.strictObject({
  faq: id,
  reason: text,
});

const nodeSchema = z.strictObject({
  id,
  // question
  prompt: text.optional(),
  /** A hint shown under the prompt: where the operator finds the answer. */
  hint: text.optional(),
  choices: z.array(choiceSchema).min(1).optional(),
  /** Default `next` for choices that give none (a list of banks that all lead on to one node). */
  next: id.optional(),
  // outcome
  title: text.optional(),
  steps: z.array(stepSchema).min(1).optional(),
  phones: z.array(phoneRefSchema).default([]),
  faq: z.array(id).optional(),
  /**
   * For maintainers, never shown to operators: why the outcome says what it says, gaps and
   * contradictions of the source. (Operators see the stale warnings of the cited FAQ entries.)
   */
  note: text.optional(),
});

const treeSchema = z.strictObject({
  id,
  title: text,
  /** One line: when the operator should pick this tree. */
  summary: text.optional(),
  start: id,
  nodes: z.array(nodeSchema).min(1),
});

export const treesFileSchema = z.strictObject({
  /** Lists shared through YAML anchors (the banks as choices); read only through the aliases. */
  shared: z.record(z.string(), z.unknown()).optional(),
  trees: z.array(treeSchema).min(1),
  outside: z.array(outsideSchema).default([]),
});

export type PhoneRef = z.output<typeof phoneRefSchema>;
export type KeyRef = z.output<typeof keyRef>;
export type RawNode = z.output<typeof nodeSchema>;
export type RawTree = z.output<typeof treeSchema>;
/**
 * The file as validated, plus the text of every cited source line when the source was at hand
 * (load.ts adds it; the build cache keeps it, so `--sources` works where the source is not installed).
 */
export type TreesFile = z.output<typeof treesFileSchema> & { cited?: Record<string, string> };

/** A step as the engine and the reporters see it. */
export interface Step {
  text: string;
  /** Cited faq-source.txt lines; empty for a hint. */
  source: number[];
  kind?: 'hint';
}

// The checked forms the engine works with (built by load.ts).

export interface Choice {
  id: string;
  label: string;
  next: string;
  value?: string;
}

export interface QuestionNode {
  kind: 'question';
  id: string;
  prompt: string;
  hint?: string;
  choices: Choice[];
}

export interface OutcomeNode {
  kind: 'outcome';
  id: string;
  title: string;
  steps: Step[];
  phones: PhoneRef[];
  faq: string[];
  note?: string;
}

export type TreeNode = QuestionNode | OutcomeNode;

export interface Tree {
  id: string;
  title: string;
  summary?: string;
  start: string;
  nodes: Map<string, TreeNode>;
}
