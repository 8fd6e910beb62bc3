// Figures: numbers with their unit (万/亿 resolved, money in 元), what they count and what happened
// to it (处理干警 446 人), the words that qualify them (5.4万余件, 98%以上), a change written as one
// figure (原有297个…增加至340个), the period they refer to (十年来, 2019年) with the span it covers,
// their kind and label group. The rules — units, verbs, qualifiers, periods, kinds — live in
// corpus/taxonomy/figures.yml, the label groups in corpus/taxonomy/figure-groups.yml.
import type { Figure, FigureSpan } from '../../core/types';
import type { FigureRules } from './figure-rules';
import { escapeRegExp } from '../text';
import { groupOf, kindOf, spanOf } from './figure-kind';
import { MAX_LABEL, clauseBefore, cleanNoun, labelAfter, labelOf, labelText, thin, type Label } from './figure-label';

const COUNTERS = new Set([
  '个',
  '名',
  '家',
  '所',
  '台',
  '张',
  '处',
  '起',
  '件',
  '路',
  '条',
  '户',
  '人',
  '期',
  '项',
  '场',
  '篇',
  '辆',
  '宗',
  '批',
  '部',
  '支',
  '座',
]);
const HAN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

const patterns = new WeakMap<FigureRules, RegExp>();

function figurePattern(rules: FigureRules): RegExp {
  let re = patterns.get(rules);
  if (!re) {
    const alt = (list: string[]) =>
      [...list]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|');
    const number = '\\d+(?:\\.\\d+)?|[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九][百千]';
    re = new RegExp(
      `(${alt(rules.qualifiersBefore)})?(${number})(${alt(rules.qualifiersAfter)})?(万|亿)?(${alt(rules.qualifiersAfter)})?(${alt([...rules.units, ...rules.skipUnits])})(${alt(rules.qualifiersAfter)})?`,
      'gu',
    );
    patterns.set(rules, re);
  }
  return new RegExp(re);
}

/** 48600, 5.4, 十, 二十, 三百. */
function parseNumber(s: string): number {
  if (/^\d/.test(s)) return Number(s);
  let value = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in HAN_DIGITS) digit = HAN_DIGITS[ch];
    else {
      const unit = ch === '十' ? 10 : ch === '百' ? 100 : 1000;
      value += (digit || 1) * unit;
      digit = 0;
    }
  }
  return value + digit;
}

/** The clause that ends right before `index`, without any earlier number (dates read as words). */
function insideTitle(text: string, index: number): boolean {
  return text.lastIndexOf('《', index) > text.lastIndexOf('》', index);
}

/**
 * The period stated nearest before `index` in its paragraph (or its sentence, for periods scoped so:
 * 目前), the year it ends in and the span it covers. A period counts where it sets the time of what
 * follows: at the start of a sentence or clause, or followed by a comma (十年来,…; 2019年,…) — not
 * inside a name (2017—2020年度“平安中国建设先进集体”).
 */
function periodBefore(text: string, index: number, rules: FigureRules, reportYear?: number): { period?: string; year?: number; span?: FigureSpan } {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(start, index);
  const sentenceStart = Math.max(...['。', '！', '？'].map((c) => before.lastIndexOf(c))) + 1;
  let best: { at: number; period: string; year?: number; span?: FigureSpan } | null = null;
  for (const p of rules.periods) {
    for (const m of before.matchAll(new RegExp(p.pattern.source, 'gu'))) {
      const from = m.index ?? 0;
      const at = from + m[0].length;
      if (p.sentence && from < sentenceStart) continue;
      const opens = from === 0 || /[。！？；;，,:：、“]/u.test(before[from - 1]) || /^(在|自|从|于)$/u.test(before[from - 1]);
      if (!opens && !/^[，,]/u.test(before.slice(at))) continue;
      if (best && at <= best.at) continue;
      const year = p.year === 'this' ? reportYear : p.year === 'last' ? (reportYear ? reportYear - 1 : undefined) : Number(m[p.year]);
      best = { at, period: m[0], year: Number.isFinite(year) ? year : undefined, span: spanOf(p.span, m, reportYear) };
    }
  }
  return best ? { period: best.period, year: best.year, span: best.span } : { year: reportYear };
}

