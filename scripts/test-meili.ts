// npm run test:meili: the contract, HTTP, browser and operations tests against a live Meilisearch
// started for the run (see meili-local.ts), then the contract suite again over two shards (two more
// local servers that search each other). Without a binary it says why it skipped, and succeeds.
// The server's log (every request with its duration) goes to test-artifacts/meilisearch.log, and a
// probe of /health every few seconds notes in it when the server stopped answering; when the suite
// fails, the end of that log and the server's queue are printed.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startLocalMeili, whyNoMeili, type LocalMeili } from './meili-local';

const ROOT = path.join(__dirname, '..');
const SUITES = ['tests/contract', 'tests/http', 'tests/e2e', 'tests/meilisearch'];
/** What runs again over two shards: the backend contract and the parity with the embedded engine. */
const SHARDED_SUITES = ['tests/contract'];
const LOG_FILE = path.join(ROOT, 'test-artifacts', 'meilisearch.log');
const PROBE_EVERY_MS = 3000;
const PROBE_SLOW_MS = 2000;

/** Probes /health and notes in the log every answer slower than PROBE_SLOW_MS, and every failure. */
function watchHealth(meili: LocalMeili): () => void {
  const note = (line: string) => fs.appendFileSync(LOG_FILE, `${new Date().toISOString()} [probe] ${line}\n`);
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    const started = Date.now();
    try {
      const res = await fetch(`${meili.url}/health`, { signal: AbortSignal.timeout(30_000) });
      const ms = Date.now() - started;
      if (!res.ok || ms > PROBE_SLOW_MS) note(`/health answered ${res.status} after ${ms} ms`);
    } catch (err) {
      note(`/health did not answer after ${Date.now() - started} ms: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  }, PROBE_EVERY_MS);
  return () => clearInterval(timer);
}

/** True for a log line of a request that took a second or more (`time.busy=1.2s`, not `12ms`). */
function slowRequest(line: string): boolean {
  return /time\.(busy|idle)=[0-9.]+s\b/.test(line);
}

/** What the server was doing when the suite failed: its queue and indexes, and the end of its log. */
async function reportFailure(meili: LocalMeili): Promise<void> {
  const headers = { Authorization: `Bearer ${meili.apiKey}` };
  const get = async (what: string, show: (body: { results?: Record<string, unknown>[] }) => unknown) => {
    try {
      const res = await fetch(`${meili.url}${what}`, { headers, signal: AbortSignal.timeout(5000) });
      return JSON.stringify(show((await res.json()) as { results?: Record<string, unknown>[] }));
    } catch (err) {
      return `no answer (${(err as Error).message})`;
    }
  };
  console.log(`Meilisearch tasks not yet done: ${await get('/tasks?statuses=enqueued,processing&limit=5', (b) => b.results)}`);
  console.log(`Meilisearch indexes: ${await get('/indexes?limit=100', (b) => b.results?.map((i) => i.uid))}`);
  const lines = fs.existsSync(LOG_FILE) ? fs.readFileSync(LOG_FILE, 'utf8').trimEnd().split('\n') : [];
  const notable = lines.filter((l) => /\[probe\]|panick/.test(l) || (/ ERROR /.test(l) && !/not found/.test(l)) || slowRequest(l)).slice(-30);
  if (notable.length) console.log(`Stalls, slow requests and errors in ${path.relative(ROOT, LOG_FILE)}:\n${notable.join('\n')}`);
  console.log(`Last lines of ${path.relative(ROOT, LOG_FILE)}:\n${lines.slice(-40).join('\n')}`);
}

function runJest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jest, ...args], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const why = whyNoMeili();
  if (why) {
    console.log(`Skipping the live Meilisearch suite: ${why}. Install Meilisearch (or set MEILI_BIN) to run it.`);
    return 0;
  }
  fs.rmSync(LOG_FILE, { force: true });
  const meili = await startLocalMeili({ logFile: LOG_FILE, logLevel: 'INFO' });
  console.log(`Live Meilisearch ${meili.version} (${meili.binary}) on ${meili.url}; its log: ${path.relative(ROOT, LOG_FILE)}`);
  const stopWatching = watchHealth(meili);
  try {
    // Test paths given on the command line narrow the run; other arguments go to jest.
    const args = process.argv.slice(2);
    const paths = args.filter((a) => !a.startsWith('-'));
    // One suite at a time: the server indexes one task after another, and a suite that loads a
    // large index would otherwise hold up the others' set-up and searches past their timeouts.
    const env = { ...process.env, SEARCH_BACKEND: 'meilisearch', MEILI_API_KEY: meili.apiKey, MEILI_BIN: meili.binary };
    const status = await runJest(['--runInBand', ...(paths.length ? [] : SUITES), ...args], { ...env, MEILI_URL: meili.url });
    console.log(`Live Meilisearch suite on ${meili.version}: ${status === 0 ? 'passed' : 'FAILED'}`);
    if (status !== 0) await reportFailure(meili);
    const sharded = paths.length && !paths.some((p) => SHARDED_SUITES.some((s) => p.startsWith(s) || s.startsWith(p))) ? 0 : await runSharded(args, env);
    return status || sharded;
  } finally {
    stopWatching();
    await meili.dispose();
  }
}

/** The contract suite over two shards: two servers with one master key, each reaching the other on loopback. */
async function runSharded(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const paths = args.filter((a) => !a.startsWith('-'));
  const shards: LocalMeili[] = [];
  try {
    const first = await startLocalMeili({ loopbackRemotes: true });
    shards.push(first, await startLocalMeili({ loopbackRemotes: true, apiKey: first.apiKey }));
    const url = shards.map((m) => m.url).join(',');
    console.log(`Two Meilisearch shards: ${url}`);
    const narrowed = paths.length ? paths.filter((p) => SHARDED_SUITES.some((s) => p.startsWith(s) || s.startsWith(p))) : SHARDED_SUITES;
    const options = args.filter((a) => a.startsWith('-'));
    const status = await runJest(['--runInBand', ...narrowed, ...options], { ...env, MEILI_URL: url, MEILI_API_KEY: first.apiKey });
    console.log(`Live Meilisearch suite over two shards: ${status === 0 ? 'passed' : 'FAILED'}`);
    return status;
  } finally {
    for (const m of shards) await m.dispose();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  },
);
