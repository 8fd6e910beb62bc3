// A whole instance in a temporary folder — a corpus, a data folder — driven as an operator drives
// it: `kb` commands and `npm start` as child processes, killed with SIGKILL where a test says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { REPORTS_DIR, ROOT, TAXONOMY_DIR } from './corpus';
import { SqliteBackend } from '../../search/sqlite/backend';

export interface Instance {
  dir: string;
  reportsDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  close: () => void;
}

/**
 * A corpus of `copies` copies of each seed report (ids suffixed -1, -2 …) but those whose names
 * start with `leave`, so that a build takes long enough to be interrupted.
 */
export function makeInstance(leave: string[] = [], copies = 4, env: NodeJS.ProcessEnv = {}): Instance {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-crash-'));
  const reportsDir = path.join(dir, 'corpus/reports');
  fs.mkdirSync(reportsDir, { recursive: true });
  fs.cpSync(TAXONOMY_DIR, path.join(dir, 'corpus/taxonomy'), { recursive: true });
  for (const f of fs.readdirSync(REPORTS_DIR)) {
    if (leave.some((l) => f.startsWith(l))) continue;
    const text = fs.readFileSync(path.join(REPORTS_DIR, f), 'utf8');
    const id = f.replace(/\.md$/, '');
    for (let k = 1; k <= copies; k++) fs.writeFileSync(path.join(reportsDir, `${id}-${k}.md`), text.replace(/^id: .*$/m, `id: ${id}-${k}`));
  }
  const dataDir = path.join(dir, 'data');
  return {
    dir,
    reportsDir,
    dataDir,
    env: { ...process.env, CORPUS_DIR: path.join(dir, 'corpus'), DATA_DIR: dataDir, SEARCH_BACKEND: 'sqlite', PORT: '0', LOG_LEVEL: 'silent', ...env },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Child {
  process: ChildProcess;
  /** Everything it wrote to standard output and error so far. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(inst: Instance, script: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: inst.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => out, exited };
}

export function kb(inst: Instance, ...args: string[]): Child {
  return run(inst, 'app/cli.ts', args);
}

/** Kills the child with SIGKILL as soon as it starts writing a new index file. */
export async function killWhenBuilding(inst: Instance, child: Child): Promise<void> {
  fs.mkdirSync(inst.dataDir, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const watcher = fs.watch(inst.dataDir, (_event, name) => {
      if (!name?.includes('.building-')) return;
      child.process.kill('SIGKILL');
      watcher.close();
      resolve();
    });
    void child.exited.then(() => {
      watcher.close();
      reject(new Error(`the child ended before it built an index:\n${child.output()}`));
    });
  });
  await child.exited;
}

export interface Server extends Child {
  base: string;
  health: () => Promise<{ status: number; body: { ok: boolean; stale?: boolean; message?: string; docs: number } }>;
  stop: () => Promise<void>;
}

/** npm start on the instance, once it serves. */
export async function startServer(inst: Instance): Promise<Server> {
  const child = run(inst, 'app/main.ts', []);
  const base = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const m = /Serving on (http:\/\/\S+?)\/?\s/.exec(child.output());
      if (m) resolve(m[1]);
    };
    child.process.stdout?.on('data', look);
    void child.exited.then(({ code }) => reject(new Error(`the server exited (${code}):\n${child.output()}`)));
  });
  return {
    ...child,
    base,
    health: async () => {
      const res = await fetch(`${base}/healthz`);
      return { status: res.status, body: (await res.json()) as Awaited<ReturnType<Server['health']>>['body'] };
    },
    stop: async () => {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
      await child.exited;
    },
  };
}

/** Asks until `ok` says yes, for at most `ms`; returns every answer seen. */
export async function until<T>(ask: () => Promise<T>, ok: (t: T) => boolean, ms = 30_000): Promise<T[]> {
  const seen: T[] = [];
  const end = Date.now() + ms;
  for (;;) {
    const t = await ask();
    seen.push(t);
    if (ok(t)) return seen;
    if (Date.now() > end) throw new Error(`gave up waiting; last answers: ${JSON.stringify(seen.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The report ids the instance's index holds, read straight from its file. */
export async function indexedIds(inst: Instance): Promise<string[]> {
  const b = new SqliteBackend({ file: path.join(inst.dataDir, 'index.sqlite') });
  try {
    return (await b.listDocs()).map((d) => d.id);
  } finally {
    await b.close();
  }
}

/** The report ids the instance's corpus holds (one .md file each). */
export const corpusIds = (inst: Instance) =>
  fs
    .readdirSync(inst.reportsDir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.replace(/\.md$/, ''))
    .sort();
