// Loads the editable extraction data in corpus/taxonomy into typed, validated rules.
import fs from 'node:fs';
import path from 'node:path';
import { readTaxonomyFile } from '../core/taxonomy';

export interface ThemeRule {
  id: string;
  zh: string;
  en: string;
  keywords: Record<string, number>;
}

export interface AgencyRule {
  id: string;
  en: string;
  patterns: RegExp[];
}

export interface Rules {
  dir: string;
  dictionaryPath: string;
  /** The words of the jieba user dictionary (first column of each line). */
  dictionaryWords: string[];
  themes: { minScore: number; relative: number; maxThemes: number; list: ThemeRule[] };
  agencies: { list: AgencyRule[]; backReferences: string[]; collective: string[]; notPlaces: string[] };
  practices: { minLength: number; maxLength: number; markers: string[]; exclude: Set<string>; known: string[]; aliases: Record<string, string> };
  figures: FigureRules;
  outline: {
    boilerplate: RegExp[];
    lineEndings: RegExp[];
    metaLines: { field: string; pattern: RegExp }[];
    topicVerbs: string[];
    topicIntroducers: string[];
    qaMarkers: RegExp[];
    speakerTitles: string[];
  };
}

export class RulesError extends Error {}

function load(dir: string, file: string): Record<string, unknown> {
  try {
    return readTaxonomyFile(dir, file);
  } catch (err) {
    throw new RulesError((err as Error).message);
  }
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RulesError(`${where}: expected a list`);
  return v.map((x) => String(x));
}

function regex(src: string, where: string): RegExp {
  try {
    return new RegExp(src, 'u');
  } catch (err) {
    throw new RulesError(`${where}: bad pattern ${JSON.stringify(src)}: ${(err as Error).message}`);
  }
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function readDictionaryWords(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
}

export interface FigureRules {
  units: string[];
  skipUnits: string[];
  qualifiersBefore: string[];
  qualifiersAfter: string[];
  actionVerbs: string[];
  changeVerbs: string[];
  changeFrom: string[];
  changeTo: string[];
  labelStops: string[];
  copulas: string[];
  predicateVerbs: string[];
  actionGaps: string[];
  keepWithNoun: string[];
  afterActions: { pattern: RegExp; action: string }[];
  shortLabels: string[];
  periods: { pattern: RegExp; year: number | 'this' | 'last' }[];
  groups: Record<string, string>;
}

function figureRules(figures: Record<string, unknown>): FigureRules {
  const list = (k: string) => strings(figures[k], `figures.yml ${k}`);
  const periods = ((figures.periods as { pattern: string; year: unknown }[] | undefined) ?? []).map((p, i) => {
    if (p.year !== 'this' && p.year !== 'last' && !(typeof p.year === 'number' && p.year >= 1))
      throw new RulesError(`figures.yml periods #${i + 1}: year must be a group number, this or last`);
    return { pattern: regex(p.pattern, 'figures.yml periods'), year: p.year as number | 'this' | 'last' };
  });
  return {
    units: list('units'),
    skipUnits: list('skip_units'),
    qualifiersBefore: list('qualifiers_before'),
    qualifiersAfter: list('qualifiers_after'),
    actionVerbs: list('action_verbs'),
    changeVerbs: list('change_verbs'),
    changeFrom: list('change_from'),
    changeTo: list('change_to'),
    labelStops: list('label_stops'),
    copulas: list('copulas'),
    predicateVerbs: list('predicate_verbs'),
    actionGaps: list('action_gaps'),
    keepWithNoun: list('keep_with_noun'),
    afterActions: ((figures.after_actions as { pattern: string; action: string }[] | undefined) ?? []).map((a) => ({
      pattern: regex(a.pattern, 'figures.yml after_actions'),
      action: String(a.action),
    })),
    shortLabels: list('short_labels'),
    periods,
    groups: (figures.groups as Record<string, string>) ?? {},
  };
}

export function loadRules(dir: string): Rules {
  const themes = load(dir, 'themes.yml');
  const agencies = load(dir, 'agencies.yml');
  const practices = load(dir, 'practices.yml');
  const figures = load(dir, 'figures.yml');
  const outline = load(dir, 'outline.yml');
  const themeList = (themes.themes as ThemeRule[] | undefined) ?? [];
  themeList.forEach((t, i) => {
    if (!t.id || !t.zh || !t.en || typeof t.keywords !== 'object') throw new RulesError(`themes.yml: theme #${i + 1} needs id, zh, en and keywords`);
  });
  const agencyList = ((agencies.agencies as { id: string; en: string; patterns: string[] }[] | undefined) ?? []).map((a, i) => {
    if (!a.id || !Array.isArray(a.patterns)) throw new RulesError(`agencies.yml: agency #${i + 1} needs id and patterns`);
    return { id: a.id, en: a.en ?? a.id, patterns: a.patterns.map((p) => regex(p, `agencies.yml ${a.id}`)) };
  });
  return {
    dir,
    dictionaryPath: path.join(dir, 'dictionary.txt'),
    dictionaryWords: readDictionaryWords(path.join(dir, 'dictionary.txt')),
    themes: { minScore: num(themes.min_score, 2), relative: num(themes.relative, 0.34), maxThemes: num(themes.max_themes, 3), list: themeList },
    agencies: {
      list: agencyList,
      backReferences: strings(agencies.back_references, 'agencies.yml back_references'),
      collective: strings(agencies.collective, 'agencies.yml collective'),
      notPlaces: strings(agencies.not_places, 'agencies.yml not_places'),
    },
    practices: {
      minLength: num(practices.min_length, 2),
      maxLength: num(practices.max_length, 16),
      markers: strings(practices.markers, 'practices.yml markers'),
      exclude: new Set(strings(practices.exclude, 'practices.yml exclude')),
      known: strings(practices.known, 'practices.yml known'),
      aliases: (practices.aliases as Record<string, string>) ?? {},
    },
    figures: figureRules(figures),
    outline: {
      boilerplate: strings(outline.boilerplate, 'outline.yml boilerplate').map((p) => regex(p, 'outline.yml boilerplate')),
      lineEndings: strings(outline.line_endings, 'outline.yml line_endings').map((p) => regex(p, 'outline.yml line_endings')),
      metaLines: ((outline.meta_lines as { field: string; pattern: string }[]) ?? []).map((m) => ({
        field: m.field,
        pattern: regex(m.pattern, 'outline.yml meta_lines'),
      })),
      topicVerbs: strings(outline.topic_verbs, 'outline.yml topic_verbs'),
      topicIntroducers: strings(outline.topic_introducers, 'outline.yml topic_introducers'),
      qaMarkers: strings(outline.qa_markers, 'outline.yml qa_markers').map((p) => regex(p, 'outline.yml qa_markers')),
      speakerTitles: strings(outline.speaker_titles, 'outline.yml speaker_titles'),
    },
  };
}
