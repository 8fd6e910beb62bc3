// Places of a chunk: the report's city and province, and a district when the report is about
// one or the chunk is clearly about one district of the report's city (腾冲法院 → 腾冲市).
import { districtsOf } from '../gazetteer';
import { countOccurrences } from '../text';

export interface PlaceFields {
  city?: string;
  province?: string;
  district?: string;
}

export function decidePlace(doc: PlaceFields, heading: string, text: string, speaker?: string): PlaceFields {
  const out: PlaceFields = { city: doc.city, province: doc.province };
  if (doc.district) return { ...out, district: doc.district };
  if (!doc.city) return out;
  const scored = districtsOf(doc.city)
    .map((d) => {
      // The short form also matches inside the full name, so counting it counts each mention once.
      const name = d.short.length >= 2 && d.short !== d.name ? d.short : d.name;
      const count = countOccurrences(text, name);
      const inHead = countOccurrences(`${heading} ${speaker ?? ''}`, name);
      return { name: d.name, count, inHead };
    })
    .filter((d) => d.count + d.inHead > 0);
  if (scored.length !== 1) return out;
  const [d] = scored;
  return d.inHead > 0 || d.count >= 2 ? { ...out, district: d.name } : out;
}
