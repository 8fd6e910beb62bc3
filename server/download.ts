// Downloads: every export is sent as an attachment whose file name says what it holds — the query
// and the filters of the search.
import type { Response } from 'express';
import type { Labels } from './labels';
import { filterFields } from '../core/fields';
import type { SearchState } from './url-state';
import type { Lang } from './lang';

const WHAT = {
  measures: { zh: '平安建设举措', en: 'pingan-measures' },
  figures: { zh: '平安建设数据', en: 'pingan-figures' },
  compare: { zh: '平安建设对比', en: 'pingan-compare' },
  'side-by-side': { zh: '平安建设并列对比', en: 'pingan-side-by-side' },
} as const;

const MAX_NAME = 120;

/** A download's name: `unicode` for browsers that read RFC 5987 names, `ascii` for the others. */
export interface FileName {
  ascii: string;
  unicode: string;
}

/** Marks a response as a download of `type` named `<name>.<ext>`. */
export function download(res: Response, type: string, name: FileName, ext: string): void {
  res.set('Content-Type', type);
  res.set('Content-Disposition', `attachment; filename="${name.ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name.unicode}.${ext}`)}`);
}

/**
 * How a download is written: each part as the reader's connection takes it, waiting while it is
 * full (or until it closes), so that a slow reader does not pile the whole download up in memory.
 */
export function downloadWriter(res: Response): (text: string) => Promise<void> {
  let waiting: (() => void) | null = null;
  const wake = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  // Once per download (a compressed response hands "drain" to its compressor).
  res.on('drain', wake);
  res.on('close', wake);
  return async (text) => {
    if (res.write(text) || res.destroyed) return;
    await new Promise<void>((resolve) => (waiting = resolve));
  };
}

/** `unicode` names the query and filter values (平安建设举措_调解_保山市_法院); `ascii` is the fallback for old browsers. */
export function exportName(state: Pick<SearchState, 'q' | 'filters'>, labels: Labels, lang: Lang, what: keyof typeof WHAT, extra: string[] = []): FileName {
  const parts: string[] = [];
  if (state.q.trim()) parts.push(state.q.trim());
  for (const f of filterFields())
    for (const v of state.filters[f] ?? []) parts.push(f === 'theme' || f === 'agency' || f === 'kind' ? labels.value(f, v, lang) : v);
  parts.push(...extra.filter(Boolean));
  // Characters that file systems refuse or that would end the header value.
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\p{Cc}\s]+/gu, '-').replace(/^-+|-+$/g, '');
  const unicode = [WHAT[what][lang], ...parts.map(clean).filter(Boolean)].join('_');
  const asciiParts = parts.map((p) => clean(p).replace(/[^A-Za-z0-9-]+/g, '')).filter(Boolean);
  return {
    unicode: Array.from(unicode).slice(0, MAX_NAME).join(''),
    ascii: [WHAT[what].en, ...asciiParts].join('_').slice(0, MAX_NAME),
  };
}
