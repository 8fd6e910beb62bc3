// A converted report's front matter as the editor sees and corrects it: split from the text,
// corrected field by field (a corrected field is no longer inferred), joined back.
import YAML from 'yaml';
import { parseReport, ReportError } from '../indexer/read';
import type { PendingItem } from './ingest-protocol';

/** The fields an editor may correct before confirming. */
export const EDITABLE = ['title', 'author', 'publisher', 'published', 'url', 'province', 'city', 'district', 'genre'] as const;

export function splitFrontMatter(markdown: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!m) return { data: {}, body: markdown };
  return { data: (YAML.parse(m[1]) as Record<string, unknown>) ?? {}, body: markdown.slice(m[0].length) };
}

export function joinFrontMatter(data: Record<string, unknown>, notes: string[], body: string): string {
  return `---\n${YAML.stringify(data, { lineWidth: 0 }).trimEnd()}\n${notes.map((n) => `# ${n}`).join('\n')}${notes.length ? '\n' : ''}---\n${body}`;
}

/** A replacement keeps the id of the report it replaces. */
export function withId(item: PendingItem, id: string): PendingItem {
  const { data, body } = splitFrontMatter(item.markdown);
  data.id = id;
  const notes = Object.entries(item.inferredFrom).map(([k, from]) => `${k}: from ${from}`);
  return { ...item, id, name: `${id}.md`, markdown: joinFrontMatter(data, notes, body) };
}

/**
 * Applies the editor's corrections (`<field>_<n>` form fields) to item n; the evidence of a field
 * still inferred is kept as a comment. Sets `item.error` when the report no longer reads.
 */
export function correct(item: PendingItem, n: number, sent: Record<string, string>): void {
  const { data, body } = splitFrontMatter(item.markdown);
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
  item.markdown = joinFrontMatter(data, notes, body);
  try {
    parseReport(item.name, item.markdown);
    item.error = undefined;
  } catch (err) {
    item.error = err instanceof ReportError ? err.reason : (err as Error).message;
  }
}
