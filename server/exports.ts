// Citations for reference managers: RIS (EndNote, NoteExpress, Zotero), BibTeX (biblatex @online,
// which the GB/T 7714 styles read as [EB/OL]) and GB/T 7714 plain text. A download of many measures
// holds one record per report (the work a reference manager keeps), with a note for each measure
// cited from it; `per=measure` asks for one record per measure instead.
// RIS and BibTeX are written by Citation.js from CSL-JSON.
import type { Response } from 'express';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-bibtex';
import { KB_COPY, byReport, gbt7714, locator, romanisedCitation, romanisedTitleText, type Reference } from './citation';
import type { Messages } from './i18n';
import { download, downloadWriter, type FileName } from './download';
import { Turns } from '../core/turns';

export const EXPORT_FORMATS = ['ris', 'bib', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** work: one record per report, its cited measures in notes; measure: one record per measure. */
export const EXPORT_UNITS = ['work', 'measure'] as const;
export type ExportUnit = (typeof EXPORT_UNITS)[number];

// Keep Chinese as it is (by default the BibTeX writer drops every character it cannot spell in
// LaTeX), and key each entry by its id.
const bibtexConfig = (plugins.config.get('@bibtex') as { format: { asciiOnly: boolean; useIdAsLabel: boolean } }).format;
bibtexConfig.asciiOnly = false;
bibtexConfig.useIdAsLabel = true;

type DateParts = { 'date-parts': number[][]; circa?: boolean };

function dateParts(date: string, circa = false): DateParts {
  const parts = { 'date-parts': [date.split('-').map(Number)] } as DateParts;
  if (circa) parts.circa = true;
  return parts;
}

/** What LaTeX reads as a command (or BibTeX as the end of a value), written so that it prints as itself. */
const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Text as a BibTeX value: a % would comment out the rest of the line, a & or # stop LaTeX, a brace end the value. */
function latexSafe(s: string): string {
  return s.replace(/[\\{}&%$#_~^]/g, (c) => LATEX_SPECIAL[c]);
}

/** CSL-JSON values that are not text to print: written as they are (biblatex reads `url` verbatim). */
const VERBATIM = new Set(['id', 'citation-key', 'type', 'URL', 'language']);

function latexSafeValue(v: unknown): unknown {
  if (typeof v === 'string') return latexSafe(v);
  if (Array.isArray(v)) return v.map(latexSafeValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, latexSafeValue(x)]));
  return v;
}

/**
 * A record for the BibTeX writer, every free-text value (title, note, names, publisher …) escaped
 * for LaTeX: Citation.js writes text as it is once it may keep Chinese (asciiOnly off).
 */
function bibSafe(csl: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(csl).map(([k, v]) => [k, VERBATIM.has(k) ? v : latexSafeValue(v)]));
}

/** One record: a measure, or a report with the measures cited from it. */
interface Work {
  key: string;
  ref: Reference;
  /** The access path: the original publication, else this knowledge base's copy (of the measure or the report). */
  url: string;
  measures: Reference[];
}

function works(refs: Reference[], unit: ExportUnit): Work[] {
  if (unit === 'measure') return refs.map((r) => ({ key: r.id, ref: r, url: r.url, measures: [r] }));
  return byReport(refs).map((g) => ({ key: g[0].docId, ref: g[0], url: g[0].original ? g[0].url : g[0].reportUrl, measures: g }));
}

/** What the record says of its source: a supplied title, an inferred date, that it cites this knowledge base's copy. */
function sourceNotes(ref: Reference): string[] {
  const parts: string[] = [];
  if (ref.titleSupplied) parts.push('题名为著录者所拟');
  if (ref.dateInferred) parts.push('发布日期为推定');
  if (!ref.original) parts.push(KB_COPY);
  return parts;
}

/** A cited measure: where it stands and its permalink (the access path of a one-measure record says the latter already). */
function measureNote(ref: Reference, url: string): string {
  return `章节: ${locator(ref)}${ref.permalink !== url ? `; 本库链接: ${ref.permalink}` : ''}`;
}

