// npm run bench [-- --backend sqlite|meilisearch|both]: index a synthetic corpus of 100,000 chunks
// and measure search latency with facets, side by side with a plain substring scan over the same
// chunks (the alternative a user has without an index), checking that no engine finds less.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../app/config';
import { loadTaxonomy } from '../core/taxonomy';
import { SqliteBackend } from '../search/sqlite/backend';
import { MeiliBackend } from '../search/meilisearch/backend';
import { readCorpus } from '../app/build';
import type { Chunk, SearchBackend, SearchRequest } from '../core/types';
import { synthesize } from './synthetic';
import { queryMix } from './query-mix';
import { SubstringScan } from './scan';
import { startLocalMeili, whyNoMeili, type LocalMeili } from '../scripts/meili-local';
import { duMb, median, percentile, procRssMb } from './stats';

const TOTAL = Number(process.env.BENCH_CHUNKS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_MEILI_MEMORY: the local servers' --max-indexing-memory (unset: Meilisearch's default). */
const MEILI_MEMORY = process.env.BENCH_MEILI_MEMORY?.trim() || undefined;

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface SearchFigures {
  latency: Latency;
  /** Searches the engine refused or failed, with the reason. */
  errors: string[];
  rounds: Latency[];
  totals: number[];
  rssMb: number;
  matrix: { q: string; ms: number; rows: number }[];
  slowest: { q: string; ms: number }[];
}

function corpus(): { docs: ReturnType<typeof synthesize>['docs']; chunks: Chunk[] } {
  return synthesize(readCorpus(loadConfig()).chunks, TOTAL);
}

/** Runs the mix ROUNDS times; each round's percentiles, and their median. */
async function measure(run: (r: SearchRequest) => Promise<number>, mix: SearchRequest[]): Promise<Omit<SearchFigures, 'rssMb' | 'matrix'>> {
  // Compile the hot paths first, with queries that are not in the mix (nothing is cached).
  for (const q of ['治理', '平安', '"社会治理"', '服务 群众', '-群众']) await run({ q, filters: {}, page: 1, perPage: 20 });
  const rounds: Latency[] = [];
  const totals: number[] = [];
  const errors = new Map<number, string>();
  const perQuery = mix.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    const times: number[] = [];
    for (let i = 0; i < mix.length; i++) {
      const s = performance.now();
      try {
        totals[i] = await run(mix[i]);
      } catch (err) {
        errors.set(i, `${JSON.stringify(mix[i].q)}: ${(err as Error).message}`);
        totals[i] = -1;
        continue;
      }
      const ms = performance.now() - s;
      times.push(ms);
      perQuery[i].push(ms);
    }
    times.sort((a, b) => a - b);
    rounds.push({ p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times[times.length - 1] });
  }
  const latency = {
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    p99: median(rounds.map((r) => r.p99)),
    max: median(rounds.map((r) => r.max)),
  };
  const slowest = perQuery
    .map((t, i) => ({ q: JSON.stringify({ q: mix[i].q, filters: mix[i].filters }), ms: median(t) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  return { latency, rounds, totals, slowest, errors: [...errors.values()] };
}

async function matrixTimes(backend: SearchBackend): Promise<SearchFigures['matrix']> {
  const out: SearchFigures['matrix'] = [];
  for (const q of ['', '调解', '网格员']) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      rows = (await backend.crossCounts({ q, filters: {}, page: 1, perPage: 1 }, 'city', 'theme')).rows.length;
      times.push(performance.now() - s);
    }
    out.push({ q, ms: median(times), rows });
  }
  return out;
}

async function searchBackend(backend: SearchBackend): Promise<SearchFigures> {
  const first = await backend.search({ q: '', filters: {}, page: 1, perPage: 1 });
  const mix = queryMix((first.facets.city ?? []).map((f) => f.value));
  const m = await measure(async (r) => (await backend.search(r)).total, mix);
  return { ...m, rssMb: rssMb(), matrix: await matrixTimes(backend) };
}

function meiliBackend(url: string, apiKey: string, mode: string, taskTimeoutMs?: number): MeiliBackend {
  const taxonomy = loadTaxonomy(loadConfig().taxonomyDir);
  return new MeiliBackend({ url, apiKey, index: 'bench', mode: mode === 'native' ? 'native' : 'exact', timeoutMs: 60_000, taskTimeoutMs, taxonomy });
}

/** The servers' peak and current memory: the largest of them, and all of them together. */
function serversRss(pids: string): { peak: number; now: number; sum: number } | null {
  const each = pids.split(',').map((p) => procRssMb(Number(p)));
  if (each.some((x) => !x)) return null;
  const all = each as { peak: number; now: number }[];
  return { peak: Math.max(...all.map((x) => x.peak)), now: Math.max(...all.map((x) => x.now)), sum: all.reduce((n, x) => n + x.peak, 0) };
}

