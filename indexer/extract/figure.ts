// Figures: numbers with their unit (万/亿 resolved, money in 元), what they count and what happened
// to it (处理干警 446 人), the words that qualify them (5.4万余件, 98%以上), a change written as one
// figure (原有297个…增加至340个) and the period they refer to (十年来, 2019年). The rules — units,
// verbs, qualifiers, periods, label groups — live in corpus/taxonomy/figures.yml.
import type { Figure } from '../../core/types';
import type { FigureRules } from '../rules';
import { escapeRegExp } from '../text';
import { cutWords, taggedWords } from '../segment';

const CLAUSE_BREAK = /[,，。;；:：、“”‘’!！?？\n]/u;
/** After a counter, a list of nouns goes on across 、 (51个镇、社区(村)调委会). */
const NOUN_BREAK = /[,，。;；:：“”‘’!！?？\n]/u;
/** The same without quotation marks: a label may hold a quoted name (“保护伞”立案). */
const CLAUSE_BREAK_NO_QUOTES = /[,，。;；:：、!！?？\n]/u;
const NOUN_TAGS = /^(n|nz|ns|nt|nr|vn|j|l|ng|b|an|nrt|zg)$/;
const JOINS = new Set(['和', '与', '及', '、']);
const MAX_LABEL = 14;
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
/** Dates and the base of a comparison (较2010年) are not figures and must not cut a label short. */
const DATE_LIKE = /(?:较|比|同比)?\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日/gu;

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
function clauseBefore(text: string, index: number, rules: FigureRules, quotesBreak = true): string {
  const brk = quotesBreak ? CLAUSE_BREAK : CLAUSE_BREAK_NO_QUOTES;
  let start = index;
  while (start > 0 && !brk.test(text[start - 1]) && index - start < 40) start--;
  const clause = text.slice(start, index).replace(DATE_LIKE, (d) => '年'.repeat(d.length));
  const lastDigit = clause.search(/\d[^\d]*$/u);
  let tail = lastDigit === -1 ? clause : clause.slice(lastDigit + 1).replace(/^[^\p{Script=Han}]*/u, '');
  // 17个行政村6196户: what follows an earlier number starts after that number's unit.
  if (lastDigit !== -1) {
    const unit = [...rules.qualifiersAfter, ...rules.units].filter((u) => tail.startsWith(u)).sort((a, b) => b.length - a.length)[0];
    if (unit) tail = tail.slice(unit.length).replace(/^[余多以上左右]+/u, '');
  }
  // 18个(含待认定1个): inside an unclosed bracket, the clause starts at the bracket.
  const open = Math.max(tail.lastIndexOf('('), tail.lastIndexOf('（'));
  return open > Math.max(tail.lastIndexOf(')'), tail.lastIndexOf('）')) ? tail.slice(open + 1) : tail;
}

interface Label {
  noun: string;
  action?: string;
  /** The action stands after the noun (信访总量下降). */
  actionAfter?: boolean;
}

/** Reads a label backwards from the end of a clause: the noun up to the last stop word, and the action verb before it. */
function labelOf(clause: string, rules: FigureRules): Label {
  const tokens = cutWords(clause).filter((t) => !/^年+$/u.test(t));
  const isStop = (t: string) => rules.labelStops.includes(t) || rules.copulas.includes(t) || rules.actionVerbs.includes(t) || rules.changeVerbs.includes(t);
  let k = tokens.length - 1;
  while (k >= 0 && !isStop(tokens[k])) k--;
  if (k < 0) return { noun: tokens.join('') };
  const stop = tokens[k];
  const noun = tokens.slice(k + 1).join('');
  // 预约辩护与代理: a conjunction inside a thin label joins it to the noun before.
  if (JOINS.has(stop) && noun && Array.from(noun).length <= 2 && !rules.shortLabels.includes(noun)) {
    const before = labelOf(tokens.slice(0, k).join(''), rules);
    if (before.noun && !before.actionAfter) return { noun: `${before.noun}${stop}${noun}`, action: before.action };
  }
  // 化解率, 止付资金: the verb belongs to the noun when what follows it is too thin alone.
  if (noun && (Array.from(noun).length <= 1 || rules.keepWithNoun.includes(noun))) return { noun: stop + noun };
  if (!noun) {
    // Nothing between the stop and the number: what is counted stands before the stop
    // (信访总量年均下降6.1%, 集体表彰62个, 满意率为95.31%, 办案总数的29.2%).
    const action = rules.actionVerbs.includes(stop) || rules.changeVerbs.includes(stop) ? stop : undefined;
    // 建成率分别达94.4%: a gap word between the noun and the number is passed over.
    if (!action && !rules.copulas.includes(stop) && !rules.actionGaps.includes(stop)) return { noun: '' };
    const subject = labelOf(
      tokens
        .slice(0, k)
        .join('')
        .replace(/(同比|年均|环比|较)+$/u, ''),
      rules,
    );
    if (!action) return subject;
    // 办理国家司法救助492件: the verb ends a longer noun that has its own action.
    if (subject.noun && subject.action && !subject.actionAfter) return { noun: subject.noun + action, action: subject.action };
    return subject.noun ? { noun: subject.noun, action, actionAfter: true } : { noun: '', action };
  }
  if (rules.actionVerbs.includes(stop)) return { noun, action: stop };
  // 侦破各类刑事案件: an action may stand a quantifier or two before the noun.
  let j = k;
  while (j >= 0 && rules.actionGaps.includes(tokens[j])) j--;
  return j >= 0 && j < k && rules.actionVerbs.includes(tokens[j]) ? { noun, action: tokens[j] } : { noun };
}

