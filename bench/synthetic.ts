// A deterministic synthetic corpus built from the real reports: sentences recombined into new
// chunks, spread over cities of the gazetteer, so that the engine can be measured at scale.
import type { Chunk, DocMeta } from '../core/types';
import { allPlaces, districtsOf } from '../indexer/gazetteer';
import { sentences } from '../indexer/sentences';

/** mulberry32: a small seeded generator, so every run builds the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function synthesize(seed: Chunk[], total: number, chunksPerDoc = 50): { docs: DocMeta[]; chunks: Chunk[] } {
  const random = rng(42);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const pool = seed.flatMap((c) => sentences(c.text)).filter((s) => s.length >= 8);
  const cities = allPlaces().filter((p) => p.level === 'city');
  const docs: DocMeta[] = [];
  const chunks: Chunk[] = [];
  for (let d = 0; chunks.length < total; d++) {
    const city = pick(cities);
    const districts = districtsOf(city.name);
    const year = 2013 + Math.floor(random() * 11);
    const published = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-01`;
    const id = `synthetic-${String(d).padStart(5, '0')}`;
    const title = `${city.name}平安建设报告 ${d}`;
    const n = Math.min(chunksPerDoc, total - chunks.length);
    docs.push({ id, title, city: city.name, province: city.province, published, genre: 'review', path: `${id}.md`, chunkCount: n });
    for (let i = 0; i < n; i++) {
      const template = pick(seed);
      let text = '';
      const want = 80 + Math.floor(random() * 500);
      while (text.length < want) text += pick(pool);
      const district = districts.length && random() < 0.3 ? pick(districts).name : undefined;
      chunks.push({
        ...template,
        id: `${id}-${i}`,
        docId: id,
        docTitle: title,
        position: i,
        text,
        city: city.name,
        province: city.province,
        district,
        year,
        published,
      });
    }
  }
  return { docs, chunks };
}
