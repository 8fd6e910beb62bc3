// Turns a parsed query into an FTS5 MATCH expression. Every token is produced by our own
// segmenter and quoted, so nothing a user types can reach FTS5 as an operator.
import { gramTokens, queryWords, searchWords, tailTokens, isHan } from '../segment';
import type { ParsedQuery } from '../query';

export const WORD_COLUMNS = ['hw', 'pw', 'tw', 'dw', 'sw'] as const;
export const GRAM_COLUMNS = ['hg', 'pg', 'tg', 'dg', 'sg'] as const;
export const FTS_COLUMNS = [...WORD_COLUMNS, ...GRAM_COLUMNS, 'tl'] as const;
// Heading and practices outrank body text; whole-word matches outrank bigram matches.
export const BM25_WEIGHTS = [8, 6, 2, 1, 1.5, 4, 3, 1, 0.5, 0.75, 0.1];

const words = `{${WORD_COLUMNS.join(' ')}}`;
const grams = `{${GRAM_COLUMNS.join(' ')}}`;

export interface IndexedFields {
  heading: string;
  practices: string;
  text: string;
  docTitle: string;
  sectionPath: string;
}

/** The FTS5 row for one chunk, in FTS_COLUMNS order. */
export function ftsRow(f: IndexedFields): string[] {
  const parts = [f.heading, f.practices, f.text, f.docTitle, f.sectionPath];
  const tails = parts.flatMap((p) => tailTokens(p));
  return [...parts.map((p) => searchWords(p).join(' ')), ...parts.map((p) => gramTokens(p).join(' ')), tails.join(' ')];
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
  const w = queryWords(part);
  return w.length === 1 ? `(${words} : "${w[0]}" OR ${phrase})` : `(${phrase})`;
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

/** True when the query has parts but none of them can match anything (only punctuation, say). */
export function hasUnmatchableInclude(q: ParsedQuery): boolean {
  return q.include.length > 0 && q.include.every((p) => gramTokens(p).length === 0);
}
