// The folders draw the architecture: each layer imports only the layers beneath it, and no module
// imports itself back through others. Read from the import statements of every source file.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** Which layers each layer may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  core: [],
  indexer: ['core'],
  search: ['core'],
  server: ['core', 'search'],
  admin: ['core', 'indexer', 'search', 'server'],
  app: ['core', 'indexer', 'search', 'server', 'admin'],
};
const LAYERS = Object.keys(MAY_IMPORT);
/** Message tables in both languages: data, allowed past the length limit. */
const LONG_DATA_FILES = new Set(['server/i18n.ts']);
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|mjs)$/.test(e.name) ? [rel] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.mjs`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return path.normalize(candidate);
  }
  throw new Error(`${from}: cannot resolve import "${spec}"`);
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => resolveImport(file, f.fileName)).filter((f): f is string => f !== null);
}

const layerOf = (file: string) => file.split(path.sep)[0];
const files = LAYERS.flatMap(sourceFiles);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Strongly connected components of more than one file (or a file importing itself): the import cycles. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('the layout of the source', () => {
  it('finds the source files of every layer', () => {
    for (const layer of LAYERS) expect(files.some((f) => layerOf(f) === layer)).toBe(true);
  });

  it('lets each layer import only the layers beneath it (core ← indexer, search ← server ← admin ← app)', () => {
    const broken: string[] = [];
    for (const [file, imports] of graph) {
      const layer = layerOf(file);
      for (const target of imports) {
        const to = layerOf(target);
        if (to !== layer && !MAY_IMPORT[layer].includes(to)) broken.push(`${file} imports ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('would see a cycle', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('keeps every source file under 300 lines, except data', () => {
    const long = files
      .filter((f) => !LONG_DATA_FILES.has(f))
      .map((f) => ({ f, lines: fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.f}: ${x.lines} lines`);
    expect(long).toEqual([]);
  });

  it('reads configuration from the environment only in app/ (a child process may inherit it whole)', () => {
    const readers = files.filter((f) => layerOf(f) !== 'app' && /process\.env\s*(\.|\[)/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(readers).toEqual([]);
  });
});