/** Child processes print one line `RESULT <json>` for the parent. */
function report(result: unknown): void {
  console.log(`RESULT ${JSON.stringify(result)}`);
}

const phases: Record<string, (args: string[]) => Promise<void>> = {
  async 'index-sqlite'([file]) {
    const { docs, chunks } = corpus();
    const backend = new SqliteBackend({ file, taxonomy: loadTaxonomy(loadConfig().taxonomyDir) });
    const t = performance.now();
    await backend.replaceAll(docs, chunks);
    const seconds = (performance.now() - t) / 1000;
    await backend.close();
    report({ chunks: chunks.length, seconds, chunksPerSecond: chunks.length / seconds, sizeMb: fs.statSync(file).size / 1024 / 1024, rssMb: rssMb() });
  },
  async 'search-sqlite'([file]) {
    const backend = new SqliteBackend({ file, taxonomy: loadTaxonomy(loadConfig().taxonomyDir) });
    report(await searchBackend(backend));
    await backend.close();
  },
  // url: one server or several shards (comma-separated), with their pids and data directories.
  async 'index-meili'([url, apiKey, pids, dataDirs, mode]) {
    const { docs, chunks } = corpus();
    const backend = meiliBackend(url, apiKey, mode, 3_600_000);
    const t = performance.now();
    await backend.replaceAll(docs, chunks);
    const seconds = (performance.now() - t) / 1000;
    const sizeMb = dataDirs.split(',').reduce((n, d) => n + duMb(d), 0);
    report({ chunks: chunks.length, seconds, chunksPerSecond: chunks.length / seconds, sizeMb, serverRssMb: serversRss(pids) });
  },
  async 'search-meili'([url, apiKey, pids, , mode]) {
    const figures = await searchBackend(meiliBackend(url, apiKey, mode));
    report({ ...figures, serverRssMb: serversRss(pids) });
  },
  async scan() {
    const { chunks } = corpus();
    const scan = new SubstringScan(chunks, loadTaxonomy(loadConfig().taxonomyDir));
    const first = scan.search({ q: '', filters: {}, page: 1, perPage: 1 });
    const mix = queryMix((first.facets.city ?? []).map((f) => f.value));
    const m = await measure(async (r) => scan.search(r).total, mix);
    report({ ...m, rssMb: rssMb(), matrix: [] });
  },
};

/** Each phase runs in a process of its own, started as `npm start` starts the server. */
function child<T>(phase: string, ...args: string[]): T {
  const r = spawnSync(process.execPath, ['--max-semi-space-size=2', '--require', 'tsx/cjs', __filename, phase, ...args], {
    env: process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`benchmark phase ${phase} failed (exit ${r.status})\n${r.stdout}`);
  return JSON.parse(line.slice(7)) as T;
}

const f1 = (n: number) => n.toFixed(1);
const lat = (l: Latency) => `p50 ${f1(l.p50)} ms, p95 ${f1(l.p95)} ms, p99 ${f1(l.p99)} ms, max ${f1(l.max)} ms`;

/** Of all matches the scan finds over the mix, the share an engine finds (counting at most the scan's). */
function recallShare(totals: number[], scan: number[]): string {
  const want = scan.reduce((n, t) => n + t, 0);
  const got = totals.reduce((n, t, i) => n + Math.min(Math.max(t, 0), scan[i]), 0);
  return `${((100 * got) / Math.max(1, want)).toFixed(2)} %`;
}

function printSearch(name: string, s: SearchFigures, scan: SearchFigures): void {
  console.log(`  ${name}: ${lat(s.latency)}`);
  console.log(`    rounds: ${s.rounds.map((r) => `p50 ${f1(r.p50)}/p95 ${f1(r.p95)}/p99 ${f1(r.p99)}`).join(' · ')}`);
  console.log(
    `    vs substring scan: ${f1(scan.latency.p50 / s.latency.p50)}× faster at p50, ${f1(scan.latency.p95 / s.latency.p95)}× at p95, ${f1(scan.latency.p99 / s.latency.p99)}× at p99`,
  );
  if (s.errors.length) console.log(`    refused or failed: ${s.errors.length} searches (${s.errors.slice(0, 3).join('; ')})`);
  const fewer = s.totals.map((t, i) => ({ i, t, scan: scan.totals[i] })).filter((x) => x.t >= 0 && x.t < x.scan);
  const more = s.totals.filter((t, i) => t > scan.totals[i]).length;
  console.log(
    `    recall: ${
      fewer.length === 0
        ? 'never below the scan'
        : `BELOW THE SCAN on ${fewer.length} queries (${fewer
            .slice(0, 3)
            .map((x) => `#${x.i} ${x.t} < ${x.scan}`)
            .join(', ')})`
    }; equal on ${s.totals.length - fewer.length - more}, above on ${more} of ${s.totals.length}; ${recallShare(s.totals, scan.totals)} of the scan's matches found`,
  );
  for (const m of s.matrix) console.log(`    matrix city × theme${m.q ? ` for ${m.q}` : ', whole corpus'}: ${m.rows} cities, median of 5 ${f1(m.ms)} ms`);
  console.log(`    slowest queries (median): ${s.slowest.map((x) => `${x.q} ${f1(x.ms)} ms`).join('; ')}`);
}

async function main(): Promise<void> {
  const [phase, ...args] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (phase && phases[phase]) return phases[phase](args);
  const flag = process.argv.indexOf('--backend');
  const which = flag > 0 ? process.argv[flag + 1] : 'sqlite';
  if (!['sqlite', 'meilisearch', 'both'].includes(which)) throw new Error('--backend must be sqlite, meilisearch or both');
  const withSqlite = which !== 'meilisearch';
  let withMeili = which !== 'sqlite';
  if (withMeili && whyNoMeili()) {
    console.log(`Meilisearch is left out: ${whyNoMeili()}.`);
    withMeili = false;
    if (!withSqlite) return;
  }
  console.log(`benchmark: ${TOTAL} synthetic chunks, ${os.cpus().length} cores, Node ${process.version}, ${ROUNDS} rounds of the query mix`);
  const scan = child<SearchFigures>('scan');
  console.log(`substring scan (every chunk's searchable text with includes, same filters and disjunctive facets):`);
  console.log(`  ${lat(scan.latency)}; peak RSS ${scan.rssMb} MB`);
  if (withSqlite) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));
    try {
      const file = path.join(dir, 'index.sqlite');
      const ix = child<{ chunks: number; seconds: number; chunksPerSecond: number; sizeMb: number; rssMb: number }>('index-sqlite', file);
      console.log(`embedded (SQLite):`);
      console.log(
        `  indexing ${ix.chunks} chunks in ${f1(ix.seconds)} s: ${Math.round(ix.chunksPerSecond)} chunks/s; index on disk ${Math.round(ix.sizeMb)} MB; indexer peak RSS ${ix.rssMb} MB`,
      );
      const s = child<SearchFigures>('search-sqlite', file);
      printSearch(`search with facets, in process (peak RSS ${s.rssMb} MB)`, s, scan);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (withMeili) for (const v of meiliVariants()) await benchMeili(v.mode, v.shards, scan);
}

