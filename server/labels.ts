// Facet value labels from the taxonomy: themes have zh and en labels, agencies an en label.
import { loadTaxonomy, type Taxonomy } from '../core/taxonomy';
import type { FilterField } from '../core/types';
import { field } from '../core/fields';
import type { Lang } from './lang';
import { kindLabel } from './i18n';

export interface Labels {
  value(field: FilterField, value: string, lang: Lang): string;
  /** The taxonomy the labels come from. */
  taxonomy: Taxonomy;
}

/** A field's name for readers (facet titles, chips, CSV headers). */
export function fieldLabel(key: string, lang: Lang): string {
  return field(key)?.label[lang] ?? key;
}

export function loadLabels(taxonomyDir: string): Labels {
  const taxonomy = loadTaxonomy(taxonomyDir);
  const themes = new Map(taxonomy.themes.map((t) => [t.id, { zh: t.zh, en: t.en }]));
  const agencies = new Map(taxonomy.agencies.map((a) => [a.id, { zh: a.zh, en: a.en }]));
  return {
    taxonomy,
    value(field, value, lang) {
      if (field === 'theme') return themes.get(value)?.[lang] ?? value;
      if (field === 'agency') return agencies.get(value)?.[lang] ?? value;
      if (field === 'kind') return kindLabel(lang, value);
      return value;
    },
  };
}