/** Reads the noun after a counter (1034个公共法律服务中心), and what the rest of the clause says happened to it. */
function labelAfter(text: string, index: number, rules: FigureRules): Label {
  if (text[index] === '的' || text[index] === '“') index++;
  let end = index;
  while (end < text.length && !NOUN_BREAK.test(text[end]) && end - index < 24) end++;
  const words = taggedWords(text.slice(index, end));
  // A place word is a noun where a noun or the end follows it (对外业务窗口), not before a predicate (网上全覆盖).
  const isNoun = (i: number): boolean =>
    NOUN_TAGS.test(words[i]?.tag ?? '') || (words[i]?.tag === 's' && (i + 1 >= words.length || NOUN_TAGS.test(words[i + 1].tag) || words[i + 1].tag === 's'));
  // A verb, or a run of them, modifies the noun that follows (审批服务事项, 涉黑涉恶案件, 律师调解团队).
  const modifies = (i: number) => {
    let j = i;
    while (/^(v|a$)/.test(words[j]?.tag ?? '')) j++;
    return j > i && isNoun(j);
  };
  let noun = '';
  let used = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (noun) {
      // 633名干警获……表彰, 76名律师与……全面对接: what is said about the noun ends it.
      if (rules.afterActions.some((a) => a.pattern.test(text.slice(index + used, end)))) break;
      if (rules.predicateVerbs.includes(w.word) || (rules.actionVerbs.includes(w.word) && !isNoun(i + 1))) break;
    }
    // 享誉全国的先进典型: the noun after 的 is the head; 个人和集体, 镇、社区调委会: nouns joined are one,
    // unless the next noun is counted by a number of its own (律师与三镇6196户).
    const joins = noun && (w.word === '的' || JOINS.has(w.word)) && (isNoun(i + 1) || modifies(i + 1)) && !(JOINS.has(w.word) && words[i + 2]?.tag === 'm');
    // 两类人员家庭: a numeral word opens the noun.
    const opens = !noun && w.tag === 'm' && /^[\p{Script=Han}]+$/u.test(w.word);
    if (!joins && !opens && ((!isNoun(i) && !modifies(i)) || noun.length + w.word.length > MAX_LABEL)) break;
    if (w.word === '的') noun = '';
    else noun += w.word;
    used += w.word.length;
    // 社区(村)调委会: a bracket inside the noun is part of it.
    if (words[i + 1] && /^[(（]$/u.test(words[i + 1].word)) {
      const close = words.findIndex((x, j) => j > i + 1 && /^[)）]$/u.test(x.word));
      if (close !== -1 && close - i <= 6) {
        for (let j = i + 1; j <= close; j++) {
          noun += words[j].word;
          used += words[j].word.length;
        }
        i = close;
      }
    }
  }
  const rest = text.slice(index + used, end);
  const after = rules.afterActions.find((a) => a.pattern.test(rest));
  return after ? { noun, action: after.action } : { noun };
}

function cleanNoun(noun: string): string {
  // 诈骗、盗窃等案件: 等 closes a list; what follows it is the head noun.
  const head = /等([^等]{2,})$/u.exec(noun);
  const l = (head ? head[1] : noun).replace(/^[的之和与及、了]+|[的之等]+$/gu, '').trim();
  return Array.from(l).length > MAX_LABEL ? Array.from(l).slice(-MAX_LABEL).join('') : l;
}

