// Loads the editable extraction data in corpus/taxonomy into typed, validated rules.
import path from 'node:path';
import {
  TaxonomyError,
  list,
  mapping,
  num,
  pattern,
  readAgencies,
  readDictionary,
  readPracticeAliases,
  readTaxonomyFile,
  readThemes,
  strings,
} from '../core/taxonomy';
import { figureRules, type FigureRules } from './extract/figure-rules';

export type { FigureRules };

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

/** A taxonomy file the rules cannot use (the taxonomy's own error: one reader checks every file). */
export { TaxonomyError as RulesError };

const load = readTaxonomyFile;

export function loadRules(dir: string): Rules {
  const { file: themes, themes: themeList } = readThemes(dir);
  const { file: agencies, agencies: agencyEntries } = readAgencies(dir);
  const practices = load(dir, 'practices.yml');
  const figures = load(dir, 'figures.yml');
  const outline = load(dir, 'outline.yml');
  const agencyList = agencyEntries.map((a) => ({ id: a.id, en: a.en, patterns: a.patterns.map((p) => pattern(p, `agencies.yml ${a.id}`)) }));
  const patterns = (k: string) => strings(outline[k], `outline.yml ${k}`).map((p) => pattern(p, `outline.yml ${k}`));
  return {
    dir,
    dictionaryPath: path.join(dir, 'dictionary.txt'),
    dictionaryWords: readDictionary(dir),
    themes: {
      minScore: num(themes.min_score, 2, 'themes.yml min_score'),
      relative: num(themes.relative, 0.34, 'themes.yml relative'),
      maxThemes: num(themes.max_themes, 3, 'themes.yml max_themes'),
      list: themeList,
    },
    agencies: {
      list: agencyList,
      backReferences: strings(agencies.back_references, 'agencies.yml back_references'),
      collective: strings(agencies.collective, 'agencies.yml collective'),
      notPlaces: strings(agencies.not_places, 'agencies.yml not_places'),
    },
    practices: {
      minLength: num(practices.min_length, 2, 'practices.yml min_length'),
      maxLength: num(practices.max_length, 16, 'practices.yml max_length'),
      markers: strings(practices.markers, 'practices.yml markers'),
      exclude: new Set(strings(practices.exclude, 'practices.yml exclude')),
      known: strings(practices.known, 'practices.yml known'),
      aliases: readPracticeAliases(practices),
    },
    figures: figureRules(figures, dir),
    outline: {
      boilerplate: patterns('boilerplate'),
      lineEndings: patterns('line_endings'),
      metaLines: list(outline.meta_lines, 'outline.yml meta_lines').map((entry, i) => {
        const m = mapping(entry, `outline.yml meta_lines #${i + 1}`);
        if (typeof m.field !== 'string') throw new TaxonomyError(`outline.yml meta_lines #${i + 1} needs a field`);
        return { field: m.field, pattern: pattern(m.pattern, `outline.yml meta_lines #${i + 1}`) };
      }),
      topicVerbs: strings(outline.topic_verbs, 'outline.yml topic_verbs'),
      topicIntroducers: strings(outline.topic_introducers, 'outline.yml topic_introducers'),
      qaMarkers: patterns('qa_markers'),
      speakerTitles: strings(outline.speaker_titles, 'outline.yml speaker_titles'),
    },
  };
}
