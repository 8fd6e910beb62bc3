// Adding reports in the forms they come in: each file converted to a Markdown report, checked
// against the corpus for a duplicate of its text, chunked as the indexer will chunk it, and written
// to corpus/reports/ (unless this is a dry run).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Chunk } from '../core/types';
import { chunkReport } from './chunk';
import { clean } from './clean';
import { listReportFiles } from './corpus';
import { convertReport, type Converted } from './formats/convert';
import { EXTENSIONS, MAX_UPLOAD_BYTES } from './formats/detect';
import { parseReport, readReport, reasonOf, ReportError, type Report } from './read';
import { coded, type Refusal } from '../core/report-errors';
import { slugFromFile } from '../core/ids';
import { editFrontMatter } from '../core/front-matter';
import { pinyinWord } from '../core/pinyin';
import { cutWords } from './segment';
import type { Rules } from './rules';

export interface Added {
  /** The file as given. */
  source: string;
  /** Where the report is (or would be) written. */
  target: string;
  id: string;
  converted: Converted;
  report: Report;
  chunks: Chunk[];
}

/** The longest id made from a title's words. */
const TITLE_ID_CHARS = 48;

/**
 * A readable id from a Chinese title: its words in pinyin, joined by hyphens, as many as fit
 * (昆明市官渡区平安建设 → kunmingshi-guanduqu-pingan-jianshe); '' when nothing is left.
 */
export function idFromTitle(title: string): string {
  const words = cutWords(title)
    .map((w) => (/\p{Script=Han}/u.test(w) ? pinyinWord(w) : w.toLowerCase().replace(/[^a-z0-9]+/g, '')))
    .filter(Boolean);
  let id = '';
  for (const w of words) {
    const next = id ? `${id}-${w}` : w;
    if (next.length > TITLE_ID_CHARS) break;
    id = next;
  }
  return id || (words[0] ?? '').slice(0, TITLE_ID_CHARS);
}

export interface AddOutcome {
  added: Added[];
  refused: Refusal[];
}

/** Sentences that two copies of a text share, whatever their layout, title or furniture. */
function sentences(report: Report, rules: Rules): Set<string> {
  const { paragraphs } = clean(report.body, report.meta.title, rules.outline);
  const out = new Set<string>();
  for (const p of paragraphs)
    for (const s of p.split(/[。！？；!?;\n]/u)) {
      const key = s.replace(/[\s\p{P}]/gu, '');
      if (key.length >= 8) out.add(key);
    }
  return out;
}

/** The share of `a`'s sentences that `b` also has. */
function overlap(a: Set<string>, b: Set<string>): number {
  if (!a.size) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / a.size;
}

/** A report holds the same text as another when 90 % of its sentences are the other's. */
export const DUPLICATE_SHARE = 0.9;

export interface AddOptions {
  dryRun?: boolean;
  /** File names are shown relative to this folder (default: the working directory). */
  displayRoot?: string;
  /** A report being replaced: neither its id nor its text counts as taken. */
  ignore?: string;
}

/** The report files a list of files and folders names (folders one level deep). */
export function expandSources(sources: string[]): { files: string[]; refused: Refusal[] } {
  const files: string[] = [];
  const refused: Refusal[] = [];
  for (const s of sources) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(s);
    } catch {
      refused.push({ source: s, ...coded('not-found') });
      continue;
    }
    if (stat.isDirectory()) {
      for (const e of fs.readdirSync(s, { withFileTypes: true }))
        if (e.isFile() && !e.name.startsWith('.') && path.extname(e.name).toLowerCase() in EXTENSIONS) files.push(path.join(s, e.name));
    } else files.push(s);
  }
  return { files: files.sort(), refused };
}

/**
 * Converts and checks report files against the corpus in `reportsDir`; writes them unless
 * `dryRun`. Nothing already in the corpus is changed: a file whose id is taken gets a new one, and
 * a file whose text the corpus already holds is refused with the name of the report it repeats.
 */
