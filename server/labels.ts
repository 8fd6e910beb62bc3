// Facet value labels from the taxonomy: themes have zh and en labels, agencies an en label; on
// English pages places carry their pinyin (保山市 Baoshan) and practices their English name or pinyin.
import { loadTaxonomy, type Taxonomy } from '../core/taxonomy';
import type { FilterField } from '../core/types';
import { field } from '../core/fields';
import type { Lang } from './lang';
import { kindLabel } from './i18n';
import { syllables } from '../core/pinyin';

export interface Labels {
  value(field: FilterField, value: string, lang: Lang): string;
  /** A place's or practice's name in Latin letters (Baoshan, Fengqiao Experience), or null. */
  romanised(field: FilterField, value: string): string | null;
  /** The taxonomy the labels come from. */
  taxonomy: Taxonomy;
}

const PLACES = new Set(['city', 'province', 'district']);
/** The administrative level a place name ends with, left out of its romanised form (保山市 Baoshan). */
const ADMIN_SUFFIX = /(?:市|省|区|县|自治州|州|盟|旗)$/u;
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A field's name for readers (facet titles, chips, CSV headers). */
export function fieldLabel(key: string, lang: Lang): string {
  return field(key)?.label[lang] ?? key;
}

export function loadLabels(taxonomyDir: string): Labels {
  const taxonomy = loadTaxonomy(taxonomyDir);
  const themes = new Map(taxonomy.themes.map((t) => [t.id, { zh: t.zh, en: t.en }]));
  const agencies = new Map(taxonomy.agencies.map((a) => [a.id, { zh: a.zh, en: a.en }]));
  const romanised = (field: FilterField, value: string): string | null => {
    if (PLACES.has(field)) return capitalised(syllables(value.replace(ADMIN_SUFFIX, '')).join('')) || null;
    if (field === 'practice') return taxonomy.practiceNames.get(value) ?? (capitalised(syllables(value).join(' ')) || null);
    return null;
  };
  return {
    taxonomy,
    romanised,
    value(field, value, lang) {
      if (field === 'theme') return themes.get(value)?.[lang] ?? value;
      if (field === 'agency') return agencies.get(value)?.[lang] ?? value;
      if (field === 'kind') return kindLabel(lang, value);
      const latin = lang === 'en' ? romanised(field, value) : null;
      return latin ? `${value} ${latin}` : value;
    },
  };
}
