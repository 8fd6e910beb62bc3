// The rules of figure extraction, read from corpus/taxonomy/figures.yml (units, verbs, periods,
// kinds) and corpus/taxonomy/figure-groups.yml (which labels measure the same thing).
import { FIGURE_KINDS, type FigureKind, type FigureSpan } from '../../core/types';
import { TaxonomyError, list, mapping, pattern, readTaxonomyFile, strings } from '../../core/taxonomy';

/** How a period pattern resolves to a span: templates over the match's groups and the report's year. */
export interface SpanRule {
  kind: FigureSpan['kind'];
  from: string;
  to: string;
}

export interface KindRule {
  kind: FigureKind;
  units?: string[];
  /** Tested on the figure's label. */
  label?: RegExp;
  /** Tested on the text just before the number (比…下降). */
  before?: RegExp;
  /** Only figures that are not written as a change from one value to another. */
  noFrom?: boolean;
}

export interface GroupRule {
  group: string;
  /** Tested on the label; any one matching puts the figure in the group. */
  match: RegExp[];
  /** Labels that match but are not the group's. */
  except: RegExp[];
  kinds?: FigureKind[];
  units?: string[];
}

export interface FigureRules {
  units: string[];
  skipUnits: string[];
  qualifiersBefore: string[];
  qualifiersAfter: string[];
  actionVerbs: string[];
  changeVerbs: string[];
  changeFrom: string[];
  changeTo: string[];
  labelStops: string[];
  copulas: string[];
  predicateVerbs: string[];
  relativeVerbs: string[];
  relativeNouns: string[];
  perWords: string[];
  nounWords: string[];
  actionGaps: string[];
  keepWithNoun: string[];
  afterActions: { pattern: RegExp; action: string }[];
  shortLabels: string[];
  periods: { pattern: RegExp; year: number | 'this' | 'last'; sentence: boolean; span?: SpanRule }[];
  kinds: KindRule[];
  groups: GroupRule[];
}

const SPAN_KINDS = ['year', 'range', 'months', 'date'] as const;
/** {g1}, {g3|g2}, {this}, {this-10}, {this-g1}, {last}, literal text between. */
const TEMPLATE = /^(?:[^{}]|\{(?:g\d(?:\|g\d)?|this(?:-(?:\d+|g\d))?|last)\})+$/u;

function kindList(v: unknown, where: string): FigureKind[] | undefined {
  if (v === undefined) return undefined;
  const out = strings(v, where);
  for (const k of out) if (!(FIGURE_KINDS as readonly string[]).includes(k)) throw new TaxonomyError(`${where}: ${k} is not one of ${FIGURE_KINDS.join(', ')}`);
  return out as FigureKind[];
}

function spanRule(v: unknown, where: string): SpanRule | undefined {
  if (v === undefined) return undefined;
  const s = mapping(v, where);
  if (!(SPAN_KINDS as readonly unknown[]).includes(s.kind)) throw new TaxonomyError(`${where}: kind must be one of ${SPAN_KINDS.join(', ')}`);
  const from = String(s.from ?? '');
  const to = String(s.to ?? from);
  for (const t of [from, to]) if (!TEMPLATE.test(t)) throw new TaxonomyError(`${where}: "${t}" is not a span template ({g1}, {this}, {this-10}, {last} …)`);
  return { kind: s.kind as SpanRule['kind'], from, to };
}

export function figureRules(figures: Record<string, unknown>, dir: string): FigureRules {
  const words = (k: string) => strings(figures[k], `figures.yml ${k}`);
  const periods = list(figures.periods, 'figures.yml periods').map((entry, i) => {
    const where = `figures.yml periods #${i + 1}`;
    const p = mapping(entry, where);
    if (p.year !== 'this' && p.year !== 'last' && !(typeof p.year === 'number' && Number.isInteger(p.year) && p.year >= 1))
      throw new TaxonomyError(`${where}: year must be a group number, this or last`);
    return {
      pattern: pattern(p.pattern, where),
      year: p.year as number | 'this' | 'last',
      sentence: p.scope === 'sentence',
      span: spanRule(p.span, `${where} span`),
    };
  });
  const kinds = list(figures.kinds, 'figures.yml kinds').map((entry, i) => {
    const where = `figures.yml kinds #${i + 1}`;
    const k = mapping(entry, where);
    const kind = kindList([k.kind], where)![0];
    return {
      kind,
      units: k.units === undefined ? undefined : strings(k.units, `${where} units`),
      label: k.label === undefined ? undefined : pattern(k.label, `${where} label`),
      before: k.before === undefined ? undefined : pattern(k.before, `${where} before`),
      noFrom: k.no_from === true,
    };
  });
  const groupFile = readTaxonomyFile(dir, 'figure-groups.yml', true);
  const groups = list(groupFile.groups, 'figure-groups.yml groups').map((entry, i) => {
    const where = `figure-groups.yml groups #${i + 1}`;
    const g = mapping(entry, where);
    if (typeof g.group !== 'string' || !g.group) throw new TaxonomyError(`${where}: needs a group name`);
    const patterns = (k: string) => strings(g[k], `${where} ${k}`).map((p) => pattern(p, `${where} ${k}`));
    return {
      group: g.group,
      match: patterns('match'),
      except: patterns('except'),
      kinds: kindList(g.kinds, `${where} kinds`),
      units: g.units === undefined ? undefined : strings(g.units, `${where} units`),
    };
  });
  return {
    units: words('units'),
    skipUnits: words('skip_units'),
    qualifiersBefore: words('qualifiers_before'),
    qualifiersAfter: words('qualifiers_after'),
    actionVerbs: words('action_verbs'),
    changeVerbs: words('change_verbs'),
    changeFrom: words('change_from'),
    changeTo: words('change_to'),
    labelStops: words('label_stops'),
    copulas: words('copulas'),
    predicateVerbs: words('predicate_verbs'),
    relativeVerbs: words('relative_verbs'),
    relativeNouns: words('relative_nouns'),
    perWords: words('per_words'),
    nounWords: words('noun_words'),
    actionGaps: words('action_gaps'),
    keepWithNoun: words('keep_with_noun'),
    afterActions: list(figures.after_actions, 'figures.yml after_actions').map((entry, i) => {
      const a = mapping(entry, `figures.yml after_actions #${i + 1}`);
      return { pattern: pattern(a.pattern, `figures.yml after_actions #${i + 1}`), action: String(a.action ?? '') };
    }),
    shortLabels: words('short_labels'),
    periods,
    kinds,
    groups,
  };
}
