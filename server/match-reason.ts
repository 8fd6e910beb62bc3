// Why a hit matched a word that neither its heading nor its snippet shows: the word named the hit's
// place, agency, theme or practice (mediation → the theme 调解, Baoshan → the city 保山市).
import type { Hit } from '../core/types';
import type { Taxonomy } from '../core/taxonomy';
import { fieldValues, metadataFields } from '../core/fields';
import { fold } from '../core/normalize';
import { valueNames } from '../search/fields';
import { plainText } from './html-text';

export interface MatchReason {
  /** The word as typed. */
  word: string;
  field: string;
  value: string;
}

export function matchReasons(hit: Hit, words: string[], taxonomy: Taxonomy): MatchReason[] {
  const shown = fold(plainText(`${hit.headingHtml}\n${hit.snippetHtml}`));
  const out: MatchReason[] = [];
  for (const word of words) {
    const w = fold(word);
    if (!w.trim() || shown.includes(w)) continue;
    const found = metadataFields()
      .flatMap((field) => fieldValues(hit, field).map((value) => ({ field, value })))
      .find(({ field, value }) => valueNames(field, value, taxonomy).some((n) => fold(n).includes(w)));
    if (found) out.push({ word, ...found });
  }
  return out;
}
