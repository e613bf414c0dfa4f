/**
 * Steps that cite the source: each outcome step of trees.yaml names the lines of faq-source.txt it
 * says (`source`), and must be those lines' own words. "Own words" is measured, not trusted: the step's
 * character bigrams (the search analyzer's units, src/search/analyzer.ts) must be covered by the cited
 * lines' bigrams to at least MIN_COVERAGE, and every number in the step must be a number of the lines.
 *
 * The source is a maintainer's file: it sits at ../shared/source/faq-source.txt beside the project
 * (developers, CI, the build), not in an installed package. The check runs wherever it is present
 * (build, validate, tests); the build keeps the cited lines' text in its cache so `sbk tree --sources`
 * works without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hanBigrams, normalize, splitRuns } from '../search/analyzer.js';

/**
 * Share of a step's bigrams that must occur in its cited lines. Light joining (a lead-in such as
 * 「先临时挂失：」, a dropped repeated subject, a pronoun turned to 来电人) costs a few bigrams in a
 * sentence of thirty; a clause the source does not have costs a whole clause. 0.9 passes the first and
 * fails the second in the shipped trees (the lowest shipped step is reported by `sbk validate --json`).
 */
export const MIN_COVERAGE = 0.9;

export const SOURCE_NAME = 'faq-source.txt';

/** Where the source is looked for: ../shared/source/faq-source.txt beside the data directory. */
export function sourcePath(dataDir: string): string {
  return join(dataDir, '..', 'shared', 'source', SOURCE_NAME);
}

/** The source's lines (index 0 is line 1), or undefined when it is not there (an installed copy). */
export function readSource(dataDir: string): string[] | undefined {
  const file = sourcePath(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
}

/** Bigrams of Han runs (a lone character stands for itself), Latin words and digit runs. */
function units(text: string): { tokens: string[]; numbers: string[] } {
  const tokens: string[] = [];
  const numbers: string[] = [];
  for (const run of splitRuns(normalize(text))) {
    if (run.kind === 'han') {
      if (Array.from(run.text).length === 1) tokens.push(run.text);
      else tokens.push(...hanBigrams(run.text));
    } else if (run.kind === 'digit') {
      tokens.push('#' + run.text);
      numbers.push(run.text);
    } else tokens.push('@' + run.text);
  }
  return { tokens, numbers };
}

interface Coverage {
  /** Share of the step's units found in the cited lines (1 for an empty step). */
  coverage: number;
  /** Numbers of the step that none of the cited lines has. */
  missingNumbers: string[];
  /** The step's units not found, in order (for the error message). */
  uncovered: string[];
}

export function stepCoverage(text: string, cited: string[]): Coverage {
  const have = new Set<string>();
  const haveNumbers = new Set<string>();
  for (const line of cited) {
    const u = units(line);
    for (const t of u.tokens) have.add(t);
    for (const n of u.numbers) haveNumbers.add(n);
  }
  const mine = units(text);
  const uncovered = mine.tokens.filter((t) => !have.has(t));
  return {
    coverage: mine.tokens.length ? 1 - uncovered.length / mine.tokens.length : 1,
    missingNumbers: [...new Set(mine.numbers.filter((n) => !haveNumbers.has(n)))],
    uncovered: uncovered.map((t) => t.replace(/^[#@]/, '')),
  };
}

/**
 * What a `kind: hint` step (the tool's own guidance) must not hold: it cites nothing, so it may not
 * carry a fact a caller acts on. Digits (phones, days, amounts) and the words for documents, time
 * limits and money.
 */
const HINT_FORBIDDEN = /\d|[零一二两三四五六七八九十]+个?(?:工作日|天|日|周|月|年)|工作日|身份证|户口本|出生证明|护照|居住证|介绍信|证件|材料|金额|费用|\d+元/;

export function hintProblem(text: string): string | undefined {
  const m = text.match(HINT_FORBIDDEN);
  return m ? `“${m[0]}”` : undefined;
}
