// The embedded index file. Every value that repeats is stored once and referred to by number:
// facet values and dates in `strings`, section paths in `paths`, report titles with their reports;
// a chunk row keeps only what is its own, its text as UTF-16 (two bytes a Han character, not three).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { Chunk, DocMeta } from '../../core/types';
import { fold } from '../../core/normalize';
import { headingField } from '../fields';
import { fields } from '../../core/fields';
import { PostingsBuilder } from './postings';

export const SCHEMA_VERSION = '11';

export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, first_rid INTEGER NOT NULL DEFAULT 0, last_rid INTEGER NOT NULL DEFAULT -1, json TEXT NOT NULL);
CREATE TABLE strings (sid INTEGER PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE paths (pid INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE rows (rid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, pid INTEGER NOT NULL, head_len INTEGER NOT NULL, len INTEGER NOT NULL, facts TEXT NOT NULL);
CREATE TABLE chunks (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, rest TEXT NOT NULL, text BLOB NOT NULL);
CREATE TABLE terms (key INTEGER PRIMARY KEY, df INTEGER NOT NULL, docs BLOB NOT NULL, pos BLOB NOT NULL);
`;

/** The facts of a chunk that filters, facets and metadata words read, as string ids (-1: none). */
export interface StoredFacts {
  /** Each filter field's values (core/fields.ts). */
  v: Record<string, number[]>;
  /** The report's date. */
  p: number;
  /** The speaker. */
  s: number;
  /** The agencies' local full names. */
  n: number[];
}

/** What a chunk row keeps of its own. */
export type StoredRest = Pick<Chunk, 'position' | 'heading' | 'title' | 'speaker' | 'agencyNames' | 'figures' | 'page'>;

const PROGRESS_EVERY = 100;
const TERMS_PER_TURN = 5000;

/** Writes reports and chunks (already in report order, a report's chunks together) into an empty database with SCHEMA. */
export async function writeIndex(db: Database.Database, docs: DocMeta[], chunks: Chunk[], onProgress?: (done: number, total: number) => void): Promise<void> {
  const insDoc = db.prepare('INSERT INTO docs (ord, id, title, json) VALUES (?, ?, ?, ?)');
  const insString = db.prepare('INSERT INTO strings (sid, value) VALUES (?, ?)');
  const insPath = db.prepare('INSERT INTO paths (pid, json) VALUES (?, ?)');
  const insRow = db.prepare('INSERT INTO rows (rid, doc, pid, head_len, len, facts) VALUES (?, ?, ?, ?, ?, ?)');
  const insChunk = db.prepare('INSERT INTO chunks (rid, id, rest, text) VALUES (?, ?, ?, ?)');
  const docRange = db.prepare('UPDATE docs SET first_rid = ?, last_rid = ? WHERE ord = ?');
  const insTerm = db.prepare('INSERT INTO terms (key, df, docs, pos) VALUES (?, ?, ?, ?)');
  const insMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  db.exec('BEGIN');
  const docOrd = new Map<string, number>();
  // The title a report's chunks carry, which is what their context matches.
  const titles = new Map<string, string>();
  for (const c of chunks) if (!titles.has(c.docId)) titles.set(c.docId, c.docTitle);
  docs.forEach((d, i) => {
    docOrd.set(d.id, i);
    insDoc.run(i, d.id, titles.get(d.id) ?? d.title, JSON.stringify(d));
  });
  const strings = new Map<string, number>();
  const sid = (v: string | number | undefined): number => {
    if (v === undefined || v === '') return -1;
    const key = String(v);
    let id = strings.get(key);
    if (id === undefined) {
      strings.set(key, (id = strings.size));
      insString.run(id, key);
    }
    return id;
  };
  const paths = new Map<string, number>();
  const postings = new PostingsBuilder();
  let docStart = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const rid = postings.startRow();
    const path = JSON.stringify(c.sectionPath);
    let pid = paths.get(path);
    if (pid === undefined) {
      paths.set(path, (pid = paths.size));
      insPath.run(pid, path);
    }
    const headLen = postings.addText(fold(headingField(c)), 0);
    // One empty position keeps a phrase from running from the heading into the text.
    const textLen = postings.addText(fold(c.text), headLen + 1);
    const values: Record<string, number[]> = {};
    for (const f of fields()) values[f.key] = f.read(c).map(sid);
    const facts: StoredFacts = { v: values, p: sid(c.published), s: sid(c.speaker), n: c.agencyNames.map(sid) };
    const doc = docOrd.get(c.docId) ?? -1;
    insRow.run(rid, doc, pid, headLen, headLen + 1 + textLen, JSON.stringify(facts));
    const rest: StoredRest = {
      position: c.position,
      heading: c.heading,
      title: c.title,
      speaker: c.speaker,
      agencyNames: c.agencyNames,
      figures: c.figures,
      ...(c.page ? { page: c.page } : {}),
    };
    insChunk.run(rid, c.id, JSON.stringify(rest), Buffer.from(c.text, 'utf16le'));
    // A report's chunks are consecutive rows: the report keeps their range.
    if (chunks[i + 1]?.docId !== c.docId) {
      docRange.run(rid - (i - docStart), rid, doc);
      docStart = i + 1;
    }
    if ((i + 1) % PROGRESS_EVERY === 0) {
      onProgress?.(i + 1, chunks.length);
      // A build in a serving process must not keep every request waiting.
      await yieldToEventLoop();
    }
  }
  let written = 0;
  for (const t of postings.finish()) {
    insTerm.run(t.key, t.df, t.docs, t.pos);
    // A large corpus has hundreds of thousands of terms: a serving process lets readers through now and then.
    if (++written % TERMS_PER_TURN === 0) await yieldToEventLoop();
  }
  insMeta.run('schema', SCHEMA_VERSION);
  insMeta.run('builtAt', new Date().toISOString());
  insMeta.run('chunks', String(chunks.length));
  insMeta.run('docs', String(docs.length));
  db.exec('COMMIT');
  onProgress?.(chunks.length, chunks.length);
}

/** A report title or section path as it is matched: folded, whitespace runs as one space. */
export function contextText(parts: string[]): string {
  return fold(parts.join('\n')).replace(/\s+/gu, ' ').trim();
}
