// The files around an index build: one lock per index file, so that two builds never race to the
// rename; temporary files that are removed on a signal, on failure, and, when a killed process
// left them, by the next build; and the previous index, kept beside the live one as a fallback.
import fs from 'node:fs';
import path from 'node:path';
import { IndexBuildError } from '../errors';
import { processAlive as alive } from '../../core/processes';

const SIDE_FILES = ['', '-journal', '-wal', '-shm'];

export function previousFile(file: string): string {
  return `${file}.previous`;
}

export function removeWithSideFiles(file: string): void {
  for (const suffix of SIDE_FILES) fs.rmSync(file + suffix, { force: true });
}

// Files to remove if the process is stopped by a signal mid-build.
const pending = new Set<string>();
let handlersInstalled = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const f of pending) removeWithSideFiles(f);
  pending.clear();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  handlersInstalled = false;
  // Let the signal do what it would have done: end the process, or reach the server's own handler.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function track(file: string): void {
  pending.add(file);
  if (handlersInstalled) return;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  handlersInstalled = true;
}

function untrack(file: string): void {
  pending.delete(file);
}

export interface Build {
  /** Where to write the new index. */
  tmp: string;
  /** Files of earlier builds whose processes are gone, removed now. */
  removed: string[];
  /**
   * Moves the new index into place and unlocks. The old index becomes the previous one only when
   * `sound` says it checks out; a damaged one is dropped and the last good previous index stays.
   */
  commit(sound: (file: string) => boolean): void;
  /** Removes the new index and unlocks. */
  abandon(): void;
}

/**
 * Starts a build of `file`: takes its lock (refusing, with the running build's process id, when
 * another build holds it), clears what dead builds left, and names the temporary file.
 */
export function startBuild(file: string): Build {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const lock = `${file}.lock`;
  const take = () => fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), { flag: 'wx' });
  try {
    take();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    let holder: { pid?: number; startedAt?: string } = {};
    try {
      holder = JSON.parse(fs.readFileSync(lock, 'utf8')) as typeof holder;
    } catch {
      // An unreadable lock belongs to no one.
    }
    if (holder.pid !== undefined && holder.pid !== process.pid && alive(holder.pid))
      throw new IndexBuildError(
        `Another build of this index is running (process ${holder.pid}, started ${holder.startedAt ?? 'at an unknown time'}). Wait for it to finish; nothing was changed.`,
      );
    fs.rmSync(lock, { force: true });
    take();
  }
  const base = path.basename(file);
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.building-(\\d+)-\\d+(?:-journal|-wal|-shm)?$`).exec(name);
    if (!m || alive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  const tmp = `${file}.building-${process.pid}-${Date.now()}`;
  track(tmp);
  track(lock);
  const unlock = () => {
    untrack(tmp);
    untrack(lock);
    fs.rmSync(lock, { force: true });
  };
  return {
    tmp,
    removed,
    commit(sound) {
      try {
        if (fs.existsSync(file) && sound(file)) {
          const previous = previousFile(file);
          fs.rmSync(previous, { force: true });
          // A second name for the old index: the rename below then replaces the live name in one step.
          try {
            fs.linkSync(file, previous);
          } catch {
            fs.copyFileSync(file, previous);
          }
        }
        fs.renameSync(tmp, file);
      } finally {
        unlock();
      }
    },
    abandon() {
      removeWithSideFiles(tmp);
      unlock();
    },
  };
}