function labelText(l: Label): string {
  if (!l.action) return l.noun;
  return l.actionAfter ? `${l.noun}${l.action}` : `${l.action}${l.noun}`;
}

/** A label of one or two characters says what is counted only when it is a whole noun. */
function thin(l: Label, rules: FigureRules): boolean {
  const n = Array.from(l.noun).length;
  // An action alone says what is counted when the unit names it (提起公诉 2839 人, not 下降 39.8 %).
  if (n === 0) return !l.action || Array.from(l.action).length < 3;
  return n <= 2 && !rules.shortLabels.includes(l.noun) && !l.action;
}

/** True inside 《…》: numbers in document titles (《……27条措施》) are not figures. */
function insideTitle(text: string, index: number): boolean {
  return text.lastIndexOf('《', index) > text.lastIndexOf('》', index);
}

/**
 * The period stated nearest before `index` in its paragraph, and the year it ends in. A period
 * counts where it sets the time of what follows: at the start of a sentence or clause, or followed
 * by a comma (十年来,…; 2019年,…) — not inside a name (2017—2020年度“平安中国建设先进集体”).
 */
function periodBefore(text: string, index: number, rules: FigureRules, reportYear?: number): { period?: string; year?: number } {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(start, index);
  let best: { at: number; period: string; year?: number } | null = null;
  for (const p of rules.periods) {
    for (const m of before.matchAll(new RegExp(p.pattern.source, 'gu'))) {
      const from = m.index ?? 0;
      const at = from + m[0].length;
      const opens = from === 0 || /[。！？；;，,:：、]/u.test(before[from - 1]) || /^(在|自|从|于)$/u.test(before[from - 1]);
      if (!opens && !/^[，,]/u.test(before.slice(at))) continue;
      if (best && at <= best.at) continue;
      const year = p.year === 'this' ? reportYear : p.year === 'last' ? (reportYear ? reportYear - 1 : undefined) : Number(m[p.year]);
      best = { at, period: m[0], year: Number.isFinite(year) ? year : undefined };
    }
  }
  return best ? { period: best.period, year: best.year } : { year: reportYear };
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
    // 第1期: an ordinal, not a count; 每10万人: the base of a rate.
    if (text[x.index - 1] === '第' || text[x.index - 1] === '每') continue;
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
    let label: Label = follows && previous ? { noun: previous.noun, action: previous.action } : labelOf(clause, rules);
    label.noun = cleanNoun(label.noun);
    if (!follows && thin(label, rules) && /[”’]/u.test(text[start - 1 - clause.length] ?? '')) {
      const quoted = labelOf(clauseBefore(text, start, rules, false), rules);
      quoted.noun = cleanNoun(quoted.noun);
      if (!thin(quoted, rules)) label = quoted;
    }
    // "2个社区", "904个“两区一村”": a counter word followed by a noun names what it counts.
    const counterThenNoun = COUNTERS.has(x.unit) && /[\p{Script=Han}“]/u.test(text[x.end] ?? '');
    const preferAfter = counterThenNoun || text[x.end] === '的' || /等$/u.test(text.slice(Math.max(0, start - 1), start));
    if (!follows && (preferAfter || thin(label, rules))) {
      const after = labelAfter(text, x.end, rules);
      after.noun = cleanNoun(after.noun);
      if (after.noun && !thin({ ...after, action: after.action ?? label.action }, rules)) {
        // 服务保障发展40条措施: the words before a counter and the noun after it name one thing.
        const before = label.noun && !label.action && Array.from(after.noun).length <= 2 && !rules.shortLabels.includes(after.noun) ? label.noun : '';
        label = { noun: before + after.noun, action: after.action ?? label.action };
      } else if (after.noun && thin(label, rules) && label.noun.length + after.noun.length <= MAX_LABEL) {
        label = { noun: label.noun + after.noun, action: after.action ?? label.action };
      }
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
    const group = rules.groups[label.noun];
    if (group && group !== label.noun) figure.group = group;
    if (last.qualifier) {
      figure.qualifier = last.qualifier;
      figure.approx = true;
    }
    if (change) figure.from = x.value;
    // A change refers to the period of its second value (从2012年的……下降到2021年的……).
    const when = periodBefore(text, last.index, rules, reportYear);
    if (when.period) figure.period = when.period;
    if (when.year) figure.year = when.year;
    out.push(figure);
    if (change) i++;
  }
  return out;
}
