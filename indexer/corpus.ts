// Loads every report of a corpus directory: good reports are chunked, bad ones are reported and skipped.
import fs from 'node:fs';
import path from 'node:path';
import { isReportFile } from '../core/ids';
import type { Chunk, DocMeta, FileProblem } from '../core/types';
import { readReport, ReportError } from './read';
import { chunkReport } from './chunk';
import type { Rules } from './rules';

type Problem = FileProblem;

export interface LoadedCorpus {
  docs: DocMeta[];
  chunks: Chunk[];
  /** Files that were skipped, with the reason. */
  skipped: Problem[];
  /** Things worth a look in files that were indexed. */
  warnings: Problem[];
  /** Metadata guessed from the text, per file. */
  inferred: { file: string; fields: string[] }[];
}

export function listReportFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`The reports directory ${dir} does not exist.`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && isReportFile(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

export function loadCorpus(files: string[], rules: Rules, baseDir = process.cwd(), onFile?: (file: string) => void): LoadedCorpus {
  const out: LoadedCorpus = { docs: [], chunks: [], skipped: [], warnings: [], inferred: [] };
  const ids = new Map<string, string>();
  for (const file of files) {
    const relative = path.relative(baseDir, file);
    const shown = relative && !relative.startsWith('..') ? relative : file;
    onFile?.(shown);
    try {
      const report = readReport(file, shown);
      const earlier = ids.get(report.meta.id);
      if (earlier) throw new ReportError(shown, 'duplicate-id', { id: report.meta.id, file: earlier });
      const { doc, chunks } = chunkReport(report, rules);
      if (chunks.length === 0) throw new ReportError(shown, 'no-chunks-boilerplate');
      ids.set(doc.id, shown);
      out.docs.push(doc);
      out.chunks.push(...chunks);
      out.warnings.push(...report.warnings.map((w) => ({ file: shown, ...w })));
      if (report.inferred.length) out.inferred.push({ file: shown, fields: report.inferred });
    } catch (err) {
      if (err instanceof ReportError) out.skipped.push({ file: err.file, ...err.coded });
      else out.skipped.push({ file: shown, reason: `could not be chunked: ${(err as Error).message}` });
    }
  }
  return out;
}
