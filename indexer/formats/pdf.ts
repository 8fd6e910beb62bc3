// A PDF's text layer as paragraphs in reading order: lines rebuilt from positioned text, running
// headers, footers and page numbers dropped, paragraphs joined across line and page breaks, and
// the page each paragraph starts on kept as a marker line (<!-- page 3 -->) the indexer reads.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ReportError } from '../read';
import { pageMark } from '../text';
import type { Block } from './blocks';
import type { Hints } from './hints';

interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Page {
  width: number;
  height: number;
  items: Item[];
}
interface Line {
  /** In the top or bottom tenth of the page, where running headers and footers stand. */
  margin: boolean;
  text: string;
  x: number;
  right: number;
  y: number;
  h: number;
  page: number;
}

const WORKER = path.join(__dirname, 'pdf-text.mjs');
/** A PDF may take this long and this much memory to read; beyond that it is refused. */
const TIMEOUT_MS = 60_000;
const MEMORY_MB = 768;

/** Reads a PDF's text layer in a separate, time- and memory-limited process. */
function readTextLayer(file: string): { info: { title: string; author: string }; pages: Page[] } {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${MEMORY_MB}`, WORKER, file], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
    cwd: path.join(__dirname, '..', '..'),
  });
  if (r.error || r.signal) throw new ReportError(file, `the PDF could not be read in ${TIMEOUT_MS / 1000} s (${r.signal ?? r.error?.message})`);
  let out: { error?: string; info: { title: string; author: string }; pages: Page[] };
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new ReportError(file, `the PDF could not be read${r.stderr ? `: ${r.stderr.split('\n')[0]}` : ''}`);
  }
  if (out.error) throw new ReportError(file, `the PDF could not be read: ${out.error}`);
  return out;
}

/** Items on one baseline make a line; lines top to bottom. */
function pageLines(page: Page, n: number): Line[] {
  const items = [...page.items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const it of items) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - it.y) <= Math.max(2, 0.4 * Math.min(last.h, it.h || last.h))) {
      // Latin words apart on the page are apart in the text; Chinese runs on.
      const gap = it.x - last.right;
      last.text += gap > 0.25 * it.h && /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(it.str) ? ` ${it.str}` : it.str;
      last.right = Math.max(last.right, it.x + it.w);
      last.h = Math.max(last.h, it.h);
    } else lines.push({ margin: it.y > page.height * 0.9 || it.y < page.height * 0.1, text: it.str, x: it.x, right: it.x + it.w, y: it.y, h: it.h, page: n });
  }
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
}

const PAGE_NUMBER = /^[-—–\s]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*\d{1,4})?[-—–\s]*$|^(page|p\.)\s*\d+/i;

/** The lines in a page's top or bottom margin that recur on most pages (digits aside), and page numbers. */
function furniture(pages: Line[][]): Set<Line> {
  const drop = new Set<Line>();
  const edge = (lines: Line[]) => [...lines.slice(0, 2), ...lines.slice(-2)].filter((l) => l.margin);
  const key = (l: Line) => l.text.replace(/\d+/g, '#');
  const counts = new Map<string, number>();
  for (const lines of pages) for (const k of new Set(edge(lines).map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const lines of pages)
    for (const l of edge(lines)) if (PAGE_NUMBER.test(l.text) || (pages.length >= 2 && (counts.get(key(l)) ?? 0) >= Math.max(2, pages.length / 2))) drop.add(l);
  return drop;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

/** Paragraphs of the body lines: a new one at an indent, after a short line ending a sentence, a wide gap or a change of size. */
function paragraphs(lines: Line[]): { text: string; page: number; level: number }[] {
  if (!lines.length) return [];
  const bodyH = median(lines.map((l) => l.h));
  const left = median(lines.map((l) => l.x));
  const right = median(lines.map((l) => l.right).filter((r) => r > left + 10 * bodyH));
  const gaps = lines.slice(1).flatMap((l, i) => (l.page === lines[i].page ? [lines[i].y - l.y] : []));
  const spacing = median(gaps.filter((g) => g > 0)) || bodyH * 1.5;
  const out: { text: string; page: number; level: number }[] = [];
  let prev: Line | null = null;
  for (const l of lines) {
    const heading = l.h > bodyH * 1.15;
    const indented = l.x > left + 0.8 * bodyH;
    // A line that ends short ends its paragraph when it ends a sentence too: Chinese typesetting
    // also leaves a line short to keep a closing quote or a full stop off the next line's start.
    const prevShort = !!prev && prev.right < right - 1.5 * bodyH && /[。！？；：.!?;:”」』）)…]$/u.test(prev.text);
    const gap = !!prev && prev.page === l.page && prev.y - l.y > spacing * 1.6;
    const sizeChange = !!prev && Math.abs(prev.h - l.h) > bodyH * 0.15;
    const last = out[out.length - 1];
    if (!last || heading || indented || prevShort || gap || sizeChange) out.push({ text: l.text, page: l.page, level: heading ? 2 : 0 });
    else last.text += /[A-Za-z0-9,.;:]$/.test(last.text) && /^[A-Za-z0-9]/.test(l.text) ? ` ${l.text}` : l.text;
    prev = l;
  }
  return out;
}

export function extractPdf(file: string): { blocks: Block[]; hints: Hints } {
  const { info, pages } = readTextLayer(file);
  const perPage = pages.map((p, i) => pageLines(p, i + 1));
  if (!perPage.some((l) => l.length)) throw new ReportError(file, 'the PDF has no text layer (a scan?): it needs OCR before it can be added');
  const drop = furniture(perPage);
  const body = perPage.flat().filter((l) => !drop.has(l));
  const blocks: Block[] = [];
  let page = 0;
  for (const p of paragraphs(body)) {
    if (p.page !== page) {
      blocks.push({ text: pageMark(p.page), level: -1 });
      page = p.page;
    }
    blocks.push({ text: p.text, level: p.level });
  }
  // The file's creation date is when the PDF was made, not when the report was published: not a hint.
  return { blocks, hints: { docTitle: info.title || undefined, author: info.author || undefined } };
}
