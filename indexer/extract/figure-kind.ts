// What a figure measures (its kind), the time it covers (its span) and the label group it
// compares in, by the rules of corpus/taxonomy/figures.yml and figure-groups.yml.
import type { Figure, FigureKind, FigureSpan } from '../../core/types';
import type { FigureRules, SpanRule } from './figure-rules';

const HAN: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 10, 十, 二十, 三: a small number written either way. */
function smallNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1 && s in HAN) return HAN[s];
  const [tens, ones] = s.split('十');
  return (tens ? (HAN[tens] ?? 0) : 1) * 10 + (ones ? (HAN[ones] ?? 0) : 0);
}

const pad = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);

/** Fills one span template ({g1}, {g3|g2}, {this-10}, {last}) from a match and the report's year. */
function fill(template: string, m: RegExpMatchArray, reportYear: number | undefined): string | null {
  let failed = false;
  const out = template.replace(/\{([^}]+)\}/gu, (_, expr: string) => {
    if (expr.startsWith('this') || expr === 'last') {
      if (!reportYear) return ((failed = true), '');
      if (expr === 'last') return String(reportYear - 1);
      const minus = expr.slice(5);
      if (!minus) return String(reportYear);
      const n = minus.startsWith('g') ? smallNumber(m[Number(minus.slice(1))] ?? '') : Number(minus);
      return Number.isFinite(n) ? String(reportYear - n) : ((failed = true), '');
    }
    const value = expr
      .split('|')
      .map((g) => m[Number(g.slice(1))])
      .find((v) => v !== undefined && v !== '');
    return value === undefined ? ((failed = true), '') : pad(value);
  });
  return failed ? null : out;
}

/** The span a period match stands for, marked inferred when the report's date was needed. */
export function spanOf(rule: SpanRule | undefined, m: RegExpMatchArray, reportYear: number | undefined): FigureSpan | undefined {
  if (!rule) return undefined;
  const from = fill(rule.from, m, reportYear);
  const to = fill(rule.to, m, reportYear);
  if (!from || !to) return undefined;
  const span: FigureSpan = { kind: rule.kind, from, to };
  if (/\{(this|last)/u.test(rule.from + rule.to)) span.inferred = true;
  return span;
}

/** The kind of a figure: the first rule of figures.yml kinds that fits it. */
export function kindOf(f: Pick<Figure, 'label' | 'unit' | 'from'>, before: string, rules: FigureRules): FigureKind {
  for (const r of rules.kinds) {
    if (r.units && !r.units.includes(f.unit)) continue;
    if (r.label && !r.label.test(f.label)) continue;
    if (r.before && !r.before.test(before)) continue;
    if (r.noFrom && f.from !== undefined) continue;
    return r.kind;
  }
  return 'count';
}

/** The label group of a figure: the first group of figure-groups.yml whose patterns fit it. */
export function groupOf(f: Pick<Figure, 'label' | 'unit' | 'kind'>, rules: FigureRules): string | undefined {
  for (const g of rules.groups) {
    if (g.kinds && f.kind && !g.kinds.includes(f.kind)) continue;
    if (g.units && !g.units.includes(f.unit)) continue;
    if (g.match.some((p) => p.test(f.label)) && !g.except.some((p) => p.test(f.label))) return g.group;
  }
  return undefined;
}
