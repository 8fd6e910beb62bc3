// A citation in GB/T 7714 style for an electronic resource, pointing at the measure's permalink.
import type { Chunk, DocMeta } from '../search/types';

export function citation(chunk: Chunk, doc: DocMeta | null, permalink: string, accessed: Date): string {
  const author = doc?.author ?? doc?.source ?? [chunk.city, chunk.district].filter(Boolean).join('') ?? '佚名';
  const published = doc?.published ?? '';
  const where = doc?.source && doc.source !== author ? `${doc.source}, ` : '';
  const day = accessed.toISOString().slice(0, 10);
  return `${author}. ${chunk.docTitle}: ${chunk.heading}[EB/OL]. ${where}${published}[${day}]. ${permalink}.`;
}
