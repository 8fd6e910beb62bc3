// npm run bench:ingest — what adding a report through the admin pages costs the readers. A server
// (npm start, on loopback, with a copy of the seed corpus) takes text reports of 1, 5 and 20 MB
// (the seed reports' text over and over, each run's sentences marked apart so that none repeats
// another) and a 6-page PDF: sign in, upload, confirm, wait for the re-index. Meanwhile autocannon
// reads /api/search?q=调解 and /healthz at 10 connections. Per case: the job's time (conversion and
// re-index), the readers' p50/p99/max during each, and the peak resident memory of the server, of
// its admin worker process and of the PDF reader's process (the worker's child), each apart; medians of INGEST_RUNS runs (3),
// each added report removed again so that every run starts from the seed corpus.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import PDFDocument from 'pdfkit';
import { REPORTS_DIR, TAXONOMY_DIR } from '../tests/helpers/corpus';
import { syntheticReport } from '../tests/helpers/admin';
import { CJK_FONT } from '../tests/helpers/source-files';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.INGEST_RUNS ?? 3);
const TOKEN = 'bench-ingest-admin-token-0123456789';
/** The whole benchmark, and any one job, must finish within these. */
const DEADLINE = Date.now() + 30 * 60_000;
const JOB_MS = 300_000;
const TARGETS = { p99: 100, max: 500, rssAboveIdle: 300, twentyMbJobS: 60 };

interface Readers {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  failed: number;
}
interface Run {
  convertS: number;
  reindexS: number;
  outcome: string;
  converting: Readers;
  reindexing: Readers | null;
  /** Peak resident memory (MB) of the server, of its worker process and of the worker's children (the PDF reader). */
  peaks: { server: number; worker: number; child: number };
}

const rssOf = (pid: number, key = 'VmRSS') => {
  try {
    return Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};
/** Child processes of any of the process's threads. */
const childrenOf = (pid: number): number[] => {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
};

/** Samples the resident memory of the server, its worker process and the worker's children until stopped; returns the peaks in MB. */
function memoryWatch(pid: number): () => { server: number; worker: number; child: number } {
  let server = rssOf(pid);
  let worker = 0;
  let child = 0;
  const timer = setInterval(() => {
    server = Math.max(server, rssOf(pid));
    for (const w of childrenOf(pid)) {
      worker = Math.max(worker, rssOf(w));
      for (const c of childrenOf(w)) child = Math.max(child, rssOf(c));
    }
  }, 25);
  return () => {
    clearInterval(timer);
    return { server: Math.max(server, rssOf(pid)), worker, child };
  };
}

/** Readers at 10 connections until stopped. */
function readers(base: string): () => Promise<Readers> {
  const instance = autocannon(
    { url: base, connections: 10, duration: 3600, requests: [{ path: `/api/search?q=${encodeURIComponent('调解')}` }, { path: '/healthz' }] },
    () => undefined,
  );
  const result = new Promise<autocannon.Result>((resolve) => instance.once('done', resolve));
  return async () => {
    instance.stop();
    const r = await result;
    return { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, requests: r.requests.total, failed: r.errors + r.timeouts + r.non2xx };
  };
}

async function startServer(dir: string): Promise<{ base: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--max-semi-space-size=2', '--require', 'tsx/cjs', path.join(ROOT, 'app/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN: TOKEN,
      CORPUS_DIR: path.join(dir, 'corpus'),
      DATA_DIR: path.join(dir, 'data'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Serving on (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}`)));
  });
  return { base, proc };
}

/** An admin session: its cookie and CSRF token. */
async function signIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const login = await fetch(`${base}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0];
  const page = await (await fetch(`${base}/admin`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
}

const post = (base: string, cookie: string, where: string, form: Record<string, string>) =>
  fetch(base + where, { method: 'POST', body: new URLSearchParams(form), headers: { cookie }, redirect: 'manual' });

/** Follows a job to its end; returns where it leads and what it says. */
async function jobEnd(base: string, cookie: string, location: string): Promise<{ state: string; message: string; next?: string }> {
  if (!location.startsWith('/admin/jobs/')) return { state: 'done', message: '', next: location };
  for (const until = Date.now() + JOB_MS; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const job = (await (await fetch(`${base}${location}.json`, { headers: { cookie } })).json()) as { state: string; message: string; next?: string };
    if (job.state !== 'running') return job;
  }
  throw new Error(`${location} did not finish in ${JOB_MS / 1000} s`);
}

/** A PDF of six A4 pages of report text, set in a CJK font. */
async function sixPagePdf(file: string, variant: number): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 90, bottom: 90, left: 72, right: 72 } });
  const out = fs.createWriteStream(file);
  doc.pipe(out);
  doc.registerFont('cjk', CJK_FONT, 'WenQuanYiMicroHei');
  let pages = 1;
  doc.on('pageAdded', () => pages++);
  const [title, ...paragraphs] = syntheticReport(60_000, variant).trim().split('\n');
  doc.font('cjk').fontSize(16).text(title, { align: 'center' }).moveDown(1);
  for (const p of paragraphs) {
    if (pages === 6 && doc.y > 480) break;
    doc.font('cjk').fontSize(12).text(p.slice(0, 300), { indent: 24, paragraphGap: 4, lineGap: 2 });
  }
  doc.end();
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

