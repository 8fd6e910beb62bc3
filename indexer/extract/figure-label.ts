// What a figure counts: the label before (or after) a number, cut at the clause, its noun and the
// action done to it (处理干警: noun 干警, action 处理), with the rules of corpus/taxonomy/figures.yml.
import type { FigureRules } from './figure-rules';
import { cutWords, taggedWords } from '../segment';

/** Dates and the base of a comparison (较2010年) are not figures and must not cut a label short. */
const DATE_LIKE = /(?:较|比|同比)?\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日/gu;
const CLAUSE_BREAK = /[,，。;；:：、“”‘’!！?？\n]/u;
/** After a counter, a list of nouns goes on across 、 (51个镇、社区(村)调委会). */
const NOUN_BREAK = /[,，。;；:：“”‘’!！?？\n]/u;
/** The same without quotation marks: a label may hold a quoted name (“保护伞”立案). */
const CLAUSE_BREAK_NO_QUOTES = /[,，。;；:：、!！?？\n]/u;
const NOUN_TAGS = /^(n|nz|ns|nt|nr|vn|j|l|ng|b|an|nrt|zg)$/;
const JOINS = new Set(['和', '与', '及', '、']);
export const MAX_LABEL = 14;

export function clauseBefore(text: string, index: number, rules: FigureRules, quotesBreak = true, acrossLists = false): string {
  const brk = acrossLists ? NOUN_BREAK : quotesBreak ? CLAUSE_BREAK : CLAUSE_BREAK_NO_QUOTES;
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

export interface Label {
  noun: string;
  action?: string;
  /** The action stands after the noun (信访总量下降). */
  actionAfter?: boolean;
  /** The action says which of the nouns are counted (12个乡镇建立人民调解委员会: 建立人民调解委员会的乡镇). */
  relative?: boolean;
}

/** Reads a label backwards from the end of a clause: the noun up to the last stop word, and the action verb before it. */
export function labelOf(clause: string, rules: FigureRules): Label {
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
    if (subject.noun) return { noun: subject.noun, action, actionAfter: true };
    // 立案调解639件: two actions, the first naming the stage of the second.
    return subject.action && tokens.slice(0, k).join('').endsWith(subject.action) ? { noun: subject.action, action, actionAfter: true } : { noun: '', action };
  }
  if (rules.actionVerbs.includes(stop)) return { noun, action: stop };
  // 侦破各类刑事案件: an action may stand a quantifier or two before the noun.
  let j = k;
  while (j >= 0 && rules.actionGaps.includes(tokens[j])) j--;
  return j >= 0 && j < k && rules.actionVerbs.includes(tokens[j]) ? { noun, action: tokens[j] } : { noun };
}

/** Reads the noun after a counter (1034个公共法律服务中心), and what the rest of the clause says happened to it. */
export function labelAfter(text: string, index: number, rules: FigureRules): Label {
  if (text[index] === '的' || text[index] === '“') index++;
  let end = index;
  while (end < text.length && !NOUN_BREAK.test(text[end]) && end - index < 24) end++;
  const words = taggedWords(text.slice(index, end));
  // A place word is a noun where a noun or the end follows it (对外业务窗口), not before a predicate (网上全覆盖).
  const relative = (i: number) => rules.relativeVerbs.includes(words[i]?.word ?? '');
  const isNoun = (i: number): boolean =>
    !relative(i) &&
    (rules.nounWords.includes(words[i]?.word ?? '') ||
      NOUN_TAGS.test(words[i]?.tag ?? '') ||
      (words[i]?.tag === 's' && (i + 1 >= words.length || NOUN_TAGS.test(words[i + 1].tag) || words[i + 1].tag === 's')));
  // A verb, or a run of them, modifies the noun that follows (审批服务事项, 涉黑涉恶案件, 律师调解团队).
  const modifies = (i: number) => {
    let j = i;
    while (!relative(j) && !rules.nounWords.includes(words[j]?.word ?? '') && /^(v|a$)/.test(words[j]?.tag ?? '')) j++;
    return j > i && isNoun(j);
  };
  let noun = '';
  let used = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (noun && relative(i)) {
      // 12个乡镇建立人民调解委员会, 90%以上的单位和村(居)实现了“零发案”: the verb and its object say which are counted.
      // Not across another number (72名律师建成5个律师调解团队: 建成 is said of 律师).
      const clause = /^[^,，。;；:：、!！?？\n]{1,16}/u.exec(text.slice(index + used))?.[0] ?? '';
      const what = clause.replace(/了/gu, '').replace(/‘/gu, '“').replace(/’/gu, '”');
      const counted = rules.relativeNouns.some((n) => noun.includes(n));
      if (counted && what.length > w.word.length && !/\d/u.test(what)) return { noun, action: what, relative: true };
      break;
    }
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

export function cleanNoun(noun: string): string {
  // 诈骗、盗窃等案件: 等 closes a list; what follows it is the head noun.
  const head = /等([^等]{2,})$/u.exec(noun);
  const l = (head ? head[1] : noun).replace(/^[的之和与及、了]+|[的之等]+$/gu, '').trim();
  return Array.from(l).length > MAX_LABEL ? Array.from(l).slice(-MAX_LABEL).join('') : l;
}

export function labelText(l: Label): string {
  if (!l.action) return l.noun;
  if (l.relative) return `${l.action}的${l.noun}`;
  return l.actionAfter ? `${l.noun}${l.action}` : `${l.action}${l.noun}`;
}

/** A label of one or two characters says what is counted only when it is a whole noun. */
export function thin(l: Label, rules: FigureRules): boolean {
  const n = Array.from(l.noun).length;
  // An action alone says what is counted when the unit names it (提起公诉 2839 人, not 下降 39.8 %).
  if (n === 0) return !l.action || Array.from(l.action).length < 3;
  // APP, COP15: letters alone do not say what is counted.
  if (!/\p{Script=Han}/u.test(l.noun) && !l.action) return true;
  return n <= 2 && !rules.shortLabels.includes(l.noun) && !l.action;
}

/** True inside 《…》: numbers in document titles (《……27条措施》) are not figures. */
