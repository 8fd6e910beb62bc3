// What a comparison of cities stands on: per city, the reports behind its counts — their genre, year,
// the districts they cover and their size — so that a reader sees 昆明市 is one district's press
// conference before comparing it with another city's ten-year review.
import type { DocMeta, SearchBackend } from '../../core/types';
import type { Lang } from '../lang';
import { genreLabel, messages } from '../i18n';
import { langQuery } from '../lang';

export interface CityCoverage {
  city: string;
  /** The districts its reports are about; empty when a report covers the whole city. */
  districts: string[];
  reports: { id: string; title: string; genre?: string; year?: string; district?: string; chunks: number }[];
}

export async function coverageOf(backend: SearchBackend, cities: string[]): Promise<CityCoverage[]> {
  const docs = await backend.listDocs();
  return cities.map((city) => {
    const mine = docs.filter((d: DocMeta) => d.city === city);
    const wholeCity = mine.some((d) => !d.district);
    return {
      city,
      districts: wholeCity ? [] : [...new Set(mine.flatMap((d) => (d.district ? [d.district] : [])))],
      reports: mine.map((d) => ({
        id: d.id,
        title: d.title,
        ...(d.genre ? { genre: d.genre } : {}),
        ...(d.published ? { year: d.published.slice(0, 4) } : {}),
        ...(d.district ? { district: d.district } : {}),
        chunks: d.chunkCount,
      })),
    };
  });
}

/** A city row's name with what it stands for: 昆明市 · 官渡区 when its reports are about one district. */
export function cityRowLabel(label: string, c: CityCoverage | undefined): string {
  return c?.districts.length ? `${label} · ${c.districts.join('、')}` : label;
}

/** One line per city: 官渡区 · 新闻发布会 2022 · 42 条. */
export function coverageText(c: CityCoverage, lang: Lang): string {
  const m = messages(lang);
  return c.reports
    .map((r) => [r.district, [genreLabel(lang, r.genre), r.year].filter(Boolean).join(' '), m.chunksCount(r.chunks)].filter(Boolean).join(' · '))
    .join('; ');
}

export interface CoverageView {
  city: string;
  label: string;
  reports: { title: string; url: string; text: string }[];
}

export function coverageView(list: CityCoverage[], lang: Lang, cityLabel: (v: string) => string): CoverageView[] {
  const m = messages(lang);
  return list.map((c) => ({
    city: c.city,
    label: cityRowLabel(cityLabel(c.city), c),
    reports: c.reports.map((r) => ({
      title: r.title,
      url: `/docs/${encodeURIComponent(r.id)}${langQuery(lang)}`,
      text: [r.district ?? m.wholeCity, [genreLabel(lang, r.genre), r.year].filter(Boolean).join(' '), m.chunksCount(r.chunks)].filter(Boolean).join(' · '),
    })),
  }));
}
