// Citations for reference managers: RIS (EndNote, NoteExpress, Zotero), BibTeX (biblatex @online,
// which the GB/T 7714 styles read as [EB/OL]) and GB/T 7714 plain text, for one measure or many.
// RIS and BibTeX are written by Citation.js from CSL-JSON.
import type { Response } from 'express';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-bibtex';
import { NO_AUTHOR, gbt7714, locator, type Reference } from './citation';
import type { Messages } from './i18n';
import { download, type FileName } from './download';

export const EXPORT_FORMATS = ['ris', 'bib', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// Keep Chinese as it is (by default the BibTeX writer drops every character it cannot spell in
// LaTeX), and key each entry by the measure's id.
const bibtexConfig = (plugins.config.get('@bibtex') as { format: { asciiOnly: boolean; useIdAsLabel: boolean } }).format;
bibtexConfig.asciiOnly = false;
bibtexConfig.useIdAsLabel = true;

type DateParts = { 'date-parts': number[][]; circa?: boolean };

function dateParts(date: string, circa = false): DateParts {
  const parts = { 'date-parts': [date.split('-').map(Number)] } as DateParts;
  if (circa) parts.circa = true;
  return parts;
}

/** Braces in text would end a BibTeX value early: the fullwidth forms read the same. */
function braceSafe(s: string): string {
  return s.replace(/\{/g, '｛').replace(/\}/g, '｝');
}

/** The note every format carries: where the measure stands, its permalink, what the corpus supplied. */
export function referenceNote(ref: Reference): string {
  const parts = [`章节: ${locator(ref)}`];
  if (ref.original) parts.push(`本库链接: ${ref.permalink}`);
  if (ref.titleSupplied) parts.push('题名为著录者所拟');
  if (ref.dateInferred) parts.push('发布日期为推定');
  return parts.join('; ');
}

/** CSL-JSON, the form Citation.js writes every format from. */
export function toCsl(ref: Reference): Record<string, unknown> {
  const csl: Record<string, unknown> = {
    id: ref.id,
    'citation-key': ref.id,
    type: 'webpage',
    title: braceSafe(ref.title),
    author: [{ literal: braceSafe(ref.author ?? NO_AUTHOR) }],
    URL: ref.url,
    accessed: dateParts(ref.accessed),
    note: braceSafe(referenceNote(ref)),
    language: 'zh-CN',
  };
  if (ref.published) csl.issued = dateParts(ref.published, ref.dateInferred);
  if (ref.publisher) csl.publisher = braceSafe(ref.publisher);
  if (ref.page) csl.page = String(ref.page);
  return csl;
}

const LABEL = { ris: 'formatRis', bib: 'formatBib', txt: 'formatTxt' } as const;

/** One download link per format, for a page's "export citation" line. */
export function exportLinks(m: Messages, urlOf: (format: ExportFormat) => string): { format: ExportFormat; label: string; url: string }[] {
  return EXPORT_FORMATS.map((format) => ({ format, label: m[LABEL[format]], url: urlOf(format) }));
}

/** `first`: the number of the first reference in a GB/T 7714 list ([1], [2] …). */
export function formatReferences(refs: Reference[], format: ExportFormat, first = 1): string {
  if (format === 'txt') return refs.map((r, i) => `[${first + i}] ${gbt7714(r)}\n    章节: ${locator(r)}\n`).join('');
  if (!refs.length) return '';
  if (format === 'bib') return new Cite(refs.map(toCsl)).format('biblatex') as string;
  // Citation.js maps the fields to RIS tags. The access date goes in Y2, the RIS tag that Zotero
  // reads as the date of access, and the lines are written here, one per tag and never wrapped (its own
  // writer breaks values at 70 characters, which splits long addresses).
  const entries = new Cite(refs.map((r) => ({ ...toCsl(r), accessed: undefined }))).format('ris', { format: 'object' }) as Record<string, unknown>[];
  return entries
    .map((entry, i) => {
      // The whole date (DA) after the year (PY): readers that keep the last date they read keep the whole one.
      const { DA, ...rest } = entry;
      const tags: Record<string, unknown> = { ...rest, ...(DA ? { DA } : {}), ID: refs[i].id, Y2: `${refs[i].accessed.replace(/-/g, '/')}/` };
      const lines = [`TY  - ${String(tags.TY)}`];
      for (const [tag, value] of Object.entries(tags))
        if (tag !== 'TY') for (const v of [value].flat()) lines.push(`${tag}  - ${String(v).replace(/[\r\n]+/g, ' ')}`);
      lines.push('ER  - ', '');
      return lines.join('\r\n');
    })
    .join('\r\n');
}

const TYPES: Record<ExportFormat, string> = {
  ris: 'application/x-research-info-systems; charset=utf-8',
  bib: 'application/x-bibtex; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** References are written in batches of this many, letting other requests through in between. */
const BATCH = 200;

/** Sends references as a download named `<name>.<format>`. */
export async function sendReferences(res: Response, refs: Reference[], format: ExportFormat, name: FileName): Promise<void> {
  download(res, TYPES[format], name, format);
  for (let i = 0; i < refs.length; i += BATCH) {
    if (i > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      // Records of one batch and the next stand apart as records of one batch do.
      if (format !== 'txt') res.write(format === 'ris' ? '\r\n' : '\n');
    }
    res.write(formatReferences(refs.slice(i, i + BATCH), format, i + 1));
  }
  res.end();
}
