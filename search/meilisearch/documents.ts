// How chunks and reports are stored in Meilisearch, and read back, in either mode: "exact" (our
// token stream, the same substring rule as the embedded engine) or "native" (the text itself,
// segmented by Meilisearch).
import type { Chunk, DocMeta } from '../../core/types';
import { headingField, metadataOf } from '../fields';
import { fields } from '../../core/fields';
import { EMPTY_TAXONOMY, type Taxonomy } from '../../core/taxonomy';
import { GAP_WORD, distinctChars, encodeText, scopeSuffix } from './encode';
import { fold } from '../../core/normalize';
import { unitTexts } from '../units';

/**
 * exact: every query word is found wherever a substring search finds it (token fields, see
 * encode.ts). native: Meilisearch segments the Chinese itself (a smaller, faster index that finds
 * a word only where its segmentation agrees with the query's).
 */
export type MeiliMode = 'exact' | 'native';

/**
 * A chunk as a Meilisearch document: the chunk itself, each filter field's values under its
 * attribute (core/fields.ts), and what it is searched by.
 */
export interface MeiliChunk extends Omit<Chunk, 'year' | 'city' | 'province' | 'district' | 'docId' | 'kind'> {
  [attribute: string]: unknown;
  /** Report order: reports as listed, then reading order. */
  order: number;
}

export type MeiliDoc = DocMeta & { order: number };

/** The fields Meilisearch searches in exact mode, strongest first; the last three hold only scoped words (see encode.ts). */
export const TOKEN_FIELDS = ['headingTokens', 'textTokens', 'contextTokens', 'metaTokens', 'headingOnlyTokens', 'sentenceTokens', 'paragraphTokens'] as const;
/** The fields Meilisearch searches in native mode, strongest first. */
export const NATIVE_FIELDS = ['heading', 'practices', 'text', 'docTitle', 'sectionPath', 'metaText'] as const;
/** A chunk's distinct characters (exact mode): filterable, for one-character query words. */
export const CHARS_FIELD = 'chars';

/** Stored only to be searched: never part of a chunk read back. */
const SEARCH_ONLY = new Set<string>([...TOKEN_FIELDS, CHARS_FIELD, 'metaText', 'order', '_formatted', '_federation', '_rankingScore']);

export function searchableFields(mode: MeiliMode): string[] {
  return mode === 'native' ? [...NATIVE_FIELDS] : [...TOKEN_FIELDS];
}

/** Several strings in one field, apart: two gap words, which no query word spans. */
function apart(strings: string[]): string {
  return strings
    .map((s) => encodeText(s))
    .filter(Boolean)
    .join(` ${GAP_WORD} ${GAP_WORD} `);
}

export function toMeiliChunk(c: Chunk, order: number, taxonomy: Taxonomy = EMPTY_TAXONOMY, mode: MeiliMode = 'exact'): MeiliChunk {
  const meta = metadataOf(c, taxonomy);
  const values = Object.fromEntries(fields().map((f) => [f.attribute, f.read(c)]));
  if (mode === 'native') return { ...c, ...values, order, metaText: meta };
  const heading = headingField(c);
  const context = [c.docTitle, c.sectionPath.join('\n')];
  const units = unitTexts(fold(c.text));
  return {
    ...c,
    ...values,
    order,
    headingTokens: encodeText(heading),
    textTokens: encodeText(c.text),
    contextTokens: apart(context),
    metaTokens: apart(meta),
    headingOnlyTokens: encodeText(c.heading, scopeSuffix('heading')),
    sentenceTokens: units.sentences.map((u, n) => encodeText(u, scopeSuffix('sentence', n))).join(' '),
    paragraphTokens: units.paragraphs.map((u, n) => encodeText(u, scopeSuffix('paragraph', n))).join(' '),
    [CHARS_FIELD]: distinctChars([heading, c.text, ...context, ...meta]),
  };
}

export function fromMeiliChunk(d: Partial<MeiliChunk> & Record<string, unknown>): Chunk {
  const rest = Object.fromEntries(Object.entries(d).filter(([k]) => !SEARCH_ONLY.has(k)));
  const chunk = { ...rest } as unknown as Chunk;
  for (const f of fields()) {
    const stored = rest[f.attribute];
    delete (chunk as unknown as Record<string, unknown>)[f.attribute];
    // An index written before values were kept as lists holds single values as they are.
    const values = Array.isArray(stored) ? stored.map(String) : stored === undefined || stored === null ? [] : [String(stored)];
    f.write?.(chunk, values);
  }
  for (const k of Object.keys(chunk) as (keyof Chunk)[]) if (chunk[k] === undefined) delete chunk[k];
  return chunk;
}

export function fromMeiliDoc(d: Partial<MeiliDoc>): DocMeta {
  const { order: _order, ...rest } = d;
  return rest as DocMeta;
}
