// A report becomes chunks: sections and measures with their section path, sized for reading,
// each tagged with place, agencies, themes, practices and figures. Pure: no I/O.
import { chunkId } from '../core/ids';
import { createHash } from 'node:crypto';
import type { Chunk, ChunkKind, DocMeta } from '../core/types';
import type { Report } from './read';
import type { Rules } from './rules';
import { clean } from './clean';
import { PAGE_MARK } from './text';
import { outline, type Section } from './outline';
import { measures } from './measures';
import { packSentences } from './sentences';
import { decideAgencies, findAgencies, type AgencyContext, type AgencyMention } from './extract/agency';
import { decideThemes } from './extract/theme';
import { findPractices } from './extract/practice';
import { findFigures } from './extract/figure';
import { decidePlace } from './extract/place';
import { giveTitles } from './title';

export const MAX_CHUNK_CHARS = 800;
export const MIN_CHUNK_CHARS = 60;
const MIN_MEASURE_CHARS = 24;

interface Draft {
  kind: ChunkKind;
  heading: string;
  path: string[];
  text: string;
  speaker?: string;
  ctx: AgencyContext;
}

export interface ChunkedReport {
  doc: DocMeta;
  chunks: Chunk[];
  sections: { path: string[]; kind: Section['kind'] }[];
}

/** Finds who a speaker is from the text: "……常务副书记唐国玉" names the agency before the name. */
function resolveSpeaker(speaker: string, fullText: string, rules: Rules['agencies']): { display: string; mention?: AgencyMention } {
  const own = findAgencies(speaker, rules)[0];
  if (own) return { display: speaker, mention: own };
  for (let i = fullText.indexOf(speaker); i !== -1; i = fullText.indexOf(speaker, i + 1)) {
    const before = fullText.slice(Math.max(0, i - 24), i);
    const m = findAgencies(before, rules).pop();
    if (m && !/[,，。:：]/.test(before.slice(m.index))) {
      return { display: before.slice(m.index) + speaker, mention: m };
    }
  }
  return { display: speaker };
}

function sectionAgency(section: Section, rules: Rules['agencies']): AgencyMention | undefined {
  const heading = section.path[section.path.length - 1] ?? '';
  const firstSentence = /^[^。]*/u.exec(section.paragraphs[0] ?? '')?.[0] ?? '';
  return findAgencies(heading, rules)[0] ?? findAgencies(firstSentence, rules)[0];
}

function drafts(doc: DocMeta, sections: Section[], fullText: string, rules: Rules): Draft[] {
  const out: Draft[] = [];
  // A speaker is looked up in the text once, however many turns they take.
  const speakers = new Map<string, ReturnType<typeof resolveSpeaker>>();
  const speakerOf = (name: string) => speakers.get(name) ?? speakers.set(name, resolveSpeaker(name, fullText, rules.agencies)).get(name);
  for (const s of sections) {
    const speaker = s.speaker ? speakerOf(s.speaker) : undefined;
    const ctx: AgencyContext = {
      speakerAgency: speaker?.mention?.agency,
      speakerMention: speaker?.mention,
      sectionAgency: s.level > 0 ? sectionAgency(s, rules.agencies) : undefined,
    };
    const heading = s.path[s.path.length - 1] ?? doc.title;
    const own: Draft[] = [];
    for (const u of s.level === 0 ? s.paragraphs.map((text) => ({ kind: 'para' as const, text, heading: undefined })) : measures(s.paragraphs)) {
      const kind: ChunkKind = s.level === 0 ? 'lead' : u.kind === 'measure' ? 'measure' : s.kind === 'qa' ? 'qa' : 'section';
      own.push({ kind, heading: u.heading ?? heading, path: s.path, text: u.text, speaker: speaker?.display, ctx });
    }
    out.push(...mergeSmall(own));
  }
  return out;
}

/** Folds fragments too small to stand alone into the previous chunk of the section (or the next). */
function mergeSmall(list: Draft[]): Draft[] {
  const out: Draft[] = [];
  let carry = '';
  for (const d of list) {
    const small = d.kind === 'measure' ? d.text.length < MIN_MEASURE_CHARS : d.text.length < MIN_CHUNK_CHARS;
    if (carry) d.text = `${carry}\n${d.text}`;
    carry = '';
    if (small && out.length && out[out.length - 1].text.length + d.text.length <= MAX_CHUNK_CHARS) out[out.length - 1].text += `\n${d.text}`;
    else if (small && !out.length && list.length > 1) carry = d.text;
    else out.push(d);
  }
  if (carry) out.push({ ...list[list.length - 1], text: carry });
  return out;
}

