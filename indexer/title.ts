// A chunk's title: what tells it apart from the other chunks of its report, where headings repeat
// (a section read in several chunks, the answers to one question): its section path, shortened,
// then the measure's own heading with its number as the text gives it ("(二) …", "三是 …"), or,
// for a section's own text, its lead words. Pure: no I/O.
import type { Chunk } from '../core/types';

/** How many characters of a section heading a title keeps. */
const SECTION_CHARS = 24;
/** How many characters of a chunk's lead words a title keeps. */
const LEAD_CHARS = 18;
/** The words a title gives the text before a report's first section. */
export const LEAD_SECTION = '导语';

/** A numbered item's marker at the start of its text: (一) （2） 一、 1. 二是 三要 第四. */
const NUMBER =
  /^\s*([(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[是要]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|第[一二三四五六七八九十]{1,3}[,，、]?)/u;

function shorten(s: string, max: number): string {
  const t = s.trim();
  return [...t].length > max ? `${[...t].slice(0, max).join('')}…` : t;
}

/** The lead words of a text: its first clause, or more when that is too short to tell anything apart. */
export function leadWords(text: string, max = LEAD_CHARS): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const clauses = flat.split(/(?<=[,，。;；:：!！?？])/u);
  let lead = '';
  for (const c of clauses) {
    lead += c;
    if ([...lead].length >= 8) break;
  }
  return shorten(lead.replace(/[,，。;；:：]$/u, ''), max);
}

/** The measure's number as its text gives it, when the heading does not carry it already. */
function numberOf(c: Chunk): string | undefined {
  const m = NUMBER.exec(c.text);
  if (!m) return undefined;
  const mark = m[1]
    .replace(/[,，、]$/u, '')
    .replace(/^\(/u, '（')
    .replace(/\)$/u, '）');
  return c.heading.includes(mark) ? undefined : mark;
}

/** The part marker the chunker put on a heading cut in parts: （2/3）. */
const PART = /（\d+\/\d+）$/u;

/** Titles for the chunks of one report, in place: distinct within the report. */
export function giveTitles(chunks: Chunk[]): void {
  const sectionOf = (c: Chunk) => (c.sectionPath.length ? c.sectionPath.map((s) => shorten(s, SECTION_CHARS)).join(' › ') : LEAD_SECTION);
  const own = (c: Chunk) => {
    const part = PART.exec(c.heading)?.[0] ?? '';
    const heading = c.heading.replace(PART, '');
    // A measure has its own heading; a section's own text is its section's heading.
    if (c.kind === 'measure' || (c.sectionPath.length && heading !== c.sectionPath[c.sectionPath.length - 1])) {
      const n = numberOf(c);
      return { text: `${n ? `${n} ` : ''}${heading}${part}`, own: true };
    }
    return { text: part, own: false };
  };
  const base = chunks.map((c) => {
    const o = own(c);
    return o.own ? `${sectionOf(c)} › ${o.text}` : `${sectionOf(c)}${o.text}`;
  });
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  // Where a section is read in several chunks, each says its lead words.
  const titles = base.map((b, i) => (count.get(b)! > 1 && !own(chunks[i]).own ? `${b} › ${leadWords(chunks[i].text)}` : b));
  const seen = new Map<string, number>();
  chunks.forEach((c, i) => {
    const n = (seen.get(titles[i]) ?? 0) + 1;
    seen.set(titles[i], n);
    c.title = n > 1 ? `${titles[i]}（${n}）` : titles[i];
  });
}