/**
 * The notes of a record: a measure's record has one (where it stands, then what it says of its
 * source); a report's has what it says of its source first, then one for each cited measure.
 */
function notesOf(w: Work): string[] {
  return [...notes(w)];
}

function* notes(w: Work): Generator<string> {
  const source = sourceNotes(w.ref);
  if (w.measures.length === 1 && w.key === w.ref.id) {
    yield [measureNote(w.ref, w.url), ...source].join('; ');
    return;
  }
  if (source.length) yield source.join('; ');
  for (const m of w.measures) yield measureNote(m, w.url);
}

/** Lines written between two turns of a long record (a report with thousands of measures cited). */
const LINES_PER_PIECE = 200;

/** Text in pieces of a few hundred lines each. */
function* pieces(lines: Iterable<string>, end: string): Generator<string> {
  let piece: string[] = [];
  for (const line of lines) {
    piece.push(line);
    if (piece.length === LINES_PER_PIECE) {
      yield piece.join(end) + end;
      piece = [];
    }
  }
  if (piece.length) yield piece.join(end) + end;
}

/**
 * CSL-JSON, the form Citation.js writes every format from. An unknown author is left out (a
 * reference manager would take 佚名 for a person's name); an issuing organisation stands in as a
 * corporate author, written by BibTeX in double braces.
 */
function toCsl(w: Work, notes = notesOf(w)): Record<string, unknown> {
  const { ref } = w;
  const csl: Record<string, unknown> = {
    id: w.key,
    'citation-key': w.key,
    type: 'webpage',
    title: ref.title,
    URL: w.url,
    accessed: dateParts(ref.accessed),
    note: notes.join('; '),
    language: 'zh-CN',
  };
  const author = ref.author ?? ref.corporate;
  if (author) csl.author = [{ literal: author }];
  if (ref.published) csl.issued = dateParts(ref.published, ref.dateInferred);
  if (ref.publisher) csl.publisher = ref.publisher;
  if (w.measures.length === 1 && ref.page) csl.page = String(ref.page);
  return csl;
}

/**
 * One biblatex @online entry. The title in pinyin (with the report's English title where it has one)
 * goes in titleaddon, which the biblatex styles print after the title; the title stays in characters.
 * Citation.js writes no titleaddon: it is written as origtitle (escaped like every value) and renamed.
 */
function bibEntry(w: Work): string {
  const entry = new Cite([bibSafe({ ...toCsl(w), 'original-title': romanisedTitleText(w.ref) })]).format('biblatex') as string;
  return entry.replace(/^(\s*)origtitle = /m, '$1titleaddon = ');
}

/** One RIS record in pieces, each ending in a line break: a tag a line, never wrapped; each note its own N1 (Zotero makes a note of each). */
function* risPieces(w: Work): Generator<string> {
  const [entry] = new Cite([{ ...toCsl(w, []), note: undefined, accessed: undefined }]).format('ris', { format: 'object' }) as Record<string, unknown>[];
  // The whole date (DA) after the year (PY): readers that keep the last date they read keep the whole one.
  const { DA, AU, ...rest } = entry;
  // A corporate author goes in A2, the tag of an organisation responsible for the work.
  const authors = w.ref.author ? { AU } : w.ref.corporate ? { A2: w.ref.corporate } : {};
  // The notes (N1) are written where they stand, one at a time: a report may have thousands.
  const tags: Record<string, unknown> = {
    ...authors,
    ...rest,
    N1: null,
    ...(DA ? { DA } : {}),
    ID: w.key,
    Y2: `${w.ref.accessed.replace(/-/g, '/')}/`,
  };
  // The title in pinyin (with the report's English title where it has one) as the translated title,
  // TT, right after the title in characters: EndNote files it as the Translated Title, Zotero keeps
  // it in a note, Citation.js reads it as the title with TI as the original title.
  const titled: Record<string, unknown> = {};
  for (const [tag, value] of Object.entries(tags)) {
    titled[tag] = value;
    if (tag === 'TI') titled.TT = romanisedTitleText(w.ref);
  }
  const line = (tag: string, v: unknown) => `${tag}  - ${String(v).replace(/[\r\n]+/g, ' ')}`;
  function* lines(): Generator<string> {
    yield `TY  - ${String(tags.TY)}`;
    for (const [tag, value] of Object.entries(titled)) {
      if (tag === 'TY' || value === undefined) continue;
      if (tag === 'N1') for (const n of notes(w)) yield line(tag, n);
      else for (const v of [value].flat()) yield line(tag, v);
    }
    yield 'ER  - ';
  }
  yield* pieces(lines(), '\r\n');
}

