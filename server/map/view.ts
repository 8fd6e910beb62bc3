// What the comparison page's map shows: each city with results shaded by the matrix's current
// count (or share), a link to that city's search, a legend, the cities the map has no shape for,
// and the same numbers as a table.
import type { Lang } from '../lang';
import { messages } from '../i18n';
import type { ChinaMap } from './shapes';

/** One city's numbers for the map: its measures under the current search, and all its measures. */
export interface CityCount {
  city: string;
  province?: string;
  count: number;
  /** All the city's measures (of the kinds counted), whatever the query and filters. */
  all: number;
}

export type MapMode = 'count' | 'share';

export interface MapCityView {
  city: string;
  label: string;
  url: string;
  /** The link's accessible name: city, number, where it leads. */
  name: string;
  d: string;
  x: number;
  y: number;
  shade: number;
}

export interface MapView {
  width: number;
  height: number;
  borders: string;
  /** The islands' box, with where its label goes (above it, right-aligned). */
  inset: ChinaMap['inset'] & { labelX: number; labelY: number };
  title: string;
  note: string;
  cities: MapCityView[];
  legend: { shade: number; text: string }[];
  /** Cities with results that have no shape on the map (a county-level city, a new name). */
  missing: { label: string; url: string; text: string }[];
  /** Every city with results, for reading rather than looking. */
  table: { label: string; url: string; province: string; count: number; all: number; share: string; onMap: boolean }[];
}

export const SHADES = 6;

export function mapView(
  map: ChinaMap,
  counts: CityCount[],
  mode: MapMode,
  lang: Lang,
  link: (city: string) => string,
  cityLabel: (city: string) => string,
): MapView {
  const m = messages(lang);
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN', { style: 'percent', maximumFractionDigits: 0 });
  const shown = counts.filter((c) => c.count > 0);
  const value = (c: CityCount) => (mode === 'share' ? (c.all ? c.count / c.all : 0) : c.count);
  const max = Math.max(1e-9, ...shown.map(value));
  const shadeOf = (v: number) => Math.min(SHADES, Math.max(1, Math.ceil((v / max) * SHADES)));
  const text = (c: CityCount) => (mode === 'share' ? m.mapShareText(c.count, c.all, percent.format(value(c))) : m.chunksCount(c.count));
  const cities: MapCityView[] = [];
  const missing: MapView['missing'] = [];
  for (const c of shown) {
    const shape = map.cities.get(c.city);
    const label = cityLabel(c.city);
    if (!shape) missing.push({ label, url: link(c.city), text: text(c) });
    else cities.push({ city: c.city, label, url: link(c.city), name: m.mapCity(label, text(c)), d: shape.d, x: shape.x, y: shape.y, shade: shadeOf(value(c)) });
  }
  // Each shade stands for a sixth of the largest value: its upper bound is what the legend says.
  const bound = (k: number) => (mode === 'share' ? percent.format((max * k) / SHADES) : String(Math.ceil((max * k) / SHADES)));
  const steps = shown.length ? Array.from({ length: SHADES }, (_, i) => ({ shade: i + 1, text: `≤ ${bound(i + 1)}` })) : [];
  // With few distinct values several shades share a bound: the darkest of them is the one in use.
  const legend = steps.filter((e, i) => i === steps.length - 1 || steps[i + 1].text !== e.text);
  return {
    width: map.width,
    height: map.height,
    borders: map.borders,
    inset: { ...map.inset, labelX: map.inset.x + map.inset.width, labelY: map.inset.y - 4 },
    title: mode === 'share' ? m.mapTitleShare : m.mapTitle,
    note: mode === 'share' ? m.mapNoteShare : m.mapNote,
    cities,
    legend,
    missing,
    table: shown.map((c) => ({
      label: cityLabel(c.city),
      url: link(c.city),
      province: c.province ?? '',
      count: c.count,
      all: c.all,
      share: percent.format(c.all ? c.count / c.all : 0),
      onMap: map.cities.has(c.city),
    })),
  };
}
