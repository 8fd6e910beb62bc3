// Sentence boundaries for Chinese report text.

/** Sentences with their closing punctuation kept, so that joining them gives the text back. */
export function sentences(text: string, stops = '。！？!?；;'): string[] {
  const re = new RegExp(`[^${stops}]+(?:[${stops}]+[”’」]?|$)`, 'gu');
  return text.match(re) ?? (text ? [text] : []);
}

/** Sentences ended by 。 only: the unit in which headings and lead clauses are recognised. */
export function fullStopSentences(paragraph: string): string[] {
  return paragraph.match(/[^。]+(?:。|$)/gu) ?? [paragraph];
}

/** Packs sentences into pieces of at most `max` characters; an over-long sentence is cut at commas, then hard. */
export function packSentences(text: string, max: number): string[] {
  const parts: string[] = [];
  let buf = '';
  const pieces = sentences(text).flatMap((s) => (s.length <= max ? [s] : sentences(s, ',，、').flatMap((c) => (c.length <= max ? [c] : hardCut(c, max)))));
  for (const p of pieces) {
    if (buf && buf.length + p.length > max) {
      parts.push(buf);
      buf = '';
    }
    buf += p;
  }
  if (buf) parts.push(buf);
  return parts;
}

function hardCut(s: string, max: number): string[] {
  const chars = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out;
}
