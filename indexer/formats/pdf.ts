// A PDF's text layer as paragraphs in reading order: lines rebuilt from positioned text, running
// headers, footers and page numbers dropped, paragraphs joined across line and page breaks, and
// the page each paragraph starts on kept as a marker line (<!-- page 3 -->) the indexer reads.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ReportError } from '../read';
import { pageMark } from '../text';
import type { Block } from './blocks';
import { MAX_UPLOAD_BYTES } from './detect';
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
/** What the reading process prints: each page's text items, and the document's properties. */
export interface TextLayer {
  info: { title: string; author: string };
  pages: Page[];
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
/** A PDF may take this long to read; beyond that it is refused. */
const TIMEOUT_MS = 60_000;
/**
 * The address space the reading process may take, all of it (the heap, buffers, native memory).
 * Node and PDF.js reserve about 860 MB of it at start, most of it never touched; what is left is
 * what a PDF may use. A PDF that needs more is refused as too large.
 */
const ADDRESS_SPACE_MB = 1280;
/** The JavaScript heap within it. */
const HEAP_MB = 512;
/**
 * A stream of the PDF (other than an image) may inflate to this much; PDF.js, which doubles its
 * buffer as a stream inflates, could not hold more within the address space left to it.
 */
const MAX_STREAM_MB = 192;
/** The text layer as JSON, at most. */
const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * How the reading process is started. On Linux its address space is limited (ulimit -v) before
 * node starts: a limit on the JavaScript heap alone leaves out the buffers a PDF's streams inflate
 * into. WebAssembly's trap handler, which reserves 10 GB of address space, is turned off, and the
 * allocators are kept from reserving arenas they may never use (glibc's, 64 MB for each thread;
 * mimalloc's, 1 GB, in the canvas module PDF.js loads), so that the limit is spent on the PDF.
 */
function worker(): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const node = [process.execPath, '--disable-wasm-trap-handler', `--max-old-space-size=${HEAP_MB}`, WORKER, String(MAX_STREAM_MB)];
  // The worker is a fixed program with its own flags: none of the indexer's.
  const { NODE_OPTIONS: _options, ...inherited } = process.env;
  const env = { ...inherited, MALLOC_ARENA_MAX: '2', MIMALLOC_ARENA_RESERVE: '32MiB' };
  if (process.platform !== 'linux') return { command: node[0], args: node.slice(1), env };
  return { command: '/bin/sh', args: ['-c', 'ulimit -v "$0" && exec "$@"', String(ADDRESS_SPACE_MB * 1024), ...node], env };
}

/** The bytes of a PDF given by name only: read here, from the path as it resolves in this process. */
function readNamed(file: string): Buffer {
  const resolved = path.resolve(file);
  try {
    if (fs.statSync(resolved).size > MAX_UPLOAD_BYTES) throw new ReportError(file, 'too-large', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 });
    return fs.readFileSync(resolved);
  } catch (err) {
    if (err instanceof ReportError) throw err;
    throw new ReportError(file, 'pdf-unreadable-detail', { detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
  }
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  overflow: boolean;
  stdout: string;
  stderr: string;
}

const MEMORY = /allocation failed|out of memory|bad_alloc|invalid (typed )?array length|invalid string length|array buffer allocation/i;

/** The text layer the reading process printed, or the reason it could not be read. */
function textLayer(file: string, run: Run): TextLayer {
  const tooLarge = () => new ReportError(file, 'pdf-memory', { mb: ADDRESS_SPACE_MB });
  if (run.timedOut) throw new ReportError(file, 'pdf-timeout', { seconds: TIMEOUT_MS / 1000 });
  if (run.overflow) throw new ReportError(file, 'pdf-text-too-large', { mb: MAX_OUTPUT / 1024 / 1024 });
  // Killed by a signal it did not get from here: within the address-space limit, that is running out of memory.
  if (run.signal || MEMORY.test(run.stderr)) throw tooLarge();
  let out: { error?: string; tooLarge?: boolean } & TextLayer;
  try {
    out = JSON.parse(run.stdout);
  } catch {
    throw run.stderr ? new ReportError(file, 'pdf-failed', { detail: run.stderr.split('\n')[0] }) : new ReportError(file, 'pdf-unreadable');
  }
  if (out.error && out.tooLarge) throw new ReportError(file, 'pdf-stream-too-large', { mb: MAX_STREAM_MB });
  if (out.error && MEMORY.test(out.error)) throw tooLarge();
  if (out.error) throw new ReportError(file, 'pdf-failed', { detail: out.error });
  return out;
}

/** Reads a PDF's text layer in a separate process, limited in address space and time; blocks until it is done. */
function readTextLayer(file: string, bytes: Buffer): TextLayer {
  const { command, args, env } = worker();
  const r = spawnSync(command, args, {
    input: bytes,
    env,
    cwd: __dirname,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_OUTPUT,
  });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (r.error && code !== 'ETIMEDOUT' && code !== 'ENOBUFS') throw new ReportError(file, 'pdf-unreadable-detail', { detail: r.error.message });
  return textLayer(file, {
    status: r.status,
    signal: code ? null : r.signal,
    timedOut: code === 'ETIMEDOUT',
    overflow: code === 'ENOBUFS',
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
  });
}

/** The same, without blocking: the event loop runs on while the PDF is read. */
function readTextLayerAsync(file: string, bytes: Buffer): Promise<TextLayer> {
  const { command, args, env } = worker();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd: __dirname, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    let overflow = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes <= MAX_OUTPUT) out.push(chunk);
      else if (!overflow) {
        overflow = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < 64 * 1024) err.push(chunk);
      errBytes += chunk.length;
    });
    // A process that dies before it has read all of the PDF closes the pipe: that is told by its exit.
    child.stdin.on('error', () => {});
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ReportError(file, 'pdf-unreadable-detail', { detail: e.message }));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      try {
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8');
        resolve(textLayer(file, { status, signal: timedOut || overflow ? null : signal, timedOut, overflow, stdout, stderr }));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(bytes);
  });
}

