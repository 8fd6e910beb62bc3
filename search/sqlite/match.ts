// Turns a parsed query into an FTS5 MATCH expression. Every token is produced by our own
// segmenter and quoted, so nothing a user types can reach FTS5 as an operator.
import { gramTokens, gramsOf, queryWords, searchWords, isHan } from '../segment';
import type { ParsedQuery } from '../query';

// h: heading and practices, t: body text, c: context (report title and section path);
// w: jieba words, g: bigrams, tl: last characters of runs.
export const WORD_COLUMNS = ['hw', 'tw', 'cw'] as const;
export const GRAM_COLUMNS = ['hg', 'tg', 'cg'] as const;
export const FTS_COLUMNS = [...WORD_COLUMNS, ...GRAM_COLUMNS, 'tl'] as const;
// Heading and practices outrank body text; whole-word matches outrank bigram matches.
export const BM25_WEIGHTS = [8, 2, 1, 4, 1, 0.5, 0.1];

const words = `{${WORD_COLUMNS.join(' ')}}`;
const grams = `{${GRAM_COLUMNS.join(' ')}}`;

export interface IndexedFields {
  heading: string;
  practices: string;
  text: string;
  docTitle: string;
  sectionPath: string;
}

interface Tokenized {
  words: string;
  grams: string;
  tails: string[];
}

function tokenize(s: string): Tokenized {
  const g = gramsOf(s);
  return { words: searchWords(s).join(' '), grams: g.grams.join(' '), tails: g.tails };
}

// Report titles and section paths repeat for every chunk of a report: tokenize each once.
const repeated = new Map<string, Tokenized>();

function tokenizeRepeated(s: string): Tokenized {
  let t = repeated.get(s);
  if (!t) {
    if (repeated.size > 5000) repeated.clear();
    t = tokenize(s);
    repeated.set(s, t);
  }
  return t;
}

/** The FTS5 row for one chunk, in FTS_COLUMNS order. */
export function ftsRow(f: IndexedFields): string[] {
  const head = tokenizeRepeated(`${f.heading}\n${f.practices}`);
  const text = tokenize(f.text);
  const context = tokenizeRepeated(`${f.docTitle}\n${f.sectionPath}`);
  const parts = [head, text, context];
  return [...parts.map((p) => p.words), ...parts.map((p) => p.grams), parts.flatMap((p) => p.tails).join(' ')];
}

function partExpr(part: string): string | null {
  const tokens = gramTokens(part);
  if (tokens.length === 0) return null;
  if (tokens.length === 1) {
    const t = tokens[0];
    // A lone character or a Latin/digit word also matches as the start of a longer token.
    if (isHan(t[0]) && Array.from(t).length === 1) return `({${GRAM_COLUMNS.join(' ')} tl} : "${t}"*)`;
    if (!isHan(t[0])) return `(${grams} : "${t}"*)`;
  }
  const phrase = `${grams} : "${tokens.join(' ')}"`;
  // A two-character word is a single bigram.
  if (tokens.length === 1) return `${grams} : "${tokens[0]}"`;
  const w = queryWords(part);
  return w.length === 1 && Array.from(w[0]).length >= 3 ? `(${words} : "${w[0]}" OR ${phrase})` : `(${phrase})`;
}

export interface MatchPlan {
  /** Expression for the rows to keep, or null when the query has no positive part. */
  include: string | null;
  /** Expression for rows to drop when there is no positive part to attach NOT to. */
  excludeOnly: string | null;
}

export function buildMatch(q: ParsedQuery): MatchPlan {
  const inc = q.include.map(partExpr).filter((e): e is string => e !== null);
  const exc = q.exclude.map(partExpr).filter((e): e is string => e !== null);
  if (inc.length === 0) return { include: null, excludeOnly: exc.length ? exc.join(' OR ') : null };
  let expr = inc.join(' AND ');
  for (const e of exc) expr = `(${expr}) NOT ${e}`;
  return { include: expr, excludeOnly: null };
}