interface Match {
  index: number;
  end: number;
  raw: string;
  value: number;
  unit: string;
  qualifier: string;
}

function readMatch(m: RegExpMatchArray): Match | null {
  const [raw, pre, digits, q1, scale, q2, unit, post] = m;
  let value = parseNumber(digits);
  if (!Number.isFinite(value)) return null;
  let u = unit;
  if (scale === '万') value *= 1e4;
  if (scale === '亿') value *= 1e8;
  if (u === '万元') [value, u] = [value * 1e4, '元'];
  if (u === '亿元') [value, u] = [value * 1e8, '元'];
  if (u === '万人') [value, u] = [value * 1e4, '人'];
  const qualifier = [pre, q1, q2, post].filter(Boolean).join('');
  return { index: m.index ?? 0, end: (m.index ?? 0) + raw.length, raw: raw.trim(), value: Math.round(value * 1e6) / 1e6, unit: u, qualifier };
}

/** 原有297个城市网格增加至340个: the text between two values that makes them one change. */
function changeBetween(text: string, a: Match, b: Match, rules: FigureRules): boolean {
  if (a.unit !== b.unit) return false;
  const lead = text.slice(Math.max(0, a.index - 12), a.index);
  const from = rules.changeFrom.some((w) => new RegExp(`${escapeRegExp(w)}[^，,。；;]{0,10}$`, 'u').test(lead));
  const middle = text.slice(a.end, b.index);
  const verbs = rules.changeVerbs.map(escapeRegExp).join('|');
  const to = rules.changeTo.map(escapeRegExp).join('|');
  return from && middle.length <= 24 && !/[，,。；;]/u.test(middle) && new RegExp(`(${verbs})(${to})[^，,。；;]{0,8}$`, 'u').test(middle);
}

/** Where the from-word of a change (由, 从, 原有) starts, before its first value. */
function changeStart(text: string, a: Match, rules: FigureRules): number {
  const from = Math.max(0, a.index - 12);
  const lead = text.slice(from, a.index);
  const at = Math.max(...rules.changeFrom.map((w) => lead.lastIndexOf(w)));
  return at === -1 ? a.index : from + at;
}

