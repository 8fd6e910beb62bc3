// How chunks and reports are stored in Meilisearch, and read back.
import type { Chunk, DocMeta } from '../types';
import { gramTokens } from '../segment';

/** A chunk as a Meilisearch document: the chunk itself plus bigram fields for substring recall. */
export interface MeiliChunk extends Omit<Chunk, 'year'> {
  year?: string;
  /** Report order: reports as listed, then reading order. */
  order: number;
  headingGrams: string;
  textGrams: string;
  contextGrams: string;
}

export type MeiliDoc = DocMeta & { order: number };

export function toMeiliChunk(c: Chunk, order: number): MeiliChunk {
  const { year, ...rest } = c;
  return {
    ...rest,
    ...(year ? { year: String(year) } : {}),
    order,
    headingGrams: gramTokens(`${c.heading}\n${c.practices.join(' ')}`).join(' '),
    textGrams: gramTokens(c.text).join(' '),
    contextGrams: gramTokens(`${c.docTitle}\n${c.sectionPath.join(' ')}`).join(' '),
  };
}

export function fromMeiliChunk(d: Partial<MeiliChunk> & Record<string, unknown>): Chunk {
  const { order: _order, headingGrams: _h, textGrams: _t, contextGrams: _c, _formatted: _f, year, ...rest } = d;
  const chunk = { ...rest } as unknown as Chunk;
  if (year) chunk.year = Number(year);
  return chunk;
}

export function fromMeiliDoc(d: Partial<MeiliDoc>): DocMeta {
  const { order: _order, ...rest } = d;
  return rest as DocMeta;
}
