// npm run bench: index a synthetic corpus of 100,000 chunks and measure search latency with facets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../search/config';
import { SqliteBackend } from '../search/sqlite/backend';
import { readCorpus } from '../indexer/build';
import type { SearchRequest } from '../search/types';
import { rng, synthesize } from './synthetic';

const TOTAL = Number(process.env.BENCH_CHUNKS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function queryMix(cities: string[]): SearchRequest[] {
  const random = rng(7);
  const pick = <T>(l: T[]): T => l[Math.floor(random() * l.length)];
  const words = [
    '调解',
    '网格',
    '网格员',
    '法院',
    '检察',
    '公安',
    '扫黑除恶',
    '枫桥经验',
    '诉源治理',
    '法律援助',
    '雪亮工程',
    '视频监控',
    '矛盾纠纷',
    '一站式',
    '营商环境',
    '电信网络诈骗',
    '人民调解委员会',
    '公益诉讼',
    '信访',
    '队伍建设',
  ];
  const phrases = ['"矛盾纠纷多元化解"', '"一站式诉讼服务"', '"人民调解"', '"网格化服务管理"', '"扫黑除恶专项斗争"'];
  const agencies = ['法院', '检察院', '公安', '司法行政', '政法委'];
  const themes = ['mediation', 'grid', 'anti-gang', 'legal-services', 'public-order'];
  const mix: SearchRequest[] = [];
  const base = { filters: {}, page: 1, perPage: 20 };
  for (let i = 0; i < 50; i++) mix.push({ ...base, q: pick(words) });
  for (let i = 0; i < 40; i++) mix.push({ ...base, q: `${pick(words)} ${pick(words)}` });
  for (let i = 0; i < 30; i++) mix.push({ ...base, q: pick(phrases) });
  for (let i = 0; i < 40; i++) mix.push({ ...base, q: pick(words), filters: { city: [pick(cities)], agency: [pick(agencies)] } });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: `${pick(words)} -${pick(words)}`, filters: { theme: [pick(themes)] } });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: '', filters: i % 2 ? { agency: [pick(agencies)] } : {} });
  for (let i = 0; i < 20; i++) mix.push({ ...base, q: '', filters: { city: [pick(cities), pick(cities)], theme: [pick(themes)] }, page: 1 + (i % 5) });
  return mix;
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Child process 1: build the synthetic corpus and index it. */
async function indexPhase(file: string): Promise<void> {
  const seed = readCorpus(loadConfig()).chunks;
  const t0 = performance.now();
  const { docs, chunks } = synthesize(seed, TOTAL);
  console.log(
    `synthetic corpus: ${chunks.length} chunks in ${docs.length} reports from ${seed.length} real chunks (${((performance.now() - t0) / 1000).toFixed(1)} s to build)`,
  );
  const backend = new SqliteBackend({ file });
  const t = performance.now();
  await backend.replaceAll(docs, chunks);
  const seconds = (performance.now() - t) / 1000;
  await backend.close();
  console.log(
    `indexing: ${seconds.toFixed(1)} s, ${Math.round(chunks.length / seconds)} chunks/s; index on disk ${(fs.statSync(file).size / 1024 / 1024).toFixed(0)} MB; indexer peak RSS ${rssMb()} MB`,
  );
}

/** Child process 2: open the index as the server does and run the query mix. */
async function searchPhase(file: string): Promise<void> {
  const backend = new SqliteBackend({ file });
  const first = await backend.search({ q: '', filters: {}, page: 1, perPage: 20 });
  const cities = (first.facets.city ?? []).map((f) => f.value);
  const mix = queryMix(cities);
  const rounds: { p50: number; p95: number; p99: number; max: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const times: number[] = [];
    for (const q of mix) {
      const s = performance.now();
      await backend.search(q);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    rounds.push({ p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times[times.length - 1] });
  }
  const fmt = (k: keyof (typeof rounds)[0]) => `${median(rounds.map((x) => x[k])).toFixed(1)} ms`;
  console.log(
    `search (${mix.length} queries incl. facet counts, median of ${ROUNDS} rounds): p50 ${fmt('p50')}, p95 ${fmt('p95')}, p99 ${fmt('p99')}, max ${fmt('max')}; search peak RSS ${rssMb()} MB`,
  );
  // The comparison matrix: every city × every theme, for the whole corpus and for a word.
  for (const q of ['', '调解', '网格员']) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < Math.max(5, ROUNDS); i++) {
      const s = performance.now();
      rows = (await backend.crossCounts({ q, filters: {}, page: 1, perPage: 1 }, 'city', 'theme')).rows.length;
      times.push(performance.now() - s);
    }
    console.log(`matrix city × theme${q ? ` for ${q}` : ', whole corpus'}: ${rows} cities, median of ${times.length} runs ${median(times).toFixed(1)} ms`);
  }
  await backend.close();
}

function run(mode: string, file: string): void {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, mode, file], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) throw new Error(`${mode} phase failed`);
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === 'index') return indexPhase(file);
  if (mode === 'search') return searchPhase(file);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));
  try {
    console.log(`benchmark on ${os.cpus().length} cores, Node ${process.version}`);
    run('index', path.join(dir, 'index.sqlite'));
    run('search', path.join(dir, 'index.sqlite'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