function stableId(docId: string, d: Draft, part: number, seen: Map<string, number>): string {
  const h = createHash('sha1')
    .update([d.kind, d.path.join('\u0001'), d.heading, d.text, String(part)].join('\u0000'))
    .digest('hex');
  const base = chunkId(docId, h);
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return chunkId(docId, h, n);
}

/**
 * A report that repeats a fact (a headline above the article, a summary after it) states its figure
 * once: the same label, value and unit are kept on the first measure that states them, and on a
 * lead only when no measure does.
 */
function dropRepeatedFigures(chunks: Chunk[]): void {
  const seen = new Set<string>();
  const byPreference = [...chunks.filter((c) => c.kind !== 'lead'), ...chunks.filter((c) => c.kind === 'lead')];
  for (const c of byPreference)
    c.figures = c.figures.filter((f) => {
      const key = [f.label, f.value, f.unit, f.from ?? ''].join('\u0000');
      return !seen.has(key) && !!seen.add(key);
    });
}

/** Chunks of a report converted from a PDF get the page they start on, from its page marker lines. */
function markPages(body: string, chunks: Chunk[]): void {
  const marks = [...body.matchAll(new RegExp(PAGE_MARK.source, 'gm'))].map((m) => ({ at: m.index ?? 0, page: Number(m[1]) }));
  if (!marks.length) return;
  let from = 0;
  // Chunks are found in the order of the body, so the last mark before each only moves forward.
  let next = 0;
  for (const c of chunks) {
    const probe = c.text.split('\n')[0].slice(0, 30);
    const at = body.indexOf(probe, from);
    if (at === -1) continue;
    from = at;
    while (next < marks.length && marks[next].at <= at) next++;
    if (next > 0) c.page = marks[next - 1].page;
  }
}

export function chunkReport(report: Report, rules: Rules): ChunkedReport {
  const cleaned = clean(report.body, report.meta.title, rules.outline);
  const doc: DocMeta = { ...report.meta, chunkCount: 0 };
  for (const k of ['publisher', 'author', 'editor', 'originalTitle'] as const) if (!doc[k] && cleaned.meta[k]) doc[k] = cleaned.meta[k];
  const sections = outline(cleaned.paragraphs, rules.outline);
  const fullText = cleaned.paragraphs.join('\n');
  const year = doc.published ? Number(doc.published.slice(0, 4)) : undefined;
  const seen = new Map<string, number>();
  const chunks: Chunk[] = [];
  for (const d of drafts(doc, sections, fullText, rules)) {
    const parts = d.text.length > MAX_CHUNK_CHARS ? packSentences(d.text, MAX_CHUNK_CHARS) : [d.text];
    parts.forEach((text, part) => {
      const heading = parts.length > 1 ? `${d.heading}（${part + 1}/${parts.length}）` : d.heading;
      const { agencies, agencyNames } = decideAgencies(d.heading, text, d.ctx, rules.agencies);
      const chunk: Chunk = {
        id: stableId(doc.id, d, part, seen),
        docId: doc.id,
        docTitle: doc.title,
        position: chunks.length,
        kind: d.kind,
        heading,
        sectionPath: d.path,
        text,
        ...decidePlace(doc, d.heading, text, d.speaker),
        agencies,
        agencyNames,
        themes: decideThemes(d.heading, text, rules.themes),
        practices: findPractices(`${d.heading}\n${text}`, rules.practices),
        figures: findFigures(text, rules.figures, year),
      };
      if (d.speaker) chunk.speaker = d.speaker;
      if (year && Number.isFinite(year)) chunk.year = year;
      if (doc.published) chunk.published = doc.published;
      for (const k of ['city', 'province', 'district'] as const) if (chunk[k] === undefined) delete chunk[k];
      chunks.push(chunk);
    });
  }
  dropRepeatedFigures(chunks);
  markPages(report.body, chunks);
  giveTitles(chunks);
  doc.chunkCount = chunks.length;
  return { doc, chunks, sections: sections.filter((s) => s.level > 0).map((s) => ({ path: s.path, kind: s.kind })) };
}
