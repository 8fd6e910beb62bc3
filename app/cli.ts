// The knowledge-base command line: npm run kb -- <index|add|chunk|figures|search> [options]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { filterOptionsHelp, parseSearchArgs } from './search-args';
import { loadConfig } from './config';
import { createBackend } from '../search/create';
import { SearchError } from '../search/errors';
import os from 'node:os';
import { buildIndex, loadConfiguredRules, readCorpus, summary } from './build';
import { addReports, describeAdded, type Added } from '../indexer/add';
import { Journal, writeWhole } from '../admin/journal';
import type { Config } from './config';
import type { Figure } from '../core/types';
import { spanRange } from '../server/figure-text';

const HELP = `Usage: npm run kb -- <command> [options]

Commands:
  index                      Read corpus/reports, chunk every report and load the configured backend.
  add <file|folder...>       Add reports as they come (.html/.htm saved pages, .pdf, .docx, .txt, .md):
                             convert each to corpus/reports/<id>.md with inferred front matter.
      --dry-run              Write nothing; print the would-be front matter and chunks.
      --index                Re-index after adding.
  chunk <file...>            Print the chunks of the given report files (any format add takes) as JSON
                             lines (no index is touched).
  figures <file...>          Print the figures of the given report files, one per line under a header
                             (doc, label, qualifier, from, value, unit, kind, period, period_kind, covers,
                             year, raw; tab-separated), and the share of labels of one or two characters
                             (for editing corpus/taxonomy/figures.yml).
  search <query> [options]   Search the index.
      ${filterOptionsHelp()}
                             (repeat an option for several values)
      --page N  --per-page N  --sort relevance|date|report  --json
      --scope heading|sentence|paragraph   (or in the query: heading:网格员, "网格员 调解"~sentence)

Environment: SEARCH_BACKEND (sqlite), DATA_DIR (data), INDEX_FILE (index.sqlite), CORPUS_DIR (corpus).`;

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY || (done % 200 !== 0 && done !== total)) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} chunks`);
  if (done === total) process.stderr.write('\n');
}

/** Completes or rolls back the corpus changes a killed process left half done. */
function recover(config: Config): void {
  for (const line of new Journal(config.journalDir).recover()) console.log(line);
}

/** Writes added reports into the corpus through the journal: all of them, or (after a crash, at the next start) none. */
function writeAdded(config: Config, added: Added[]): void {
  const entry = new Journal(config.journalDir).begin(
    `kb add ${added.map((a) => path.basename(a.target)).join(', ')}`,
    added.map((a) => a.target),
  );
  try {
    fs.mkdirSync(config.reportsDir, { recursive: true });
    for (const a of added) writeWhole(a.target, a.converted.markdown);
    entry.applied();
  } catch (err) {
    entry.rollBack();
    throw err;
  }
  entry.end();
}

async function index(): Promise<number> {
  const config = loadConfig();
  recover(config);
  const backend = createBackend(config, { onProgress: progress });
  try {
    const result = await buildIndex(config, backend);
    console.log(summary(result));
    return result.skipped.length ? 1 : 0;
  } finally {
    await backend.close();
  }
}

async function chunk(files: string[]): Promise<number> {
  if (!files.length) throw new UsageError('chunk needs at least one report file.');
  const config = loadConfig();
  // Markdown and text are read as the index reads them; other formats are converted first.
  const plain = files.filter((f) => /\.(md|txt)$/i.test(f));
  const corpus = readCorpus(
    config,
    plain.map((f) => path.resolve(f)),
  );
  for (const c of corpus.chunks) console.log(JSON.stringify(c));
  for (const s of corpus.skipped) console.error(`skipped ${s.file}: ${s.reason}`);
  for (const i of corpus.inferred) console.error(`inferred ${i.file}: ${i.fields.join(', ')}`);
  const other = files.filter((f) => !/\.(md|txt)$/i.test(f));
  if (!other.length) return corpus.skipped.length ? 1 : 0;
  const { added, refused } = await addReports(other, path.join(os.tmpdir(), 'kb-chunk-none'), loadConfiguredRules(config), { dryRun: true });
  for (const a of added) for (const c of a.chunks) console.log(JSON.stringify(c));
  for (const r of refused) console.error(`skipped ${r.source}: ${r.reason}`);
  return corpus.skipped.length || refused.length ? 1 : 0;
}

async function add(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, index: { type: 'boolean' } } });
  if (!positionals.length) throw new UsageError('add needs at least one file or folder.');
  const config = loadConfig();
  const dryRun = values['dry-run'] === true;
  if (!dryRun) recover(config);
  const { added, refused } = await addReports(positionals, config.reportsDir, loadConfiguredRules(config), { dryRun: true });
  if (!dryRun && added.length) writeAdded(config, added);
  const shown = (f: string) => path.relative(process.cwd(), f) || f;
  for (const a of added) {
    console.log(describeAdded(a, shown));
    if (dryRun) {
      console.log(a.converted.markdown.slice(0, a.converted.markdown.indexOf('\n---\n', 4) + 5));
      for (const c of a.chunks) console.log(`  [${c.kind}] ${c.heading}${c.page ? ` (p. ${c.page})` : ''}: ${c.text.slice(0, 60).replace(/\n/g, ' ')}…`);
    }
  }
  for (const r of refused) console.log(`refused ${r.source}: ${r.reason}`);
  console.log(
    `${dryRun ? 'Would add' : 'Added'} ${added.length} report${added.length === 1 ? '' : 's'}${refused.length ? `, refused ${refused.length}` : ''}.`,
  );
  if (added.length && values.index && !dryRun) {
    const code = await index();
    if (code) return code;
  }
  return refused.length ? 1 : 0;
}

/** The columns kb figures prints, tab-separated, under a header line of these names. */
const FIGURE_COLUMNS = ['doc', 'label', 'qualifier', 'from', 'value', 'unit', 'kind', 'period', 'period_kind', 'covers', 'year', 'raw'];

/** A figure as a line of kb figures: its kind, and its period as written with the kind and time of its span (inferred or not). */
function figureLine(doc: string, f: Figure): (string | number)[] {
  const covers = f.span ? `${spanRange(f.span)}${f.span.inferred ? ' (inferred)' : ''}` : '';
  return [doc, f.label, f.qualifier ?? '', f.from ?? '', f.value, f.unit, f.kind ?? '', f.period ?? '', f.span?.kind ?? 'unknown', covers, f.year ?? '', f.raw];
}

function figures(files: string[]): number {
  if (!files.length) throw new UsageError('figures needs at least one report file.');
  const corpus = readCorpus(
    loadConfig(),
    files.map((f) => path.resolve(f)),
  );
  const all = corpus.chunks.flatMap((c) => c.figures.map((f) => ({ doc: c.docId, f })));
  console.log(FIGURE_COLUMNS.join('\t'));
  for (const { doc, f } of all) console.log(figureLine(doc, f).join('\t'));
  const short = all.filter(({ f }) => Array.from(f.label).length <= 2);
  const share = all.length ? ((100 * short.length) / all.length).toFixed(1) : '0.0';
  console.error(
    `${all.length} figures in ${corpus.docs.length} reports; ${short.length} labels of one or two characters (${share} %)${short.length ? `: ${[...new Set(short.map(({ f }) => f.label))].join(' ')}` : ''}`,
  );
  for (const sk of corpus.skipped) console.error(`skipped ${sk.file}: ${sk.reason}`);
  return corpus.skipped.length ? 1 : 0;
}

async function search(args: string[]): Promise<number> {
  const { request, json } = parseSearchArgs(args);
  const backend = createBackend(loadConfig());
  try {
    const result = await backend.search(request);
    if (json) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    console.log(`${result.total} results (${result.tookMs} ms), page ${result.page}/${result.totalPages}`);
    for (const h of result.hits) {
      const strip = (s: string) =>
        s
          .replace(/<\/?mark>/g, '*')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
      console.log(`\n${h.id}  [${[h.city, h.district].filter(Boolean).join('/')} · ${h.agencies.join(',') || '—'} · ${h.kind}]`);
      console.log(`  ${strip(h.headingHtml)}`);
      console.log(`  ${strip(h.snippetHtml)}`);
    }
    return 0;
  } finally {
    await backend.close();
  }
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'index':
      return index();
    case 'add':
      return add(rest);
    case 'chunk':
      return chunk(rest);
    case 'figures':
      return figures(rest);
    case 'search':
      return search(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(HELP);
      return 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`${(err as Error).message}\n\n${HELP}`);
    else if (err instanceof SearchError) console.error(err.message);
    else console.error(`Error: ${(err as Error).message}`);
    process.exitCode = 2;
  },
);
