// npm run bench:load: the running server under load on loopback. Starts the server as `npm start`
// does (its own process) over the seed corpus and over a 100,000-chunk index, then drives it
// with autocannon for a bounded time at 10 and 50 connections: a mix of pages and JSON, and the
// search /api/search?q=网格 alone; and, while a 10,000-row export runs, how fast /healthz answers.
// Then the 100,000-chunk index again with 1 and 2 server processes (WEB_CONCURRENCY; LOAD_PROCESSES
// to change), searching at 10 connections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);

interface Server {
  base: string;
  proc: ChildProcess;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const proc = spawn(process.execPath, ['--max-semi-space-size=2', '--require', 'tsx/cjs', path.join(ROOT, 'app/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  // Several processes: wait until every one of them serves.
  const all = Number(env.WEB_CONCURRENCY ?? 1) > 1;
  const base = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Serving on (http:\/\/\S+?)\/?\s/.exec(out);
      if (m && (!all || /All \d+ server processes are serving/.test(out))) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
  return { base, proc };
}

async function stop(s: Server): Promise<void> {
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await exited;
}

async function load(base: string, paths: string[], connections: number): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }> {
  const r = await autocannon({
    url: base,
    connections,
    duration: SECONDS,
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** /healthz timings (ms) while a 10,000-row CSV export streams. */
async function healthDuringExport(base: string, exportPath: string): Promise<{ exportMs: number; health: number[] }> {
  const started = performance.now();
  let done = false;
  const exporting = fetch(`${base}${exportPath}`)
    .then((r) => r.text())
    .finally(() => (done = true));
  const health: number[] = [];
  while (!done) {
    const t = performance.now();
    await (await fetch(`${base}/healthz`)).text();
    health.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  await exporting;
  return { exportMs: performance.now() - started, health };
}

const enc = encodeURIComponent;

async function scenario(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const server = await startServer(env);
  try {
    const first = (await (await fetch(`${server.base}/api/search?per_page=1`)).json()) as { hits: { id: string; docId: string }[] };
    const mix = [
      '/',
      `/?q=${enc('调解')}`,
      `/api/search?q=${enc('网格员')}&city=${enc('保山市')}`,
      `/api/search?q=${enc('枫桥经验')}`,
      `/chunks/${first.hits[0].id}`,
      `/api/facets?q=${enc('法院')}`,
      '/healthz',
    ];
    console.log(`${name}:`);
    for (const connections of [10, 50]) {
      const m = await load(server.base, mix, connections);
      const s = await load(server.base, [`/api/search?q=${enc('网格')}`], connections);
      const fmt = (x: typeof m) => `${Math.round(x.rps)} req/s, p50 ${x.p50} ms, p99 ${x.p99} ms, errors ${x.errors}, non-2xx ${x.non2xx}`;
      console.log(`  ${connections} connections, page mix: ${fmt(m)}`);
      console.log(`  ${connections} connections, /api/search?q=网格: ${fmt(s)}`);
    }
    const e = await healthDuringExport(server.base, `/search.csv?q=${enc('调解')}`);
    const sorted = [...e.health].sort((a, b) => a - b);
    console.log(
      `  /healthz during a CSV export (${Math.round(e.exportMs)} ms): ${e.health.length} checks, median ${median(e.health).toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms`,
    );
  } finally {
    await stop(server);
  }
}

/** Searches per second and p99 at 10 connections with 1, 2 … server processes over the same index. */
async function processes(dataDir: string): Promise<void> {
  const counts = (process.env.LOAD_PROCESSES ?? '1,2').split(',').map(Number);
  const path1 = `/api/search?q=${enc('网格')}`;
  console.log(`100,000 synthetic chunks, ${path1} at 10 connections, by server processes (WEB_CONCURRENCY):`);
  let one = 0;
  for (const n of counts) {
    const server = await startServer({ DATA_DIR: dataDir, WEB_CONCURRENCY: String(n) });
    try {
      await load(server.base, [path1], 10); // warm every process
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await load(server.base, [path1], 10));
      const rps = median(runs.map((r) => r.rps));
      const p99 = median(runs.map((r) => r.p99));
      if (n === 1) one = rps;
      const errors = runs.reduce((x, r) => x + r.errors + r.non2xx, 0);
      console.log(
        `  ${n} process(es): ${Math.round(rps)} req/s, p99 ${p99} ms (median of 3 runs)${one && n > 1 ? `, ${(rps / one).toFixed(2)}× one process` : ''}, errors or non-2xx ${errors}`,
      );
    } finally {
      await stop(server);
    }
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-load-'));
  try {
    console.log(`load on loopback, ${SECONDS} s per run, ${os.cpus().length} cores, Node ${process.version}`);
    await scenario('seed corpus', { DATA_DIR: path.join(dir, 'seed') });
    // The 100,000-chunk index of npm run bench, built in a process of its own.
    const file = path.join(dir, 'big', 'index.sqlite');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const built = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'run.ts'), 'index-sqlite', file], { cwd: ROOT, stdio: 'ignore' });
    if (built.status !== 0) throw new Error('building the 100,000-chunk index failed');
    await scenario('100,000 synthetic chunks', { DATA_DIR: path.dirname(file) });
    await processes(path.dirname(file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
