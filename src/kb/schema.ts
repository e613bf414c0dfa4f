/**
 * The shape of the knowledge-base files. Zod checks the YAML and gives the TypeScript types, so the
 * data the rest of sbk sees is always the validated, normalized form (phones as {number, written, digits}).
 */
import { z } from 'zod';
import { makePhone } from './phone.js';

const CATEGORIES = [
  '申领', '进度', '领卡', '启用', '密码', '挂失补办', '注销', '变更', '使用问题', '异地', '电子社保卡',
  '三代卡', '银行网点', '经办机构', '其他',
] as const;

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '应为小写英文、数字和连字符组成的 id');
const text = z.string().trim().min(1, '不能为空');
const line = z.number().int().positive();
/** `reviewed: 2026-03-01`: when a maintainer last checked an entry against the source. */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写成 YYYY-MM-DD，例如 2026-03-01')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), '不是有效的日期');
/** `review: 新条目`: what a maintainer still has to check (set by `sbk source apply`, removed when done). */
const review = text.optional();

/** `"0531-82062765"` or `{number, written}` when the source wrote it differently. */
const phoneSchema = z
  .union([
    z.string().regex(/^[\d-]+$/, '电话应只含数字和连字符'),
    z.strictObject({ number: z.string().regex(/^[\d-]+$/, '电话应只含数字和连字符'), written: text }),
  ])
  .transform((p) => (typeof p === 'string' ? makePhone(p) : makePhone(p.number, p.written)));

const faqEntrySchema = z.strictObject({
  id,
  category: z.enum(CATEGORIES),
  question: text,
  answer: text,
  source_line: line,
  aliases: z.array(text).default([]),
  see_also: z.array(id).default([]),
  note: text.optional(),
  stale: text.optional(),
  reviewed: date.optional(),
  review,
});

export const faqFileSchema = z.strictObject({
  entries: z.array(faqEntrySchema).min(1, '至少需要一个条目'),
  appendix: z
    .array(z.strictObject({ id, title: text, text, source_line: line }))
    .default([]),
});

/**
 * A number the source lists under a bank by a name only (槐荫农商行：0531-87983093, 邮储银行：0531-81272274):
 * it says neither 客服电话 nor 查卡电话, so sbk does not either. `area` when the name says where.
 */
const branchSchema = z.strictObject({
  name: text,
  area: text.optional(),
  phones: z.array(phoneSchema).min(1),
  source_line: line,
  note: text.optional(),
});

/**
 * Characters a shell gives a meaning to (and white space): a bank alias goes into the completion
 * scripts (sbk completion), where it must stay a plain word. A real alias never needs one.
 */
const SHELL_META = /[\s!"#$&'()*;<>?[\\\]^`{|}~]/;
const alias = text.refine((a) => !SHELL_META.test(a), {
  message: '银行简称不能含空白或 shell 特殊字符（如 $ ( ) ; | & < > 引号 反引号 \\），补全脚本会把它们当成命令：请只用汉字、字母、数字和 - _ .',
});

const bankSchema = z.strictObject({
  id,
  name: text,
  aliases: z.array(alias).min(1),
  customer_service: z.array(phoneSchema),
  card_check: z.array(phoneSchema),
  mailing: z.array(phoneSchema).optional(),
  mailing_source_line: line.optional(),
  issues_gen3: z.boolean(),
  ecard_app: z.enum(['同步签领', '主动签领']),
  branches: z.array(branchSchema),
  source_line: line,
  note: text.optional(),
});

const outletSchema = z.strictObject({
  no: z.number().int().positive(),
  bank: id,
  name: text,
  address: text,
  district: text.nullable(),
  phones: z.array(phoneSchema).min(1),
  source_line: line,
  note: text.optional(),
  review,
});

export const banksFileSchema = z.strictObject({
  banks: z.array(bankSchema).min(1),
  ecard_source_line: line,
  gen3_source_line: line,
  outlet_services_source_line: line,
  outlet_services: z.array(text).min(1),
  outlets: z.array(outletSchema).min(1),
});

const officeSchema = z.strictObject({
  id,
  name: text,
  district: text,
  address: text,
  phones: z.array(phoneSchema).min(1),
  source_line: line,
  note: text.optional(),
  review,
});

const yibaoSchema = z.strictObject({
  district: text,
  phones: z.array(phoneSchema).min(1),
  source_line: line,
  note: text.optional(),
  review,
});

const hotlineSchema = z.strictObject({
  id,
  name: text,
  phones: z.array(phoneSchema).min(1),
  purpose: text,
  menu: z.array(z.strictObject({ key: text, action: text })).optional(),
  faq: z.array(id).default([]),
  source_line: line,
});

export const officesFileSchema = z.strictObject({
  offices: z.array(officeSchema).min(1),
  yibao_source_line: line,
  yibao: z.array(yibaoSchema).min(1),
  hotlines: z.array(hotlineSchema).min(1),
});

export type FaqEntry = z.output<typeof faqEntrySchema>;
export type FaqFile = z.output<typeof faqFileSchema>;
export type Bank = z.output<typeof bankSchema>;
export type Branch = z.output<typeof branchSchema>;
export type Outlet = z.output<typeof outletSchema>;
export type BanksFile = z.output<typeof banksFileSchema>;
export type Office = z.output<typeof officeSchema>;
export type Yibao = z.output<typeof yibaoSchema>;
export type Hotline = z.output<typeof hotlineSchema>;
export type OfficesFile = z.output<typeof officesFileSchema>;
