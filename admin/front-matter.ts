// A converted report's front matter as the editor sees and corrects it: split from the text,
// corrected field by field (a corrected field is no longer inferred), joined back.
import { editFrontMatter, parseFrontMatter, writeFrontMatter } from '../core/front-matter';
import { REPORT_ID } from '../core/ids';
import { coded } from '../core/report-errors';
import { parseReport, reasonOf } from '../indexer/read';
import type { PendingItem } from './ingest-protocol';

/** The fields an editor may correct before confirming. */
export const EDITABLE = ['title', 'author', 'publisher', 'published', 'url', 'province', 'city', 'district', 'genre'] as const;

/** The fields of a converted report, or none when its front matter does not read (the preview says why). */
export function fieldsOf(markdown: string): Record<string, unknown> {
  try {
    return parseFrontMatter(markdown).data;
  } catch {
    return {};
  }
}

/** A replacement keeps the id of the report it replaces. */
export function withId(item: PendingItem, id: string): PendingItem {
  const notes = Object.entries(item.inferredFrom).map(([k, from]) => `${k}: from ${from}`);
  return { ...item, id, name: `${id}.md`, markdown: editFrontMatter(item.markdown, (data) => ({ ...data, id }), notes) };
}

/**
 * Applies the editor's corrections (`<field>_<n>` form fields) to item n; the evidence of a field
 * still inferred is kept as a comment. Sets `item.error` when the report no longer reads.
 */
export function correct(item: PendingItem, n: number, sent: Record<string, string>, idFixed = false): void {
  const { data, body } = parseFrontMatter(item.markdown);
  // The id the report is stored and cited under, unless it replaces a report (whose id it keeps).
  const id = sent[`id_${n}`];
  const badId = typeof id === 'string' && !idFixed && id.trim() !== item.id && !REPORT_ID.test(id.trim());
  if (typeof id === 'string' && !idFixed && !badId && id.trim() !== item.id) {
    item.id = data.id = id.trim();
    item.name = `${item.id}.md`;
  }
  const inferred = new Set((data.inferred as string[] | undefined) ?? []);
  for (const f of EDITABLE) {
    const value = sent[`${f}_${n}`];
    if (typeof value !== 'string') continue;
    const v = value.trim().slice(0, 300);
    if (v === String(data[f] ?? '')) continue;
    if (v) data[f] = v;
    else delete data[f];
    inferred.delete(f);
    if (f === 'published') delete data.dateInferred;
  }
  data.inferred = [...inferred];
  if (!inferred.size) delete data.inferred;
  const notes = Object.entries(item.inferredFrom)
    .filter(([k]) => inferred.has(k))
    .map(([k, from]) => `${k}: from ${from}`);
  item.markdown = writeFrontMatter(data, body, notes);
  if (badId) {
    item.error = coded('edited-id', { id });
    return;
  }
  try {
    parseReport(item.name, item.markdown);
    item.error = undefined;
  } catch (err) {
    item.error = reasonOf(err);
  }
}
