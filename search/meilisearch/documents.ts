// How chunks and reports are stored in Meilisearch, and read back.
import type { Chunk, DocMeta } from '../../core/types';
import { headingField, metadataOf } from '../fields';
import { fields } from '../../core/fields';
import { EMPTY_TAXONOMY, type Taxonomy } from '../../core/taxonomy';
import { GAP_WORD, encodeChars, encodeText } from './encode';

/**
 * A chunk as a Meilisearch document: the chunk itself, each filter field's values under its
 * attribute (core/fields.ts), and the token fields it is searched by.
 */
export interface MeiliChunk extends Omit<Chunk, 'year' | 'city' | 'province' | 'district' | 'docId' | 'kind'> {
  [attribute: string]: unknown;
  /** Report order: reports as listed, then reading order. */
  order: number;
  headingTokens: string;
  textTokens: string;
  contextTokens: string;
  metaTokens: string;
  chars: string;
}

export type MeiliDoc = DocMeta & { order: number };

/** The fields Meilisearch searches, strongest first. */
export const TOKEN_FIELDS = ['headingTokens', 'textTokens', 'contextTokens', 'metaTokens', 'chars'] as const;

/** Several strings in one field, apart: two gap words, which no query word spans. */
function apart(strings: string[]): string {
  return strings.map(encodeText).filter(Boolean).join(` ${GAP_WORD} ${GAP_WORD} `);
}

export function toMeiliChunk(c: Chunk, order: number, taxonomy: Taxonomy = EMPTY_TAXONOMY): MeiliChunk {
  const heading = headingField(c);
  const context = [c.docTitle, c.sectionPath.join('\n')];
  const meta = metadataOf(c, taxonomy);
  const values = Object.fromEntries(fields().map((f) => [f.attribute, f.read(c)]));
  return {
    ...c,
    ...values,
    order,
    headingTokens: encodeText(heading),
    textTokens: encodeText(c.text),
    contextTokens: apart(context),
    metaTokens: apart(meta),
    chars: encodeChars([heading, c.text, ...context, ...meta].join('\n')),
  };
}

export function fromMeiliChunk(d: Partial<MeiliChunk> & Record<string, unknown>): Chunk {
  const { order: _order, headingTokens: _h, textTokens: _t, contextTokens: _c, metaTokens: _m, chars: _s, _formatted: _f, _federation: _g, ...rest } = d;
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
