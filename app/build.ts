// Reads the corpus and loads it into a backend: the one path shared by the CLI and `npm start`.
import { loadRules, type Rules } from '../indexer/rules';
import { listReportFiles, loadCorpus, type LoadedCorpus } from '../indexer/corpus';
import { useUserDictionary } from '../indexer/segment';
import type { Config } from './config';
import { corpusDigest } from './corpus-digest';
import type { IndexStats, SearchBackend } from '../core/types';
import { SqliteBackend } from '../search/sqlite/backend';
import type { IndexResult } from '../admin/ingest-protocol';

export interface BuildResult extends Omit<LoadedCorpus, 'chunks'> {
  /** The chunks indexed, in all and by kind. */
  chunks: number;
  chunkKinds: Record<string, number>;
  stats: IndexStats;
  seconds: number;
}

/** The extraction rules of the configured corpus, with the segmenter pointed at its dictionary. */
export function loadConfiguredRules(config: Config): Rules {
  const rules = loadRules(config.taxonomyDir);
  useUserDictionary(rules.dictionaryPath);
  return rules;
}

export function readCorpus(config: Config, files?: string[]): LoadedCorpus {
  return loadCorpus(files ?? listReportFiles(config.reportsDir), loadConfiguredRules(config));
}

/** Reads and chunks the corpus; a serving process passes one that does it off its event loop. */
export type CorpusReader = () => Promise<LoadedCorpus>;

/**
 * Reads, chunks and writes the corpus into a new embedded index file, recording `digest`; a
 * serving process passes one that does it all in the admin's worker process, so that neither its
 * event loop nor its memory carry the build.
 */
export type CorpusIndexer = (file: string, digest: string) => Promise<IndexResult>;

export async function buildIndex(config: Config, backend: SearchBackend, read?: CorpusReader, index?: CorpusIndexer): Promise<BuildResult> {
  const started = performance.now();
  // Taken before the files are read: a file changed meanwhile leaves the index disagreeing with the corpus, to be re-indexed.
  const digest = await corpusDigest(config.reportsDir);
  const none = () => new Error(`No report could be indexed from ${config.reportsDir}.`);
  if (index && backend instanceof SqliteBackend) {
    let corpus: IndexResult | null = null;
    const stats = await backend
      .replaceWith(async (file) => {
        corpus = await index(file, digest);
        if (corpus.docs.length === 0) throw none();
      })
      .catch((err: Error) => {
        // An empty corpus is said as it is, as when it is read here.
        throw (corpus as IndexResult | null)?.docs.length === 0 ? none() : err;
      });
    const { chunkKinds, ...rest } = corpus as unknown as IndexResult;
    return { ...rest, chunks: count(chunkKinds), chunkKinds, stats, seconds: (performance.now() - started) / 1000 };
  }
  const { chunks, ...corpus } = read ? await read() : readCorpus(config);
  if (corpus.docs.length === 0) throw none();
  const stats = await backend.replaceAll(corpus.docs, chunks, { corpusDigest: digest });
  const chunkKinds: Record<string, number> = {};
  for (const c of chunks) chunkKinds[c.kind] = (chunkKinds[c.kind] ?? 0) + 1;
  return { ...corpus, chunks: chunks.length, chunkKinds, stats, seconds: (performance.now() - started) / 1000 };
}

const count = (kinds: Record<string, number>) => Object.values(kinds).reduce((a, b) => a + b, 0);

export function summary(r: BuildResult): string {
  const lines = [
    `Indexed ${r.docs.length} reports into ${r.chunks} chunks (${Object.entries(r.chunkKinds)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}) on ${r.stats.backend} in ${r.seconds.toFixed(1)} s.`,
  ];
  for (const n of r.stats.notes ?? []) lines.push(`  note: ${n}`);
  for (const i of r.inferred) lines.push(`  inferred ${i.file}: ${i.fields.join(', ')}`);
  for (const w of r.warnings) lines.push(`  warning ${w.file}: ${w.reason}`);
  for (const s of r.skipped) lines.push(`  skipped ${s.file}: ${s.reason}`);
  return lines.join('\n');
}
