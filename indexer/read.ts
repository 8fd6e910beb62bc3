// Reads one report file: Markdown with YAML front matter, or plain text whose metadata is inferred.
import fs from 'node:fs';
import { REPORT_ID, slugFromFile } from '../core/ids';
import { FrontMatterError, parseFrontMatter, type FrontMatter } from '../core/front-matter';
import type { DocMeta, Genre } from '../core/types';
import { GENRES } from '../core/types';
import { inferPlace } from './gazetteer';

export type ReportMeta = Omit<DocMeta, 'chunkCount'>;

export interface Report {
  meta: ReportMeta;
  body: string;
  /** Metadata fields that were guessed from the text rather than stated. */
  inferred: string[];
  warnings: string[];
}

export class ReportError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
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
  if (bytes.length === 0) throw new ReportError(file, 'the file is empty');
  if (bytes.length > MAX_REPORT_BYTES) throw new ReportError(file, `the file is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB`);
  if (bytes.includes(0)) throw new ReportError(file, 'the file is binary (it contains NUL bytes), not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReportError(file, 'the file is not valid UTF-8 text');
  }
  text = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new ReportError(file, 'the file has no text');
  return text;
}

function frontMatterOf(file: string, text: string): FrontMatter {
  try {
    return parseFrontMatter(text);
  } catch (err) {
    if (err instanceof FrontMatterError) throw new ReportError(file, err.message);
    throw err;
  }
}

function validateMeta(file: string, data: Record<string, unknown>, warnings: string[]): ReportMeta {
  const str = (k: string): string | undefined => {
    const v = data[k];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' && typeof v !== 'number' && !(v instanceof Date)) throw new ReportError(file, `front matter field "${k}" must be text`);
    return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
  };
  const id = str('id');
  const title = str('title');
  if (!id) throw new ReportError(file, 'front matter field "id" is missing');
  if (!REPORT_ID.test(id)) throw new ReportError(file, `front matter "id" must be lower-case letters, digits and hyphens (got ${JSON.stringify(id)})`);
  if (!title) throw new ReportError(file, 'front matter field "title" is missing');
  const published = str('published');
  if (published && !DATE.test(published))
    throw new ReportError(file, `front matter "published" must be YYYY, YYYY-MM or YYYY-MM-DD (got ${JSON.stringify(published)})`);
  const genre = str('genre');
  if (genre && !GENRES.includes(genre as Genre))
    throw new ReportError(file, `front matter "genre" must be one of ${GENRES.join(', ')} (got ${JSON.stringify(genre)})`);
  const url = str('url');
  if (url && !/^https?:\/\//.test(url)) throw new ReportError(file, 'front matter "url" must start with http:// or https://');
  const flag = (k: string): boolean | undefined => {
    const v = data[k];
    if (v === undefined || v === null || v === false) return undefined;
    if (v !== true) throw new ReportError(file, `front matter field "${k}" must be true or false (got ${JSON.stringify(v)})`);
    return true;
  };
  const titleSupplied = flag('titleSupplied');
  const dateInferred = flag('dateInferred');
  if (dateInferred && !published) throw new ReportError(file, 'front matter "dateInferred" is set but there is no "published" date');
  for (const k of Object.keys(data)) if (!KNOWN_FIELDS.has(k)) warnings.push(`unknown front matter field "${k}" ignored`);
  // "source" is the older name of "publisher".
  if (data.source !== undefined && data.publisher !== undefined)
    warnings.push('front matter has both "publisher" and its older name "source"; "source" ignored');
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
      throw new ReportError(file, `front matter "inferred" must be a list of field names from ${[...INFERABLE].join(', ')}`);
    if (inferred.length) meta.inferred = inferred as string[];
  }
  if (titleSupplied) meta.titleSupplied = true;
  if (dateInferred) meta.dateInferred = true;
  for (const k of Object.keys(meta) as (keyof ReportMeta)[]) if (meta[k] === undefined) delete meta[k];
  return meta;
}

/** Parses a report's text; `file` is the path shown in messages and stored with the report. */
export function parseReport(file: string, text: string): Report {
  const warnings: string[] = [];
  const inferred: string[] = [];
  if (/\.md$/i.test(file)) {
    const { data, body } = frontMatterOf(file, text);
    if (!body.trim()) throw new ReportError(file, 'the report has front matter but no text');
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
  if (!place.city) warnings.push('no city could be inferred from the text; add front matter to set it');
  return { meta, body: text, inferred, warnings };
}

export function readReport(file: string, displayPath = file): Report {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new ReportError(displayPath, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseReport(displayPath, decodeReport(displayPath, bytes));
}
