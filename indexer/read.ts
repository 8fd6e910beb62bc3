// Reads one report file: Markdown with YAML front matter, or plain text whose metadata is inferred.
import fs from 'node:fs';
import { REPORT_ID, slugFromFile } from '../core/ids';
import { FrontMatterError, parseFrontMatter, type FrontMatter } from '../core/front-matter';
import type { DocMeta, Genre } from '../core/types';
import { GENRES } from '../core/types';
import { coded, englishReason, type Reason, type ReportErrorArgs, type ReportErrorCode } from '../core/report-errors';
import { inferPlace } from './gazetteer';

export type ReportMeta = Omit<DocMeta, 'chunkCount'>;

export interface Report {
  meta: ReportMeta;
  body: string;
  /** Metadata fields that were guessed from the text rather than stated. */
  inferred: string[];
  /** Things worth a look, each with its code. */
  warnings: Reason[];
}

/** A report file refused: its code and parameters (core/report-errors.ts), and the reason in English. */
export class ReportError<C extends ReportErrorCode = ReportErrorCode> extends Error {
  readonly reason: string;
  readonly params: Record<string, string | number>;

  constructor(
    readonly file: string,
    readonly code: C,
    ...args: ReportErrorArgs<C>
  ) {
    const params = (args[0] ?? {}) as Record<string, string | number>;
    const reason = englishReason(code, params);
    super(`${file}: ${reason}`);
    this.reason = reason;
    this.params = params;
  }

  /** The reason with its code, as a refusal carries it. */
  get coded(): Reason {
    return { reason: this.reason, code: this.code, params: this.params };
  }
}

/** Why a file was refused: coded for a ReportError, the message alone for anything else. */
export function reasonOf(err: unknown): Reason {
  return err instanceof ReportError ? err.coded : { reason: (err as Error).message };
}

export const MAX_REPORT_BYTES = 5 * 1024 * 1024;
/** A report id: lower-case letters, digits and hyphens. */
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const KNOWN_FIELDS = new Set([
  'id',
  'title',
  'city',
  'province',
  'district',
  'publisher',
  'source',
  'published',
  'url',
  'genre',
  'author',
  'editor',
  'originalTitle',
  'title_en',
  'titleSupplied',
  'dateInferred',
  'inferred',
]);
/** Front matter fields that `inferred` may name. */
const INFERABLE = new Set(['title', 'city', 'province', 'district', 'author', 'publisher', 'published', 'url', 'genre']);

export function decodeReport(file: string, bytes: Buffer): string {
  if (bytes.length === 0) throw new ReportError(file, 'empty');
  if (bytes.length > MAX_REPORT_BYTES) throw new ReportError(file, 'too-large', { mb: MAX_REPORT_BYTES / 1024 / 1024 });
  if (bytes.includes(0)) throw new ReportError(file, 'binary');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReportError(file, 'not-utf8');
  }
  text = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new ReportError(file, 'no-text');
  return text;
}

function frontMatterOf(file: string, text: string): FrontMatter {
  try {
    return parseFrontMatter(text);
  } catch (err) {
    if (err instanceof FrontMatterError)
      throw err.code === 'front-matter-yaml' ? new ReportError(file, err.code, { detail: err.detail }) : new ReportError(file, err.code);
    throw err;
  }
}

function validateMeta(file: string, data: Record<string, unknown>, warnings: Reason[]): ReportMeta {
  const str = (k: string): string | undefined => {
    const v = data[k];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' && typeof v !== 'number' && !(v instanceof Date)) throw new ReportError(file, 'field-not-text', { field: k });
    return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
  };
  const id = str('id');
  const title = str('title');
  if (!id) throw new ReportError(file, 'field-missing', { field: 'id' });
  if (!REPORT_ID.test(id)) throw new ReportError(file, 'bad-id', { got: JSON.stringify(id) });
  if (!title) throw new ReportError(file, 'field-missing', { field: 'title' });
  const published = str('published');
  if (published && !DATE.test(published)) throw new ReportError(file, 'bad-date', { got: JSON.stringify(published) });
  const genre = str('genre');
  if (genre && !GENRES.includes(genre as Genre)) throw new ReportError(file, 'bad-genre', { allowed: GENRES.join(', '), got: JSON.stringify(genre) });
  const url = str('url');
  if (url && !/^https?:\/\//.test(url)) throw new ReportError(file, 'bad-url');
  const flag = (k: string): boolean | undefined => {
    const v = data[k];
    if (v === undefined || v === null || v === false) return undefined;
    if (v !== true) throw new ReportError(file, 'field-not-boolean', { field: k, got: JSON.stringify(v) });
    return true;
  };
  const titleSupplied = flag('titleSupplied');
  const dateInferred = flag('dateInferred');
  if (dateInferred && !published) throw new ReportError(file, 'date-inferred-without-date');
  for (const k of Object.keys(data)) if (!KNOWN_FIELDS.has(k)) warnings.push(coded('unknown-field', { field: k }));
  // "source" is the older name of "publisher".
  if (data.source !== undefined && data.publisher !== undefined) warnings.push(coded('publisher-and-source'));
  const meta: ReportMeta = {
    id,
    title,
    published,
    url,
    genre: genre as Genre | undefined,
    city: str('city'),
    province: str('province'),
    district: str('district'),
    publisher: str('publisher') ?? str('source'),
    author: str('author'),
    editor: str('editor'),
    originalTitle: str('originalTitle'),
    titleEn: str('title_en'),
    path: file,
  };
  const inferred = data.inferred;
  if (inferred !== undefined && inferred !== null) {
    if (!Array.isArray(inferred) || inferred.some((f) => typeof f !== 'string' || !INFERABLE.has(f)))
      throw new ReportError(file, 'bad-inferred', { allowed: [...INFERABLE].join(', ') });
    if (inferred.length) meta.inferred = inferred as string[];
  }
  if (titleSupplied) meta.titleSupplied = true;
  if (dateInferred) meta.dateInferred = true;
  for (const k of Object.keys(meta) as (keyof ReportMeta)[]) if (meta[k] === undefined) delete meta[k];
  return meta;
}

/** Parses a report's text; `file` is the path shown in messages and stored with the report. */
export function parseReport(file: string, text: string): Report {
  const warnings: Reason[] = [];
  const inferred: string[] = [];
  if (/\.md$/i.test(file)) {
    const { data, body } = frontMatterOf(file, text);
    if (!body.trim()) throw new ReportError(file, 'no-body');
    return { meta: validateMeta(file, data, warnings), body, inferred, warnings };
  }
  const firstLine =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  // A plain-text report states nothing about itself: its first line is taken as its title, its place is looked up.
  const meta: ReportMeta = { id: slugFromFile(file), title: firstLine.slice(0, 120), path: file };
  inferred.push(`title=${meta.title}`);
  const place = inferPlace(text);
  for (const k of ['province', 'city', 'district'] as const) {
    if (place[k]) {
      meta[k] = place[k];
      inferred.push(`${k}=${place[k]}`);
    }
  }
  meta.inferred = inferred.map((i) => i.slice(0, i.indexOf('=')));
  if (!place.city) warnings.push(coded('no-city-inferred'));
  return { meta, body: text, inferred, warnings };
}

export function readReport(file: string, displayPath = file): Report {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new ReportError(displayPath, 'unreadable', { detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
  }
  return parseReport(displayPath, decodeReport(displayPath, bytes));
}