/** --meili exact,shards,native,native-shards (default the first three): the Meilisearch set-ups to measure. */
function meiliVariants(): { mode: string; shards: number }[] {
  const flag = process.argv.indexOf('--meili');
  const names = (flag > 0 ? process.argv[flag + 1] : 'exact,shards,native').split(',');
  const all = {
    exact: { mode: 'exact', shards: 1 },
    shards: { mode: 'exact', shards: 2 },
    native: { mode: 'native', shards: 1 },
    'native-shards': { mode: 'native', shards: 2 },
  };
  return names.map((n) => {
    if (!(n in all)) throw new Error('--meili takes exact, shards, native and native-shards, comma-separated');
    return all[n as keyof typeof all];
  });
}

type Rss = { peak: number; now: number; sum: number } | null;

async function benchMeili(mode: string, count: number, scan: SearchFigures): Promise<void> {
  const servers: LocalMeili[] = [];
  try {
    for (let i = 0; i < count; i++)
      servers.push(await startLocalMeili({ loopbackRemotes: count > 1, apiKey: servers[0]?.apiKey, maxIndexingMemory: MEILI_MEMORY }));
    const [url, pids, dirs] = [servers.map((m) => m.url), servers.map((m) => m.pid()), servers.map((m) => m.dataDir)].map((x) => x.join(','));
    const key = servers[0].apiKey;
    const ix = child<{ chunks: number; seconds: number; chunksPerSecond: number; sizeMb: number; serverRssMb: Rss }>('index-meili', url, key, pids, dirs, mode);
    const rss = (r: Rss) => (r ? `${r.peak} MB${count > 1 ? ` per server (${r.sum} MB in all)` : ''}` : '?');
    const memory = MEILI_MEMORY ? `, --max-indexing-memory ${MEILI_MEMORY}` : '';
    console.log(`Meilisearch ${servers[0].version}, ${mode} mode${count > 1 ? `, ${count} shards` : ''}${memory}:`);
    console.log(
      `  indexing ${ix.chunks} chunks in ${f1(ix.seconds)} s (until every task succeeded): ${Math.round(ix.chunksPerSecond)} chunks/s; data on disk ${Math.round(ix.sizeMb)} MB; server peak RSS ${rss(ix.serverRssMb)}`,
    );
    const s = child<SearchFigures & { serverRssMb: Rss }>('search-meili', url, key, pids, dirs, mode);
    printSearch(`search with facets over HTTP (server peak RSS ${rss(s.serverRssMb)})`, s, scan);
  } finally {
    for (const m of servers) await m.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
