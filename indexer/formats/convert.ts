// Any report file the corpus accepts — a saved web page, a PDF, a Word document, plain text or
// Markdown — as the Markdown report the indexer reads: inferred front matter and the body exactly
// as extracted.
import { hasFrontMatter, writeFrontMatter } from '../../core/front-matter';
import type { Reason } from '../../core/report-errors';
import type { Rules } from '../rules';
import { decodeText, sniff, type Format } from './detect';
import { extractHtml } from './html';
import { extractPdfAsync } from './pdf';
import { extractDocx } from './docx';
import type { Block } from './blocks';
import type { Hints } from './hints';
import { inferFrontMatter, type InferredMeta } from '../infer';

export interface Converted {
  format: Format;
  encoding?: string;
  /** The report as a Markdown file with front matter, ready to be written to corpus/reports/. */
  markdown: string;
  meta: InferredMeta;
  /** Things worth a look before the report is added, each with its code. */
  warnings: Reason[];
}

/** Heading lines keep their own numbering (一、…) and read as headings to the outline; others get "## ". */
function bodyText(lines: Block[]): string {
  const numbered = /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．]\s*|第[一二三四五六七八九十]+[章节部分])/u;
  return `${lines.map((l) => (l.level > 0 && !numbered.test(l.text) ? `## ${l.text}` : l.text)).join('\n')}\n`;
}

function textBlocks(text: string): Block[] {
  return text
    .split('\n')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ text: t, level: 0 }));
}

/** Converts a report file; `id` is the slug the report will be stored under. */
export async function convertReport(file: string, bytes: Buffer, id: string, rules: Rules): Promise<Converted> {
  const format = sniff(file, bytes);
  if (format === 'markdown') {
    // Markdown keeps the front matter it has; one without gets it inferred like plain text.
    const { text, encoding } = decodeText(file, bytes);
    if (hasFrontMatter(text)) return { format, encoding, markdown: text, meta: {}, warnings: [] };
    return finish(format, encoding, textBlocks(text), {}, id, rules);
  }
  if (format === 'text') {
    const { text, encoding } = decodeText(file, bytes);
    return finish(format, encoding, textBlocks(text), {}, id, rules);
  }
  if (format === 'html') {
    const { text, encoding, warning } = decodeText(file, bytes, true);
    const page = extractHtml(text);
    const converted = finish(format, encoding, page.blocks, page.hints, id, rules);
    if (warning) converted.warnings.unshift(warning);
    return converted;
  }
  if (format === 'pdf') {
    // The bytes already read, not the file by name: `file` is only the name the report is shown under.
    const pdf = await extractPdfAsync(file, bytes);
    return finish(format, undefined, pdf.blocks, pdf.hints, id, rules);
  }
  const doc = await extractDocx(file, bytes);
  return finish(format, undefined, doc.blocks, doc.hints, id, rules);
}

function finish(format: Format, encoding: string | undefined, blocks: Block[], hints: Hints, id: string, rules: Rules): Converted {
  const { meta, lines, warnings } = inferFrontMatter(blocks, hints, rules);
  const front: Record<string, unknown> = { id, title: meta.title?.value ?? id };
  for (const k of ['city', 'province', 'district', 'author', 'publisher', 'published', 'url', 'genre'] as const) if (meta[k]) front[k] = meta[k]?.value;
  // Every field above was read by the indexer, not written by a person: the citation says so.
  front.inferred = Object.keys(meta);
  if (meta.published?.from === 'URL path') front.dateInferred = true;
  const evidence = Object.entries(meta).map(([k, v]) => `${k}: from ${v.from}`);
  const markdown = writeFrontMatter(front, bodyText(lines), evidence);
  return { format, encoding, markdown, meta, warnings };
}
