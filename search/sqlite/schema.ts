// The embedded index file: reports, chunks, the facts every filter reads, and the posting lists.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { Chunk, DocMeta } from '../types';
import { fold } from '../normalize';
import { PostingsBuilder } from './postings';
import { contextField, headingField } from '../fields';
import type { RowFacts } from './facet-store';

export const SCHEMA_VERSION = '2';

export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, first_rid INTEGER NOT NULL DEFAULT 0, last_rid INTEGER NOT NULL DEFAULT -1, json TEXT NOT NULL);
CREATE TABLE contexts (cid INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE rows (rid INTEGER PRIMARY KEY, cid INTEGER NOT NULL, head_len INTEGER NOT NULL, len INTEGER NOT NULL, facts TEXT NOT NULL);
CREATE TABLE chunks (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
CREATE TABLE terms (key INTEGER PRIMARY KEY, df INTEGER NOT NULL, docs BLOB NOT NULL, codes BLOB NOT NULL);
CREATE TABLE positions (key INTEGER PRIMARY KEY, pos BLOB NOT NULL);
`;

export function factsOf(c: Chunk): RowFacts {
  return {
    docId: c.docId,
    kind: c.kind,
    city: c.city,
    province: c.province,
    district: c.district,
    agencies: c.agencies,
    themes: c.themes,
    practices: c.practices,
    year: c.year,
    published: c.published,
  };
}

const PROGRESS_EVERY = 100;

/** Writes reports and chunks (already in report order, a report's chunks together) into an empty database with SCHEMA. */
export async function writeIndex(db: Database.Database, docs: DocMeta[], chunks: Chunk[], onProgress?: (done: number, total: number) => void): Promise<void> {
  const insDoc = db.prepare('INSERT INTO docs (ord, id, json) VALUES (?, ?, ?)');
  const insContext = db.prepare('INSERT INTO contexts (cid, text) VALUES (?, ?)');
  const insRow = db.prepare('INSERT INTO rows (rid, cid, head_len, len, facts) VALUES (?, ?, ?, ?, ?)');
  const insChunk = db.prepare('INSERT INTO chunks (rid, id, json) VALUES (?, ?, ?)');
  const docRange = db.prepare('UPDATE docs SET first_rid = ?, last_rid = ? WHERE id = ?');
  const insTerm = db.prepare('INSERT INTO terms (key, df, docs, codes) VALUES (?, ?, ?, ?)');
  const insPos = db.prepare('INSERT INTO positions (key, pos) VALUES (?, ?)');
  const insMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  db.exec('BEGIN');
  docs.forEach((d, i) => insDoc.run(i, d.id, JSON.stringify(d)));
  const contexts = new Map<string, number>();
  const postings = new PostingsBuilder();
  let docStart = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const rid = postings.startRow();
    const context = contextField(c);
    let cid = contexts.get(context);
    if (cid === undefined) {
      contexts.set(context, (cid = contexts.size));
      insContext.run(cid, context);
    }
    const headLen = postings.addText(fold(headingField(c)), 0, true);
    // One empty position keeps a phrase from running from the heading into the text.
    const textLen = postings.addText(fold(c.text), headLen + 1, false);
    insRow.run(rid, cid, headLen, headLen + 1 + textLen, JSON.stringify(factsOf(c)));
    insChunk.run(rid, c.id, JSON.stringify(c));
    // A report's chunks are consecutive rows: the report keeps their range.
    if (chunks[i + 1]?.docId !== c.docId) {
      docRange.run(rid - (i - docStart), rid, c.docId);
      docStart = i + 1;
    }
    if ((i + 1) % PROGRESS_EVERY === 0) {
      onProgress?.(i + 1, chunks.length);
      // A build in a serving process must not keep every request waiting.
      await yieldToEventLoop();
    }
  }
  for (const t of postings.finish()) {
    insTerm.run(t.key, t.df, t.docs, t.codes);
    insPos.run(t.key, t.pos);
  }
  insMeta.run('schema', SCHEMA_VERSION);
  insMeta.run('builtAt', new Date().toISOString());
  insMeta.run('chunks', String(chunks.length));
  insMeta.run('docs', String(docs.length));
  db.exec('COMMIT');
  onProgress?.(chunks.length, chunks.length);
}
