// Reads the corpus and loads it into a backend: the one path shared by the CLI and `npm start`.
import { loadRules, type Rules } from '../indexer/rules';
import { listReportFiles, loadCorpus, type LoadedCorpus } from '../indexer/corpus';
import { useUserDictionary } from '../indexer/segment';
import type { Config } from './config';
import { corpusDigest } from './corpus-digest';
import type { IndexStats, SearchBackend } from '../core/types';

export interface BuildResult extends LoadedCorpus {
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

export async function buildIndex(config: Config, backend: SearchBackend, read?: CorpusReader): Promise<BuildResult> {
  const started = performance.now();
  // Taken before the files are read: a file changed meanwhile leaves the index disagreeing with the corpus, to be re-indexed.
  const digest = corpusDigest(config.reportsDir);
  const corpus = read ? await read() : readCorpus(config);
  if (corpus.docs.length === 0) throw new Error(`No report could be indexed from ${config.reportsDir}.`);
  const stats = await backend.replaceAll(corpus.docs, corpus.chunks, { corpusDigest: digest });
  return { ...corpus, stats, seconds: (performance.now() - started) / 1000 };
}

export function summary(r: BuildResult): string {
  const byKind = new Map<string, number>();
  for (const c of r.chunks) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  const lines = [
    `Indexed ${r.docs.length} reports into ${r.chunks.length} chunks (${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}) on ${r.stats.backend} in ${r.seconds.toFixed(1)} s.`,
  ];
  for (const n of r.stats.notes ?? []) lines.push(`  note: ${n}`);
  for (const i of r.inferred) lines.push(`  inferred ${i.file}: ${i.fields.join(', ')}`);
  for (const w of r.warnings) lines.push(`  warning ${w.file}: ${w.reason}`);
  for (const s of r.skipped) lines.push(`  skipped ${s.file}: ${s.reason}`);
  return lines.join('\n');
}
