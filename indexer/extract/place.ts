// Places of a chunk: the report's city and province, and a district when the report is about
// one or the chunk is clearly about one district of the report's city (腾冲法院 → 腾冲市).
import { districtsOf } from '../gazetteer';

export interface PlaceFields {
  city?: string;
  province?: string;
  district?: string;
}

function mentions(text: string, names: string[]): number {
  let n = 0;
  for (const name of names) for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) n++;
  return n;
}

export function decidePlace(doc: PlaceFields, heading: string, text: string, speaker?: string): PlaceFields {
  const out: PlaceFields = { city: doc.city, province: doc.province };
  if (doc.district) return { ...out, district: doc.district };
  if (!doc.city) return out;
  const scored = districtsOf(doc.city)
    .map((d) => {
      const names = d.short.length >= 2 && d.short !== d.name ? [d.name, d.short] : [d.name];
      // Count each occurrence once: the short form also matches inside the full name.
      const count = mentions(text, [names[names.length - 1]]);
      const inHead = mentions(`${heading} ${speaker ?? ''}`, [names[names.length - 1]]);
      return { name: d.name, count, inHead };
    })
    .filter((d) => d.count + d.inHead > 0);
  if (scored.length !== 1) return out;
  const [d] = scored;
  return d.inHead > 0 || d.count >= 2 ? { ...out, district: d.name } : out;
}