/** A GB/T 7714 list entry with the sections cited, one line each (with its permalink when the record is a report's), in pieces. */
function* gbtPieces(w: Work, n: number): Generator<string> {
  yield `[${n}] ${gbt7714(w.ref, w.url)}\n`;
  // The same work as English-language journals cite it (pinyin, the English title where the report
  // has one, the title in characters), on a line of its own: the entry above stays the standard's.
  yield `    ${ROMANISED_LABEL}: ${romanisedCitation(w.ref, w.url)}\n`;
  yield* pieces(
    w.measures.map((m) => `    章节: ${locator(m)}${w.measures.length > 1 || w.url !== m.permalink ? ` ${m.permalink}` : ''}`),
    '\n',
  );
}

/** The label of a GB/T 7714 entry's romanised twin in the text download. */
export const ROMANISED_LABEL = '拼音著录';

const LABEL = { ris: 'formatRis', bib: 'formatBib', txt: 'formatTxt' } as const;

/** One download link per format, for a page's "export citation" line. */
export function exportLinks(m: Messages, urlOf: (format: ExportFormat) => string): { format: ExportFormat; label: string; url: string }[] {
  return EXPORT_FORMATS.map((format) => ({ format, label: m[LABEL[format]], url: urlOf(format) }));
}

/** `first`: the number of the first reference in a GB/T 7714 list ([1], [2] …). */
export function formatReferences(refs: Reference[], format: ExportFormat, first = 1, unit: ExportUnit = 'measure'): string {
  return [...referencePieces(refs, format, unit, first)].join('');
}

/** The text of a download in pieces: its records, and a long record (a report citing thousands of measures) in parts. */
function* referencePieces(refs: Reference[], format: ExportFormat, unit: ExportUnit, first = 1): Generator<string> {
  const list = works(refs, unit);
  for (let i = 0; i < list.length; i++) {
    const w = list[i];
    if (format === 'txt') {
      yield* gbtPieces(w, first + i);
      continue;
    }
    // Records stand apart by an empty line.
    if (i > 0) yield format === 'ris' ? '\r\n' : '\n';
    if (format === 'bib') yield bibEntry(w);
    else yield* risPieces(w);
  }
}

const TYPES: Record<ExportFormat, string> = {
  ris: 'application/x-research-info-systems; charset=utf-8',
  bib: 'application/x-bibtex; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/**
 * Sends references as a download named `<name>.<format>`, one record per report unless `unit` is
 * measure. Written a few milliseconds at a time (see core/turns.ts), as fast as the reader takes
 * them: exports running side by side share the server evenly, and pages are answered in between.
 */
export async function sendReferences(res: Response, refs: Reference[], format: ExportFormat, name: FileName, unit: ExportUnit = 'work'): Promise<void> {
  download(res, TYPES[format], name, format);
  const turns = new Turns();
  const write = downloadWriter(res);
  for (const piece of referencePieces(refs, format, unit)) {
    // A reader who went away takes no more of the server's time.
    if (res.destroyed) return;
    await write(piece);
    await turns.pass();
  }
  res.end();
}
