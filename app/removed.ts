// When a report was removed: the admin keeps each removed (or replaced) report file in the kept
// folder as <file>.<time of removal>; a report that is no longer in the index was removed then.
import fs from 'node:fs';
import type { RemovedOn } from '../server/missing';

export function removedOnFrom(keptDir: string): RemovedOn {
  return (docId) => {
    let names: string[];
    try {
      names = fs.readdirSync(keptDir);
    } catch {
      return null;
    }
    const stamps = names
      .filter((n) => n.startsWith(`${docId}.md.`) || n.startsWith(`${docId}.txt.`))
      .map((n) => n.slice(n.lastIndexOf('.') + 1))
      .filter((s) => /^\d{4}-\d{2}-\d{2}T/.test(s))
      .sort();
    return stamps.length ? stamps[stamps.length - 1].slice(0, 10) : null;
  };
}