async function addOnce(base: string, pid: number, file: { name: string; bytes: Buffer }): Promise<Run> {
  const { cookie, csrf } = await signIn(base);
  const form = new FormData();
  form.append('files', new Blob([file.bytes]), file.name);
  const memory = memoryWatch(pid);
  let started = performance.now();
  let stopReaders = readers(base);
  const up = await fetch(`${base}/admin/upload?_csrf=${encodeURIComponent(csrf)}`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
  const converted = await jobEnd(base, cookie, up.headers.get('location') ?? '');
  const shown = converted.next ? await fetch(base + converted.next, { headers: { cookie } }) : null;
  const preview = shown?.ok ? await shown.text() : '';
  const convertS = (performance.now() - started) / 1000;
  const converting = await stopReaders();
  const refused = /<section class="refused">[\s\S]*?<li>([\s\S]*?)<\/li>/.exec(preview)?.[1]?.replace(/<[^>]+>/g, '');
  if (refused || !/value="confirm"/.test(preview)) {
    const outcome = refused ? `refused: ${refused}` : converted.state === 'failed' ? `failed: ${converted.message}` : `no preview (HTTP ${shown?.status})`;
    return { convertS, reindexS: 0, outcome, converting, reindexing: null, peaks: memory() };
  }
  started = performance.now();
  stopReaders = readers(base);
  const confirm = await post(base, cookie, converted.next as string, { _csrf: csrf, action: 'confirm' });
  const indexed = await jobEnd(base, cookie, confirm.headers.get('location') ?? '');
  const reindexS = (performance.now() - started) / 1000;
  const reindexing = await stopReaders();
  const peaks = memory();
  // Back to the seed corpus for the next run.
  const removed = await post(base, cookie, `/admin/reports/${/<h2>([a-z0-9-]+)\.md/.exec(preview)?.[1]}/remove`, { _csrf: csrf });
  await jobEnd(base, cookie, removed.headers.get('location') ?? '');
  return { convertS, reindexS, outcome: `${indexed.state}: ${indexed.message}`, converting, reindexing, peaks };
}

const ms = (x: number) => String(Math.round(x));
/** Medians of p50 and p99 over the runs, and the largest max. */
function readersCell(list: (Readers | null)[]): string {
  const rs = list.filter((r): r is Readers => r !== null);
  if (!rs.length) return '–';
  return `${ms(median(rs.map((r) => r.p50)))}/${ms(median(rs.map((r) => r.p99)))}/${ms(Math.max(...rs.map((r) => r.max)))}`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));
  fs.mkdirSync(path.join(dir, 'corpus'));
  fs.cpSync(REPORTS_DIR, path.join(dir, 'corpus/reports'), { recursive: true });
  fs.cpSync(TAXONOMY_DIR, path.join(dir, 'corpus/taxonomy'), { recursive: true });
  const server = await startServer(dir);
  const pid = server.proc.pid as number;
  try {
    const warm = readers(server.base);
    await new Promise((r) => setTimeout(r, 3000));
    const idleReaders = await warm();
    const idleRss = rssOf(pid);
    console.log(`Server ${server.base} (pid ${pid}); ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; ${RUNS} runs per case.`);
    console.log(`Idle: readers p50/p99/max ${readersCell([idleReaders])} ms (${idleReaders.requests} requests), RSS ${ms(idleRss)} MB\n`);
    const hasFont = fs.existsSync(CJK_FONT);
    if (!hasFont) console.log(`(no PDF case: no CJK font at ${CJK_FONT})`);
    const text = (mb: number, base: number) => async (v: number) => ({
      name: `bench-${mb}mb-${v}.txt`,
      bytes: Buffer.from(syntheticReport(mb * 1_000_000, base + v)),
    });
    const pdf = async (v: number) => {
      const file = path.join(dir, `bench-pdf-${v}.pdf`);
      await sixPagePdf(file, 400 + v);
      return { name: path.basename(file), bytes: fs.readFileSync(file) };
    };
    const cases = [
      { label: '1 MB text', make: text(1, 100) },
      { label: '5 MB text', make: text(5, 200) },
      { label: '20 MB text', make: text(20, 300) },
      ...(hasFont ? [{ label: '6-page PDF', make: pdf }] : []),
    ];
    const results: { label: string; size: number; runs: Run[] }[] = [];
    for (const c of cases) {
      const runs: Run[] = [];
      let size = 0;
      for (let v = 1; v <= RUNS && Date.now() < DEADLINE; v++) {
        const file = await c.make(v);
        size = file.bytes.length;
        const run = await addOnce(server.base, pid, file);
        console.log(`  ${c.label} #${v}: converted in ${run.convertS.toFixed(1)} s, re-indexed in ${run.reindexS.toFixed(1)} s — ${run.outcome}`);
        runs.push(run);
      }
      if (runs.length) results.push({ label: c.label, size, runs });
    }
    console.log('\ncase          upload   conv s  index s   job s   readers ms (p50/p99/max)   server RSS MB  worker  PDF child  readers');
    console.log('                                                    converting  re-indexing   peak (+idle)    MB       MB      failed');
    for (const { label, size, runs } of results) {
      const peak = Math.max(...runs.map((r) => r.peaks.server));
      console.log(
        [
          label.padEnd(11),
          `${(size / 1e6).toFixed(2)} MB`.padStart(9),
          median(runs.map((r) => r.convertS))
            .toFixed(1)
            .padStart(7),
          median(runs.map((r) => r.reindexS))
            .toFixed(1)
            .padStart(8),
          median(runs.map((r) => r.convertS + r.reindexS))
            .toFixed(1)
            .padStart(7),
          readersCell(runs.map((r) => r.converting)).padStart(13),
          readersCell(runs.map((r) => r.reindexing)).padStart(13),
          `${ms(peak)} (+${ms(peak - idleRss)})`.padStart(14),
          ms(Math.max(...runs.map((r) => r.peaks.worker))).padStart(7),
          ms(Math.max(...runs.map((r) => r.peaks.child))).padStart(10),
          String(runs.reduce((n, r) => n + r.converting.failed + (r.reindexing?.failed ?? 0), 0)).padStart(8),
        ].join(' '),
      );
    }
    const all = results.flatMap((r) => r.runs);
    const readersAll = all.flatMap((r) => [r.converting, ...(r.reindexing ? [r.reindexing] : [])]);
    const worstP99 = Math.max(...readersAll.map((r) => r.p99));
    const worstMax = Math.max(...readersAll.map((r) => r.max));
    const rssAbove = Math.max(...all.map((r) => r.peaks.server)) - idleRss;
    const twenty = results.find((r) => r.label === '20 MB text')?.runs.map((r) => r.convertS + r.reindexS) ?? [];
    const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
    console.log(
      `\nTargets: readers p99 ≤ ${TARGETS.p99} ms: ${ms(worstP99)}, ${verdict(worstP99 <= TARGETS.p99)}; max ≤ ${TARGETS.max} ms: ${ms(worstMax)}, ${verdict(worstMax <= TARGETS.max)};`,
    );
    console.log(
      `server RSS ≤ idle + ${TARGETS.rssAboveIdle} MB: +${ms(rssAbove)}, ${verdict(rssAbove <= TARGETS.rssAboveIdle)}; 20 MB job ≤ ${TARGETS.twentyMbJobS} s: ${twenty.length ? median(twenty).toFixed(1) : '–'} s, ${verdict(twenty.length > 0 && median(twenty) <= TARGETS.twentyMbJobS)}.`,
    );
  } finally {
    const exited = new Promise((r) => server.proc.once('exit', r));
    server.proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
