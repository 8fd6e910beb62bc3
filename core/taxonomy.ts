// The taxonomy in corpus/taxonomy as the search side and the web pages read it: theme and agency
// labels, practice name variants and synonym groups. The indexer reads the same files through
// readTaxonomyFile for its extraction rules.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export class TaxonomyError extends Error {}

/** One YAML file of the taxonomy as a mapping; a missing optional file reads as empty. */
export function readTaxonomyFile(dir: string, file: string, optional = false): Record<string, unknown> {
  const p = path.join(dir, file);
  if (optional && !fs.existsSync(p)) return {};
  try {
    const data = YAML.parse(fs.readFileSync(p, 'utf8')) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected a mapping at the top level');
    return data as Record<string, unknown>;
  } catch (err) {
    throw new TaxonomyError(`${p}: ${(err as Error).message}`);
  }
}

export interface Label {
  id: string;
  zh: string;
  en: string;
}

export interface Taxonomy {
  themes: Label[];
  agencies: Label[];
  /** Spelling variants of practice names: variant → canonical name. */
  practiceAliases: Map<string, string>;
  /** Groups of words the domain treats as one idea; a query word holding one also looks for the others. */
  synonyms: string[][];
}

export const EMPTY_TAXONOMY: Taxonomy = { themes: [], agencies: [], practiceAliases: new Map(), synonyms: [] };

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new TaxonomyError(`${where}: expected a list`);
  return v;
}

export function loadTaxonomy(dir: string): Taxonomy {
  const themes = list(readTaxonomyFile(dir, 'themes.yml').themes, 'themes.yml themes').map((t, i) => {
    const { id, zh, en } = (t ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof zh !== 'string' || typeof en !== 'string') throw new TaxonomyError(`themes.yml: theme #${i + 1} needs id, zh and en`);
    return { id, zh, en };
  });
  const agencies = list(readTaxonomyFile(dir, 'agencies.yml').agencies, 'agencies.yml agencies').map((a, i) => {
    const { id, en } = (a ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string') throw new TaxonomyError(`agencies.yml: agency #${i + 1} needs an id`);
    return { id, zh: id, en: typeof en === 'string' ? en : id };
  });
  const aliases = readTaxonomyFile(dir, 'practices.yml').aliases ?? {};
  if (typeof aliases !== 'object' || Array.isArray(aliases)) throw new TaxonomyError('practices.yml aliases: expected a mapping');
  const synonyms = list(readTaxonomyFile(dir, 'synonyms.yml', true).groups, 'synonyms.yml groups').map((g, i) => {
    const words = list(g, `synonyms.yml group #${i + 1}`)
      .map((w) => String(w).trim())
      .filter(Boolean);
    if (words.length < 2) throw new TaxonomyError(`synonyms.yml: group #${i + 1} needs two or more words`);
    return [...new Set(words)];
  });
  return {
    themes,
    agencies,
    practiceAliases: new Map(Object.entries(aliases as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    synonyms,
  };
}
