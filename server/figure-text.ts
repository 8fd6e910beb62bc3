// How a figure's value reads wherever it is shown — measure page, figures table, measures side by
// side: the qualifier where the text put it (约2亿, 5.4万余), a change as its two values, and the
// period as written with the time it covers (十年来（2012–2022，推定）), never the report's year.
import type { Figure, FigureSpan } from '../core/types';
import type { Lang } from './lang';

/** Qualifiers written before a number (corpus/taxonomy/figures.yml qualifiers_before); the others follow it. */
const BEFORE = /^(超过|超|近|约|逾)/u;

export function figureValueText(f: Pick<Figure, 'value' | 'qualifier' | 'from'>, lang: Lang): string {
  const n = (v: number) => v.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const before = f.qualifier?.match(BEFORE)?.[0] ?? '';
  const after = f.qualifier?.slice(before.length) ?? '';
  const value = `${before}${n(f.value)}${after}`;
  return f.from === undefined ? value : `${n(f.from)} → ${value}`;
}

/** The time a span covers, for a reader: 2021, 2012–2022, 2022-01–05, 2018-07–2019, 2022-05-31. */
export function spanRange(s: FigureSpan): string {
  if (s.from === s.to) return s.from;
  if (s.kind === 'months' && s.from.slice(0, 5) === s.to.slice(0, 5)) return `${s.from}–${s.to.slice(5)}`;
  return `${s.from}–${s.to}`;
}

const INFERRED = { zh: '推定', en: 'inferred' } as const;

/** When a figure refers to: the period as the text gives it, and the time it covers when that is known. */
export function figureWhen(f: Pick<Figure, 'period' | 'span'>, lang: Lang): string {
  if (!f.span) return f.period ?? '';
  const range = spanRange(f.span);
  const inside = [range, ...(f.span.inferred ? [INFERRED[lang]] : [])].join(lang === 'en' ? ', ' : '，');
  if (!f.period || f.period.replace(/年$/u, '') === range) return f.span.inferred ? `${range}（${INFERRED[lang]}）` : range;
  return lang === 'en' ? `${f.period} (${inside})` : `${f.period}（${inside}）`;
}

export interface FigureView extends Figure {
  valueText: string;
  when: string;
}

/** A figure as every page shows it. */
export function figureView(f: Figure, lang: Lang): FigureView {
  return { ...f, valueText: figureValueText(f, lang), when: figureWhen(f, lang) };
}
