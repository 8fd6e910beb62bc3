// The one reader of corpus/taxonomy: every file is parsed and checked here, and both the search side
// (labels, practice name variants, synonym groups: loadTaxonomy) and the indexer's extraction rules
// (indexer/rules.ts) are built from what these functions return. A file that says something we
// cannot use is refused with its name and the entry at fault.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export class TaxonomyError extends Error {}

/** One YAML file of the taxonomy as a mapping; a missing optional file reads as empty. */
export function readTaxonomyFile(dir: string, file: string, optional = false): Record<string, unknown> {
  const p = path.join(dir, file);
  if (optional && !fs.existsSync(p)) return {};
  try {
    return mapping(YAML.parse(fs.readFileSync(p, 'utf8')), 'the top level');
  } catch (err) {
    throw new TaxonomyError(`${p}: ${(err as Error).message}`);
  }
}

/** A list (missing: empty). */
export function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new TaxonomyError(`${where}: expected a list`);
  return v;
}

/** A list of words or patterns, each written as text or a number (missing: empty). */
export function strings(v: unknown, where: string): string[] {
  return list(v, where).map((x, i) => {
    if (typeof x !== 'string' && typeof x !== 'number') throw new TaxonomyError(`${where} #${i + 1}: expected text`);
    return String(x);
  });
}

/** A mapping (missing: empty). */
export function mapping(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new TaxonomyError(`${where}: expected a mapping`);
  return v as Record<string, unknown>;
}

/** A mapping of text to text (missing: empty). */
export function textMapping(v: unknown, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(mapping(v, where))) {
    if (typeof x !== 'string' && typeof x !== 'number') throw new TaxonomyError(`${where} "${k}": expected text`);
    out[k] = String(x);
  }
  return out;
}

/** A JavaScript regular expression written as text (Unicode mode). */
export function pattern(src: unknown, where: string): RegExp {
  if (typeof src !== 'string') throw new TaxonomyError(`${where}: a pattern must be text`);
  try {
    return new RegExp(src, 'u');
  } catch (err) {
    throw new TaxonomyError(`${where}: bad pattern ${JSON.stringify(src)}: ${(err as Error).message}`);
  }
}

/** A number, or the fallback when the entry is missing. */
export function num(v: unknown, fallback: number, where: string): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TaxonomyError(`${where}: expected a number`);
  return v;
}

export interface Label {
  id: string;
  zh: string;
  en: string;
}

export interface ThemeEntry extends Label {
  /** Words that tag a chunk with the theme, with their weights. */
  keywords: Record<string, number>;
}

export interface AgencyEntry extends Label {
  /** Patterns (JavaScript regular expressions) that name the agency in a report. */
  patterns: string[];
}

/** themes.yml: each theme with its id, labels and weighted keywords. */
export function readThemes(dir: string): { file: Record<string, unknown>; themes: ThemeEntry[] } {
  const file = readTaxonomyFile(dir, 'themes.yml');
  const themes = list(file.themes, 'themes.yml themes').map((t, i) => {
    const where = `themes.yml: theme #${i + 1}`;
    const { id, zh, en, keywords } = mapping(t, where);
    if (typeof id !== 'string' || typeof zh !== 'string' || typeof en !== 'string') throw new TaxonomyError(`${where} needs id, zh and en`);
    const weights: Record<string, number> = {};
    for (const [word, w] of Object.entries(mapping(keywords, `${where} keywords`))) weights[word] = num(w, 1, `${where} keyword ${word}`);
    return { id, zh, en, keywords: weights };
  });
  return { file, themes };
}

/** agencies.yml: each agency with its id (its Chinese name), English label and patterns. */
export function readAgencies(dir: string): { file: Record<string, unknown>; agencies: AgencyEntry[] } {
  const file = readTaxonomyFile(dir, 'agencies.yml');
  const agencies = list(file.agencies, 'agencies.yml agencies').map((a, i) => {
    const where = `agencies.yml: agency #${i + 1}`;
    const { id, en, patterns } = mapping(a, where);
    if (typeof id !== 'string' || !id) throw new TaxonomyError(`${where} needs an id`);
    const list = strings(patterns, `${where} patterns`);
    list.forEach((p) => pattern(p, `agencies.yml ${id}`));
    return { id, zh: id, en: typeof en === 'string' ? en : id, patterns: list };
  });
  return { file, agencies };
}

/** practices.yml's aliases: spelling variants of practice names → the canonical name. */
export function readPracticeAliases(practices: Record<string, unknown>): Record<string, string> {
  return textMapping(practices.aliases, 'practices.yml aliases');
}

export interface Taxonomy {
  themes: Label[];
  agencies: Label[];
  /** Spelling variants of practice names: variant → canonical name. */
  practiceAliases: Map<string, string>;
  /** Groups of words the domain treats as one idea; a query word holding one also looks for the others. */
  synonyms: string[][];
  /** English names of named practices (names.yml): 枫桥经验 → Fengqiao Experience. */
  practiceNames: Map<string, string>;
  /** The domain's words: the dictionary, theme keywords, practice names and variants, synonyms (for suggesting a word a query missed). */
  vocabulary: string[];
}

export const EMPTY_TAXONOMY: Taxonomy = { themes: [], agencies: [], practiceAliases: new Map(), synonyms: [], practiceNames: new Map(), vocabulary: [] };

/** The words of the segmenter's user dictionary (dictionary.txt: the first column of each line). */
export function readDictionary(dir: string): string[] {
  const file = path.join(dir, 'dictionary.txt');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
}

export function loadTaxonomy(dir: string): Taxonomy {
  const synonyms = list(readTaxonomyFile(dir, 'synonyms.yml', true).groups, 'synonyms.yml groups').map((g, i) => {
    const words = strings(g, `synonyms.yml group #${i + 1}`)
      .map((w) => w.trim())
      .filter(Boolean);
    if (words.length < 2) throw new TaxonomyError(`synonyms.yml: group #${i + 1} needs two or more words`);
    return [...new Set(words)];
  });
  const themes = readThemes(dir).themes;
  const agencies = readAgencies(dir).agencies;
  const practices = readTaxonomyFile(dir, 'practices.yml');
  const aliases = readPracticeAliases(practices);
  const vocabulary = [
    ...readDictionary(dir),
    ...themes.flatMap((t) => [t.zh, ...Object.keys(t.keywords)]),
    ...agencies.map((a) => a.id),
    ...strings(practices.known, 'practices.yml known'),
    ...Object.keys(aliases),
    ...Object.values(aliases),
    ...synonyms.flat(),
  ];
  return {
    themes: themes.map(({ id, zh, en }) => ({ id, zh, en })),
    agencies: agencies.map(({ id, zh, en }) => ({ id, zh, en })),
    practiceAliases: new Map(Object.entries(aliases)),
    synonyms,
    practiceNames: new Map(Object.entries(textMapping(readTaxonomyFile(dir, 'names.yml', true).practices, 'names.yml practices'))),
    vocabulary: [...new Set(vocabulary)],
  };
}
