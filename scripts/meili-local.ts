// A throw-away Meilisearch on this machine, for the live test suite and the benchmark: the binary
// named by MEILI_BIN or found on PATH, started on a free loopback port with its own data directory
// and a random master key, and removed with its data when stopped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

export function findMeiliBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MEILI_BIN) return fs.existsSync(env.MEILI_BIN) ? path.resolve(env.MEILI_BIN) : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'meilisearch');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Why no live server can be started, or null when one can. */
export function whyNoMeili(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MEILI_BIN && !fs.existsSync(env.MEILI_BIN)) return `MEILI_BIN points at ${env.MEILI_BIN}, which does not exist`;
  return findMeiliBinary(env) ? null : 'no meilisearch binary on PATH and MEILI_BIN is not set';
}

export function meiliVersion(binary: string): string {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim().replace(/^meilisearch\s*/i, '') || 'unknown';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LocalMeili {
  url: string;
  apiKey: string;
  binary: string;
  version: string;
  dataDir: string;
  pid(): number | undefined;
  /** Stops the server, keeping its data (for restarting it). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops the server and removes its data. */
  dispose(): Promise<void>;
}

export interface LocalMeiliOptions {
  binary?: string;
  /** Echo the server's output on stderr. */
  log?: boolean;
  /** Append the server's output to this file (kept after dispose). */
  logFile?: string;
  /** The server's log level (default WARN; INFO logs every request with its duration). */
  logLevel?: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  /** Let this server reach others on loopback, as a shard's remote federated search must. */
  loopbackRemotes?: boolean;
  /** The master key (default: a random one); shards share one. */
  apiKey?: string;
  /** The server's --max-indexing-memory (e.g. "512MiB"); Meilisearch's default is two thirds of the RAM. */
  maxIndexingMemory?: string;
}

export async function startLocalMeili(opts: LocalMeiliOptions = {}): Promise<LocalMeili> {
  const binary = opts.binary ?? findMeiliBinary();
  if (!binary) throw new Error(`Cannot start Meilisearch: ${whyNoMeili()}.`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-meili-'));
  const port = await freePort();
  const apiKey = opts.apiKey ?? crypto.randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  // Only what we set: a MEILI_* variable of the caller's must not change this server.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MEILI_')));
  const args = [
    '--http-addr',
    `127.0.0.1:${port}`,
    '--db-path',
    path.join(dataDir, 'data.ms'),
    '--dump-dir',
    path.join(dataDir, 'dumps'),
    '--snapshot-dir',
    path.join(dataDir, 'snapshots'),
    '--master-key',
    apiKey,
    '--env',
    'development',
    '--no-analytics',
    '--log-level',
    opts.logLevel ?? 'WARN',
    // Meilisearch refuses to send requests to private addresses unless told which to allow.
    ...(opts.loopbackRemotes ? ['--experimental-allowed-ip-networks', '127.0.0.0/8'] : []),
    ...(opts.maxIndexingMemory ? ['--max-indexing-memory', opts.maxIndexingMemory] : []),
  ];
  if (opts.logFile) fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  let child: ChildProcess | null = null;
  let output = '';

  const launch = async () => {
    output = '';
    const proc = spawn(binary, args, { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const keep = (b: Buffer) => {
      const text = b.toString();
      output = (output + text).slice(-4000);
      if (opts.log) process.stderr.write(b);
      // The server colours its log for a terminal; the file gets plain text.
      if (opts.logFile) fs.appendFileSync(opts.logFile, text.replace(ANSI_COLOUR, ''));
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`Meilisearch exited at start (${proc.exitCode ?? proc.signalCode}):\n${output}`);
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill('SIGKILL');
    throw new Error(`Meilisearch did not answer on ${url} within 60 s:\n${output}`);
  };

  const stop = async () => {
    const proc = child as ChildProcess | null;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    url,
    apiKey,
    binary,
    version: meiliVersion(binary),
    dataDir,
    pid: () => (child as ChildProcess | null)?.pid,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    dispose: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