/** Items on one baseline make a line; lines top to bottom. */
function pageLines(page: Page, n: number): Line[] {
  const items = [...page.items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  // The line's text ends with the item before: that is what is tested, not the whole line, which a
  // test would flatten (and a line of many items take quadratic time).
  let before = '';
  for (const it of items) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - it.y) <= Math.max(2, 0.4 * Math.min(last.h, it.h || last.h))) {
      // Latin words apart on the page are apart in the text; Chinese runs on.
      const gap = it.x - last.right;
      last.text += gap > 0.25 * it.h && /[A-Za-z0-9]$/.test(before) && /^[A-Za-z0-9]/.test(it.str) ? ` ${it.str}` : it.str;
      last.right = Math.max(last.right, it.x + it.w);
      last.h = Math.max(last.h, it.h);
    } else lines.push({ margin: it.y > page.height * 0.9 || it.y < page.height * 0.1, text: it.str, x: it.x, right: it.x + it.w, y: it.y, h: it.h, page: n });
    before = it.str;
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
    // The paragraph ends with the line before: testing that, not the paragraph, keeps a long one linear.
    else last.text += /[A-Za-z0-9,.;:]$/.test((prev as Line).text) && /^[A-Za-z0-9]/.test(l.text) ? ` ${l.text}` : l.text;
    prev = l;
  }
  return out;
}

/** Paragraphs in reading order, with the page each starts on, from a PDF's text layer. */
export function layout(file: string, { info, pages }: TextLayer): { blocks: Block[]; hints: Hints } {
  const perPage = pages.map((p, i) => pageLines(p, i + 1));
  if (!perPage.some((l) => l.length)) throw new ReportError(file, 'pdf-no-text-layer');
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

/**
 * A PDF's text as paragraphs. `file` names the PDF in messages; the PDF read is `bytes` when they
 * are given (the bytes that were uploaded, whatever name they are shown under), else the file
 * `file` names, resolved against this process's working directory. Blocks until the PDF is read:
 * see extractPdfAsync.
 */
export function extractPdf(file: string, bytes?: Buffer): { blocks: Block[]; hints: Hints } {
  return layout(file, readTextLayer(file, bytes ?? readNamed(file)));
}

/** The same as extractPdf, without blocking the event loop while the PDF is read. */
export async function extractPdfAsync(file: string, bytes?: Buffer): Promise<{ blocks: Block[]; hints: Hints }> {
  return layout(file, await readTextLayerAsync(file, bytes ?? readNamed(file)));
}
