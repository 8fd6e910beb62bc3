// How a figure's value reads wherever it is shown — measure page, figures table, measures side by
// side: the qualifier where the text put it (约2亿, 5.4万余), a change as its two values.
import type { Figure } from '../core/types';
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

/** When a figure refers to: the period the text gives, with its year when the period does not show it. */
function figureWhen(f: Pick<Figure, 'period' | 'year'>): string {
  if (!f.period) return f.year ? String(f.year) : '';
  return f.year && !f.period.includes(String(f.year)) ? `${f.period}（${f.year}）` : f.period;
}

export interface FigureView extends Figure {
  valueText: string;
  when: string;
}

/** A figure as every page shows it. */
export function figureView(f: Figure, lang: Lang): FigureView {
  return { ...f, valueText: figureValueText(f, lang), when: figureWhen(f) };
}
