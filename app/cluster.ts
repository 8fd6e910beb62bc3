// npm start with WEB_CONCURRENCY above 1: several server processes answering on one port (node:cluster),
// each with its own connection to the same index. The embedded index is read-only to the server and
// every process notices a re-index's swapped file on its next request; Meilisearch is shared anyway.
import cluster, { type Worker } from 'node:cluster';

export const MAX_WORKERS = 64;

/** How many server processes WEB_CONCURRENCY asks for: 1 unless set. */
export function webConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WEB_CONCURRENCY?.trim();
  if (!raw) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to ${MAX_WORKERS} (got "${raw}").`);
  return n;
}

/** Restarts of crashed workers allowed per minute before the primary gives up. */
const RESTARTS_PER_MINUTE = 5;

/**
 * In the first process, when more than one server process is asked for: starts them and returns
 * true, and this process serves nothing itself. The first worker starts alone (it builds the index
 * when there is none), the others once it listens. A worker that dies is replaced (a few times a
 * minute at most); SIGTERM and SIGINT stop every worker, then this process. Returns false in a
 * worker, or with one process, and the caller serves.
 */
export function runCluster(workers: number, log: (line: string) => void = console.log): boolean {
  if (workers <= 1 || !cluster.isPrimary) return false;
  // Editors' sessions and job progress live in the process that made them.
  if (process.env.ADMIN_TOKEN?.trim())
    console.warn(
      `Warning: /admin keeps its sessions and job progress in one process; with WEB_CONCURRENCY=${workers} a request may reach another. Edit the corpus with one process.`,
    );
  let stopping = false;
  let listening = 0;
  let fannedOut = false;
  const restarts: number[] = [];
  // Workers whose processes have not exited yet (cluster.workers forgets a worker once disconnected).
  const running = new Set<Worker>();
  const fork = () => running.add(cluster.fork());
  cluster.on('listening', () => {
    listening++;
    if (!fannedOut) {
      fannedOut = true;
      for (let i = 1; i < workers; i++) fork();
    }
    if (listening === workers) log(`All ${workers} server processes are serving (WEB_CONCURRENCY=${workers}).`);
  });
  cluster.on('exit', (worker, code, signal) => {
    running.delete(worker);
    if (stopping) {
      if (!running.size) process.exit();
      return;
    }
    const now = Date.now();
    while (restarts.length && restarts[0] < now - 60_000) restarts.shift();
    if (restarts.length >= RESTARTS_PER_MINUTE || !fannedOut) {
      console.error(
        `Server process ${worker.process.pid} exited (${signal ?? code}); not restarting it${fannedOut ? ' (too many restarts)' : ' (it never served)'}.`,
      );
      stopAll(1);
      return;
    }
    restarts.push(now);
    console.error(`Server process ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    listening--;
    fork();
  });
  const stopAll = (code = 0) => {
    stopping = true;
    process.exitCode = code;
    const alive = [...running];
    if (!alive.length) process.exit();
    // Stay until every worker has exited (the exit handler ends this process then).
    setInterval(() => undefined, 1000);
    // SIGTERM runs a worker's own shutdown (its server closes); disconnecting lets it exit once idle.
    for (const w of alive) {
      w.process.kill('SIGTERM');
      w.disconnect();
      setTimeout(() => w.process.kill('SIGKILL'), 10_000).unref();
    }
  };
  process.on('SIGTERM', () => stopAll());
  process.on('SIGINT', () => stopAll());
  fork();
  return true;
}
