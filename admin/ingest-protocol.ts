// What the server and the admin's worker process say to each other: the tasks it runs off the
// event loop and its replies.
import path from 'node:path';
import type { Reason, Refusal } from '../core/report-errors';
import type { Chunk } from '../core/types';
import type { LoadedCorpus } from '../indexer/corpus';
import type { Phase } from './job-queue';

/** Chunks shown in a preview; the count says how many there are in all. */
export const PREVIEW_CHUNKS = 300;

/** A converted report waiting for the editor's confirmation. */
export interface PendingItem {
  name: string;
  id: string;
  markdown: string;
  inferredFrom: Record<string, string>;
  /** Things worth a look, each with its code (the preview says them in the editor's language). */
  warnings: Reason[];
  chunks: { kind: string; heading: string; snippet: string; page?: number }[];
  chunkCount: number;
  /** What the knowledge base will file the report under: over all its chunks, each value with the number of chunks it is in. */
  filed: { agencies: Filed[]; themes: Filed[]; practices: Filed[]; figures: number };
  /** Why the report, as corrected, would not be taken. */
  error?: Reason;
}

export interface Filed {
  value: string;
  chunks: number;
}

export type { Refusal };

export interface NewReport {
  name: string;
  markdown: string;
}

export type Task =
  /** Converts uploaded files as `kb add --dry-run` would; `replace` names the report they replace. */
  | { type: 'convert'; files: string[]; reportsDir: string; displayRoot: string; replace?: string }
  /** Checks reports about to be written against the corpus (without the report `ignore`). */
  | { type: 'check'; reports: NewReport[]; reportsDir: string; ignore?: string }
  /** Reads and chunks the corpus for a re-index; the chunks come in batches before the reply. */
  | { type: 'read'; reportsDir: string }
  /** Reads and chunks the corpus and writes it into a new embedded index file (sealed), recording the corpus digest. */
  | { type: 'index'; reportsDir: string; file: string; corpusDigest: string };

export interface ConvertResult {
  items: PendingItem[];
  refused: Refusal[];
}

export type ReadResult = Omit<LoadedCorpus, 'chunks'>;

/** A corpus written into an index file: its reports, and its chunks counted by kind. */
export interface IndexResult extends ReadResult {
  chunkKinds: Record<string, number>;
}

export type Reply =
  | { type: 'progress'; share: number; phase: Phase }
  | { type: 'chunks'; chunks: Chunk[] }
  | { type: 'done'; result: unknown }
  | { type: 'error'; message: string };

/**
 * What an editor is shown of a message about files: a path under one of the server's folders (its
 * uploads, corpus or temporary folder), or one leading up out of a folder (../../x.md), becomes the
 * file's name; the folders themselves are never shown.
 */
export function withoutPaths(text: string, roots: string[]): string {
  const part = `[^\\s"'“”‘’:;,()/]+`;
  let out = text;
  for (const root of [...new Set(roots.filter(Boolean).map((r) => path.resolve(r)))].sort((a, b) => b.length - a.length)) {
    const esc = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`${esc}((?:/${part})*)`, 'g'), (_m, rest: string) => (rest ? path.basename(rest) : '…'));
  }
  return out.replace(new RegExp(`(?:\\.\\./)+(?:${part}/)*(${part})`, 'g'), '$1');
}
