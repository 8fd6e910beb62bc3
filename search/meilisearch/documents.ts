// How chunks and reports are stored in Meilisearch, and read back.
import type { Chunk, DocMeta } from '../types';
import { contextField, headingField } from '../fields';
import { encodeChars, encodeText } from './encode';

/** A chunk as a Meilisearch document: the chunk itself plus the token fields it is searched by. */
export interface MeiliChunk extends Omit<Chunk, 'year'> {
  year?: string;
  /** Report order: reports as listed, then reading order. */
  order: number;
  headingTokens: string;
  textTokens: string;
  contextTokens: string;
  chars: string;
}

export type MeiliDoc = DocMeta & { order: number };

/** The fields Meilisearch searches, strongest first. */
export const TOKEN_FIELDS = ['headingTokens', 'textTokens', 'contextTokens', 'chars'] as const;

export function toMeiliChunk(c: Chunk, order: number): MeiliChunk {
  const { year, ...rest } = c;
  const heading = headingField(c);
  const context = contextField(c);
  return {
    ...rest,
    ...(year ? { year: String(year) } : {}),
    order,
    headingTokens: encodeText(heading),
    textTokens: encodeText(c.text),
    contextTokens: encodeText(context),
    chars: encodeChars(`${heading}\n${c.text}\n${context}`),
  };
}

export function fromMeiliChunk(d: Partial<MeiliChunk> & Record<string, unknown>): Chunk {
  const { order: _order, headingTokens: _h, textTokens: _t, contextTokens: _c, chars: _s, _formatted: _f, year, ...rest } = d;
  const chunk = { ...rest } as unknown as Chunk;
  if (year) chunk.year = Number(year);
  return chunk;
}

export function fromMeiliDoc(d: Partial<MeiliDoc>): DocMeta {
  const { order: _order, ...rest } = d;
  return rest as DocMeta;
}