export function findFigures(text: string, rules: FigureRules, reportYear?: number): Figure[] {
  const matches: Match[] = [];
  for (const m of text.matchAll(figurePattern(rules))) {
    const x = readMatch(m);
    if (!x || rules.skipUnits.includes(m[6]) || insideTitle(text, x.index)) continue;
    // 第1期: an ordinal, not a count; 每10万人: the base of a rate; 分3个层级: a way of working.
    if (text[x.index - 1] === '第' || text[x.index - 1] === '每' || text[x.index - 1] === '分') continue;
    // A number glued to letters or more digits (COP15, 12309) is a name, not a figure.
    if (x.index > 0 && /[A-Za-z0-9.]/.test(text[x.index - 1]) && !m[1]) continue;
    // 第十个, 二十三: a Chinese numeral after 第 or inside a longer numeral is not a quantity.
    if (!/^\d/.test(m[2]) && /[第一二两三四五六七八九十百千万]/u.test(text[x.index - 1] ?? '')) continue;
    matches.push(x);
  }
  const out: Figure[] = [];
  let previousEnd = -1;
  for (let i = 0; i < matches.length; i++) {
    const x = matches[i];
    const next = matches[i + 1];
    const change = next && changeBetween(text, x, next, rules) ? next : null;
    const last = change ?? x;
    // A change is named by the words before its from-word (日均受理电话由建设之初的50人次上升为……).
    const start = change ? changeStart(text, x, rules) : x.index;
    const follows = x.index === previousEnd;
    previousEnd = last.end;
    // 587起1032人: a figure right after another counts the same thing.
    const previous = out[out.length - 1];
    const clause = clauseBefore(text, start, rules);
    let label: Label =
      follows && previous ? { noun: previous.noun, action: previous.action, relative: previous.label.endsWith(`的${previous.noun}`) } : labelOf(clause, rules);
    label.noun = cleanNoun(label.noun);
    // 员额法官人均受理案件669件: the per-word stays with the action.
    const per = label.action && !label.actionAfter ? rules.perWords.find((w) => clause.endsWith(`${w}${labelText(label)}`)) : undefined;
    if (per) label.action = `${per}${label.action}`;
    // 排查住户、商户、单位55.37万余户: a list of nouns before the number is one label.
    if (!follows && clause && thin(label, rules) && text[start - 1 - clause.length] === '、') {
      const listed = labelOf(clauseBefore(text, start, rules, true, true), rules);
      listed.noun = cleanNoun(listed.noun);
      if (!thin(listed, rules)) label = listed;
    }
    if (!follows && thin(label, rules) && /[”’]/u.test(text[start - 1 - clause.length] ?? '')) {
      const quoted = labelOf(clauseBefore(text, start, rules, false), rules);
      quoted.noun = cleanNoun(quoted.noun);
      if (!thin(quoted, rules)) label = quoted;
    }
    // "2个社区", "904个“两区一村”": a counter word followed by a noun names what it counts.
    const counterThenNoun = COUNTERS.has(x.unit) && /[\p{Script=Han}“]/u.test(text[x.end] ?? '');
    // “司法救助”等20余项检察便民服务: after 等 the noun that follows is what is counted, without the list's verbs.
    const afterList = /等$/u.test(text.slice(Math.max(0, start - 1), start));
    const preferAfter = counterThenNoun || text[x.end] === '的' || afterList;
    if (!follows && (preferAfter || thin(label, rules))) {
      const after = labelAfter(text, x.end, rules);
      after.noun = cleanNoun(after.noun);
      if (after.noun && !thin({ ...after, action: after.action ?? label.action }, rules)) {
        // 服务保障发展40条措施: the words before a counter and the noun after it name one thing.
        const before = label.noun && !label.action && Array.from(after.noun).length <= 2 && !rules.shortLabels.includes(after.noun) ? label.noun : '';
        label = { noun: before + after.noun, action: after.action ?? (afterList ? undefined : label.action), relative: after.relative };
      } else if (after.noun && thin(label, rules) && label.noun.length + after.noun.length <= MAX_LABEL) {
        label = { noun: label.noun + after.noun, action: after.action ?? label.action };
      }
    }
    // 排查化解矛盾纠纷1909件,成功率100%,同比增长15.3%: a change without its subject is one of the
    // count before it in the sentence.
    // 受理…矛盾纠纷案件1.76万余件,化解1.73万余件: an action without its noun is done to the one before.
    if (!follows && !label.noun && label.action && thin(label, rules)) {
      const change = rules.changeVerbs.includes(label.action);
      const counted = [...out].reverse().find((f) => (change ? f.unit !== '%' && f.kind !== 'change' : f.unit === x.unit));
      const between = counted ? text.slice(Math.max(0, text.lastIndexOf(counted.raw, start)), start) : '。';
      if (counted && !/[。！？；;\n]/u.test(between)) label = { noun: counted.noun, action: label.action, actionAfter: change };
    }
    if (thin(label, rules)) continue;
    const figure: Figure = {
      label: labelText(label),
      noun: label.noun,
      value: last.value,
      unit: last.unit,
      raw: change ? text.slice(x.index, last.end) : x.raw,
    };
    if (label.action) figure.action = label.action;
    if (last.qualifier) {
      figure.qualifier = last.qualifier;
      figure.approx = true;
    }
    if (change) figure.from = x.value;
    // A change refers to the period of its second value (从2012年的……下降到2021年的……).
    const when = periodBefore(text, last.index, rules, reportYear);
    if (when.period) figure.period = when.period;
    if (when.year) figure.year = when.year;
    figure.kind = kindOf(figure, text.slice(Math.max(0, x.index - 30), x.index), rules);
    if (when.span) figure.span = when.span;
    const group = groupOf(figure, rules);
    if (group) figure.group = group;
    out.push(figure);
    if (change) i++;
  }
  return out;
}