export async function addReports(sources: string[], reportsDir: string, rules: Rules, opts: AddOptions = {}): Promise<AddOutcome> {
  const { files, refused } = expandSources(sources);
  const shown = (f: string) => path.relative(opts.displayRoot ?? process.cwd(), f) || f;
  // The reports a new one must not repeat: the corpus's, then each one added in this run.
  const known = fs.existsSync(reportsDir)
    ? listReportFiles(reportsDir).flatMap((f) => {
        try {
          const report = readReport(f);
          return report.meta.id === opts.ignore ? [] : [{ file: shown(f), id: report.meta.id, sentences: sentences(report, rules) }];
        } catch {
          return [];
        }
      })
    : [];
  const taken = new Set([...known.map((e) => e.id), ...(fs.existsSync(reportsDir) ? fs.readdirSync(reportsDir).map((n) => n.replace(/\.[^.]+$/, '')) : [])]);
  const added: Added[] = [];
  for (const source of files) {
    try {
      const size = fs.statSync(source).size;
      if (size > MAX_UPLOAD_BYTES) throw new ReportError(shown(source), 'too-large', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 });
      const bytes = fs.readFileSync(source);
      const fingerprint = createHash('sha1').update(bytes).digest('hex');
      const slug = slugFromFile(source, fingerprint);
      const free = (base: string) => {
        let candidate = base;
        for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
        return candidate;
      };
      let id = free(slug);
      let converted = await convertReport(shown(source), bytes, id, rules);
      // A file named without Latin letters or digits (平安建设报告.docx) is named by its title's pinyin instead of a hash.
      const named = /[a-z0-9]/i.test(path.parse(source).name);
      const readable = !named && converted.meta.title ? idFromTitle(String(converted.meta.title.value)) : '';
      if (readable) {
        id = free(readable);
        converted = {
          ...converted,
          markdown: editFrontMatter(
            converted.markdown,
            (data) => ({ ...data, id }),
            Object.entries(converted.meta).map(([k, v]) => `${k}: from ${v.from}`),
          ),
        };
      }
      const report = parseReport(`${id}.md`, converted.markdown);
      // A Markdown report keeps its own id; it must not take one the corpus has.
      if (report.meta.id !== id && taken.has(report.meta.id)) throw new ReportError(shown(source), 'id-taken', { id: report.meta.id });
      const mine = sentences(report, rules);
      const twin = known.find((e) => overlap(mine, e.sentences) >= DUPLICATE_SHARE);
      if (twin) throw new ReportError(shown(source), 'duplicate', { report: twin.file });
      const { chunks } = chunkReport(report, rules);
      if (!chunks.length) throw new ReportError(shown(source), 'no-chunks');
      const target = path.join(reportsDir, `${report.meta.id}.md`);
      taken.add(report.meta.id);
      known.push({ file: shown(target), id: report.meta.id, sentences: mine });
      added.push({ source, target, id: report.meta.id, converted, report, chunks });
    } catch (err) {
      refused.push({ source: shown(source), ...reasonOf(err) });
    }
  }
  if (!opts.dryRun) {
    fs.mkdirSync(reportsDir, { recursive: true });
    for (const a of added) {
      // Write beside, then rename: a report is in the corpus whole or not at all.
      const tmp = `${a.target}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, a.converted.markdown, { flag: 'wx' });
      fs.renameSync(tmp, a.target);
    }
  }
  return { added, refused };
}

/** What `kb add` prints for one added report. */
export function describeAdded(a: Added, shown: (f: string) => string): string {
  const m = a.converted.meta;
  const lines = [
    `${shown(a.source)} → ${shown(a.target)} (${a.converted.format}${a.converted.encoding ? `, ${a.converted.encoding}` : ''}): ${a.chunks.length} chunks`,
  ];
  for (const [k, v] of Object.entries(m)) lines.push(`  inferred ${k}: ${v.value}  (from ${v.from})`);
  for (const w of [...a.converted.warnings, ...a.report.warnings]) lines.push(`  warning: ${w.reason}`);
  return lines.join('\n');
}
