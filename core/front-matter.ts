// The report file's front matter: YAML between two "---" lines above the text as published, with
// `# field: from …` comment lines saying where inferred fields came from. Read, written and edited
// here only, by kb add, the indexer and the admin pages alike.
import YAML from 'yaml';
import { englishReason } from './report-errors';

/** A front-matter block that does not read: the code of why (core/report-errors.ts), and its detail. */
export class FrontMatterError extends Error {
  constructor(
    readonly code: 'front-matter-missing' | 'front-matter-yaml' | 'front-matter-not-mapping',
    readonly detail = '',
  ) {
    super(englishReason(code, { detail }));
  }
}

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

const BLOCK = /^---\n([\s\S]*?)\n---(?:\n|$)/;

/** True when the text opens with a front-matter block. */
export function hasFrontMatter(text: string): boolean {
  return /^---\n/.test(text);
}

/** The fields and the text below them; a text without a valid block is refused with why. */
export function parseFrontMatter(text: string): FrontMatter {
  const m = BLOCK.exec(text);
  if (!m) throw new FrontMatterError('front-matter-missing');
  let data: unknown;
  try {
    data = YAML.parse(m[1]);
  } catch (err) {
    throw new FrontMatterError('front-matter-yaml', (err as Error).message.split('\n')[0]);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new FrontMatterError('front-matter-not-mapping');
  return { data: data as Record<string, unknown>, body: text.slice(m[0].length) };
}

/** A report file: the fields, a comment line for each note, and the text. */
export function writeFrontMatter(data: Record<string, unknown>, body: string, notes: string[] = []): string {
  const yaml = YAML.stringify(data, { lineWidth: 0 }).trimEnd();
  const comments = notes.map((n) => `# ${n.replace(/\n/g, ' ')}\n`).join('');
  return `---\n${yaml}\n${comments}---\n${body}`;
}

/** The same report file with its fields changed by `edit`; the text below stays byte for byte. */
export function editFrontMatter(text: string, edit: (data: Record<string, unknown>) => Record<string, unknown>, notes: string[] = []): string {
  const { data, body } = parseFrontMatter(text);
  return writeFrontMatter(edit({ ...data }), body, notes);
}
