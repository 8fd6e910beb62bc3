// Figures: numbers with their unit and what they count (网格48600个 → {label 网格, value 48600, unit 个}),
// with 万/亿 resolved and money given in 元. Label rules live in corpus/taxonomy/figures.yml.
import type { Figure } from '../../search/types';
import type { Rules } from '../rules';
import { escapeRegExp } from '../text';
import { cutWords, taggedWords } from '../segment';

const CLAUSE_BREAK = /[,，。;；:：、“”‘’!！?？\n]/u;
const CHANGE_VERBS = ['下降', '上升', '增长', '缩短', '提升', '减少', '增加'];
const NOUN_TAGS = /^(n|nz|ns|nt|nr|vn|j|l|ng|b|an|nrt)$/;
const MAX_LABEL = 14;
const COUNTERS = new Set(['个', '名', '家', '所', '台', '张', '处', '起', '件', '路', '条', '户', '人', '期', '项', '场', '篇', '辆', '宗', '批']);

const patterns = new WeakMap<string[], RegExp>();

function figurePattern(rules: Rules['figures']): RegExp {
  const units = [...rules.units, ...rules.skipUnits];
  const cached = patterns.get(rules.units);
  if (cached) return new RegExp(cached);
  const alt = [...units]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  const re = new RegExp(`(超过|超|近|约|逾)?(\\d+(?:\\.\\d+)?)(余|多)?(万|亿)?(余|多)?(${alt})(以上|左右)?`, 'gu');
  patterns.set(rules.units, re);
  return new RegExp(re);
}

/** The clause that ends right before `index`, without any earlier number or date. */
function clauseBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && !CLAUSE_BREAK.test(text[start - 1]) && index - start < 40) start--;
  const clause = text.slice(start, index);
  const lastDigit = clause.search(/\d[^\d]*$/u);
  return lastDigit === -1 ? clause : clause.slice(lastDigit + 1).replace(/^[^\p{Script=Han}]*/u, '');
}

/** Cuts a clause after its last stop word, found on word boundaries (共 stops in 全市共划分, not in 共享平台). */
function trimToStop(clause: string, rules: Rules['figures']): { label: string; stop: string; before: string } {
  const tokens = cutWords(clause);
  let k = tokens.length - 1;
  while (k >= 0 && !rules.labelStops.includes(tokens[k])) k--;
  if (k < 0) return { label: clause, stop: '', before: '' };
  const stop = tokens[k];
  const before = tokens.slice(0, k).join('');
  const label = tokens.slice(k + 1).join('');
  // 化解率, 止付资金: the stop word belongs to the label when what follows it is too thin alone.
  if (label && (Array.from(label).length <= 1 || rules.keepWithNoun.includes(label))) return { label: stop + label, stop: '', before };
  return { label, stop, before };
}

function labelBefore(text: string, index: number, rules: Rules['figures']): string {
  const clause = clauseBefore(text, index);
  const { label, stop, before } = trimToStop(clause, rules);
  if (label) return label;
  if (CHANGE_VERBS.includes(stop)) {
    const subject = trimToStop(before.replace(/(同比|较\d*年?|年均|环比)+$/u, ''), rules).label;
    return subject ? `${subject}${stop}` : stop;
  }
  return '';
}

function labelAfter(text: string, index: number): string {
  if (text[index] === '的' || text[index] === '“') index++;
  let end = index;
  while (end < text.length && !CLAUSE_BREAK.test(text[end]) && end - index < 20) end++;
  const words = taggedWords(text.slice(index, end));
  let label = '';
  for (const w of words) {
    if (!NOUN_TAGS.test(w.tag) || label.length + w.word.length > MAX_LABEL) break;
    label += w.word;
  }
  return label;
}

function cleanLabel(label: string): string {
  const l = label.replace(/^[的之和与及、]+|[的之等]+$/gu, '').trim();
  return Array.from(l).length > MAX_LABEL ? Array.from(l).slice(-MAX_LABEL).join('') : l;
}

/** True inside 《…》: numbers in document titles (《……27条措施》) are not figures. */
function insideTitle(text: string, index: number): boolean {
  return text.lastIndexOf('《', index) > text.lastIndexOf('》', index);
}

export function findFigures(text: string, rules: Rules['figures']): Figure[] {
  const out: Figure[] = [];
  let previousEnd = -1;
  for (const m of text.matchAll(figurePattern(rules))) {
    const [raw, pre, digits, approx1, scale, approx2, unit, post] = m;
    const index = m.index ?? 0;
    const end = index + raw.length;
    const follows = index === previousEnd;
    previousEnd = end;
    if (rules.skipUnits.includes(unit) || insideTitle(text, index)) continue;
    // A number glued to letters or more digits (COP15, 12309) is a name, not a figure.
    if (index > 0 && /[A-Za-z0-9.]/.test(text[index - 1]) && !pre) continue;
    let value = Number(digits);
    if (!Number.isFinite(value)) continue;
    let u = unit;
    if (scale === '万') value *= 1e4;
    if (scale === '亿') value *= 1e8;
    if (u === '万元') [value, u] = [value * 1e4, '元'];
    if (u === '亿元') [value, u] = [value * 1e8, '元'];
    if (u === '万人') [value, u] = [value * 1e4, '人'];
    if (u === '余项') u = '项';
    value = Math.round(value * 1e6) / 1e6;
    const start = index + (pre?.length ?? 0);
    // 587起1032人: a figure right after another counts the same thing.
    const previous = out[out.length - 1];
    let label = follows && previous ? previous.label : cleanLabel(labelBefore(text, start, rules));
    // "2个社区", "904个“两区一村”": a counter word followed by a noun names what it counts.
    const counterThenNoun = COUNTERS.has(unit) && /[\p{Script=Han}“]/u.test(text[end] ?? '');
    const preferAfter = counterThenNoun || text[end] === '的' || /等$/u.test(text.slice(Math.max(0, start - 1), start));
    if (!follows && (preferAfter || Array.from(label).length < 2)) label = cleanLabel(labelAfter(text, end)) || label;
    if (!label) continue;
    const figure: Figure = { label, value, unit: u, raw: raw.trim() };
    if (rules.groups[label] && rules.groups[label] !== label) figure.group = rules.groups[label];
    if (pre || approx1 || approx2 || post) figure.approx = true;
    out.push(figure);
  }
  return out;
}
