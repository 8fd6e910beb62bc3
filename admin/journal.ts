// The corpus journal: before a change touches report files, what each of them holds is copied
// aside and the intent is written, both forced to disk; once the files are in place (and on disk)
// the entry says so; when the change is over the entry goes. A process killed on the way leaves
// its entry, and the next start (recover) completes the change or rolls it back:
//   changing — the files may be half changed: each is put back as it was;
//   applied  — the files are in place: the change stands, and the index is rebuilt to match it;
//   undoing  — a change being undone (its re-index failed): each file is put back as it was.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from '../core/processes';

type Phase = 'changing' | 'applied' | 'undoing';

interface Intent {
  action: string;
  pid: number;
  started: string;
  phase: Phase;
  /** Each file the change touches: its content before (the name of its copy and its hash) or null when it did not exist. */
  files: { path: string; before: { copy: string; sha256: string } | null }[];
}

export interface JournalEntry {
  /** The change's files are in place: forces them to disk, then records that a crash from here on completes the change. */
  applied(): void;
  /** The change is being undone: a crash from here on rolls it back. */
  undoing(): void;
  /** The change is over, done or undone: forgets it. */
  end(): void;
  /** Puts every file back as it was before the change, and forgets it. */
  rollBack(): void;
}

/** Forces a file's (or a folder's) content to disk. */
function sync(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file whole or not at all, and forces it and its folder to disk. */
export function writeWhole(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  sync(tmp);
  fs.renameSync(tmp, file);
  sync(path.dirname(file));
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export class Journal {
  constructor(readonly dir: string) {}

  /** Records the intent to change `files` (absolute paths) with what each holds now, before any is touched. */
  begin(action: string, files: string[]): JournalEntry {
    fs.mkdirSync(this.dir, { recursive: true });
    const id = `${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;
    const copies = path.join(this.dir, `${id}.files`);
    fs.mkdirSync(copies);
    const record: Intent = { action, pid: process.pid, started: new Date().toISOString(), phase: 'changing', files: [] };
    for (const [i, file] of [...new Set(files)].entries()) {
      let data: Buffer | null = null;
      try {
        data = fs.readFileSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      if (data) writeWhole(path.join(copies, String(i)), data);
      record.files.push({ path: file, before: data ? { copy: String(i), sha256: sha256(data) } : null });
    }
    sync(copies);
    const entry = path.join(this.dir, `${id}.json`);
    const save = (phase: Phase) => writeWhole(entry, JSON.stringify({ ...record, phase }, null, 1));
    save('changing');
    return {
      applied: () => {
        for (const f of record.files) if (fs.existsSync(f.path)) sync(f.path);
        for (const d of new Set(record.files.map((f) => path.dirname(f.path)))) sync(d);
        save('applied');
      },
      undoing: () => save('undoing'),
      end: () => {
        fs.rmSync(entry, { force: true });
        sync(this.dir);
        fs.rmSync(copies, { recursive: true, force: true });
      },
      rollBack: () => {
        save('undoing');
        this.finish(entry);
      },
    };
  }

  /**
   * Completes or rolls back the changes of processes that are gone, and says what was done, one
   * line each. Entries of running processes are left to them.
   */
  recover(): string[] {
    if (!fs.existsSync(this.dir)) return [];
    const done: string[] = [];
    const names = fs.readdirSync(this.dir);
    for (const name of names) {
      const pid = Number(/^(\d+)-/.exec(name)?.[1]);
      if (processAlive(pid) && pid !== process.pid) continue;
      const full = path.join(this.dir, name);
      if (name.endsWith('.json')) {
        try {
          done.push(this.finish(full));
        } catch (err) {
          done.push(`Could not finish the interrupted change in ${full}: ${(err as Error).message}`);
        }
      }
      // What a writer killed mid-write left: a half-written entry, or copies whose entry was never written.
      else if (/\.tmp-\d+$/.test(name) || (name.endsWith('.files') && !names.includes(name.replace(/\.files$/, '.json'))))
        fs.rmSync(full, { recursive: true, force: true });
    }
    if (done.length) sync(this.dir);
    return done;
  }

  /** Completes or rolls back one interrupted change, then forgets it. */
  private finish(entry: string): string {
    const record = JSON.parse(fs.readFileSync(entry, 'utf8')) as Intent;
    const copies = entry.replace(/\.json$/, '.files');
    const names = record.files.map((f) => path.basename(f.path)).join(', ');
    let said: string;
    if (record.phase === 'applied') said = `Completed "${record.action}", cut short while the index was rebuilt: ${names} stay as changed.`;
    else {
      for (const f of record.files) {
        if (!f.before) {
          fs.rmSync(f.path, { force: true });
          continue;
        }
        const data = fs.readFileSync(path.join(copies, f.before.copy));
        if (sha256(data) !== f.before.sha256) throw new Error(`the copy of ${f.path} is damaged; the entry is left for a person to look at`);
        if (!fs.existsSync(f.path) || sha256(fs.readFileSync(f.path)) !== f.before.sha256) writeWhole(f.path, data);
      }
      for (const f of record.files) fs.rmSync(`${f.path}.tmp-${record.pid}`, { force: true });
      for (const d of new Set(record.files.map((f) => path.dirname(f.path)))) if (fs.existsSync(d)) sync(d);
      said = `Rolled back "${record.action}", cut short while ${record.phase === 'undoing' ? 'it was undone' : 'the corpus was changed'}: ${names} are as they were before it.`;
    }
    fs.rmSync(entry, { force: true });
    fs.rmSync(copies, { recursive: true, force: true });
    return said;
  }
}
