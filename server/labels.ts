// Facet value labels from the taxonomy: themes have zh and en labels, agencies an en label.
import { loadRules } from '../indexer/rules';
import type { FilterField } from '../search/types';
import type { Lang } from './url-state';
import { kindLabel } from './i18n';

export interface Labels {
  value(field: FilterField, value: string, lang: Lang): string;
}

export function loadLabels(taxonomyDir: string): Labels {
  const rules = loadRules(taxonomyDir);
  const themes = new Map(rules.themes.list.map((t) => [t.id, { zh: t.zh, en: t.en }]));
  const agencies = new Map(rules.agencies.list.map((a) => [a.id, { zh: a.id, en: a.en }]));
  return {
    value(field, value, lang) {
      if (field === 'theme') return themes.get(value)?.[lang] ?? value;
      if (field === 'agency') return agencies.get(value)?.[lang] ?? value;
      if (field === 'kind') return kindLabel(lang, value);
      return value;
    },
  };
}
