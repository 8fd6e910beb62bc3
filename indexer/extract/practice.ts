// Named practices: quoted brand names (“6955十户联防”, “三调联动”) that pass the rules in
// corpus/taxonomy/practices.yml, plus known practices named without quotes. A quotation is a name
// when it is a formula (digits or Latin letters: “4+N”, “6955”; numbers counting things:
// “一村一警”, “五包五保”), ends in a word that names a practice (经验, 工程, 机制 …), is followed
// by one, or is a known name or a variant of one; ordinary phrases (“电话服务”, “大数据”) are not.
import type { Rules } from '../rules';

const QUOTE = /[“"「『]([^”"」』\n]{1,40})[”"」』]/gu;
// Two counts with something counted between them: 一村一警, 三查三告知一宣传 (not 十二字, one number).
const NUMERAL_FORMULA = /^[一二三四五六七八九十两百千万多]+(?:(?![一二三四五六七八九十两百千万])\p{Script=Han})+[一二三四五六七八九十两百千万]/u;
const SENTENCE_PUNCT = /[,，。;；!！?？、:：]/u;

export function normalizePractice(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[“”"'‘’]/g, '');
}

function looksLikeName(name: string, after: string, rules: Rules['practices']): boolean {
  const len = Array.from(name).length;
  if (len < rules.minLength || len > rules.maxLength) return false;
  if (rules.exclude.has(name) || SENTENCE_PUNCT.test(name)) return false;
  if (rules.known.includes(name) || Object.hasOwn(rules.aliases, name)) return true;
  const markerAfter = rules.markers.some((m) => after.startsWith(m));
  if (/^[\p{N}\p{P}\p{S}\s]+$/u.test(name)) return markerAfter;
  if (/[0-9A-Za-z]/.test(name)) return true;
  if (rules.markers.some((m) => name.endsWith(m) || (m.length >= 2 && name.includes(m)))) return true;
  if (len >= 3 && NUMERAL_FORMULA.test(name)) return true;
  return markerAfter;
}

export function findPractices(text: string, rules: Rules['practices']): string[] {
  const out: string[] = [];
  const add = (name: string) => {
    const canonical = rules.aliases[name] ?? name;
    if (!out.includes(canonical)) out.push(canonical);
  };
  for (const m of text.matchAll(QUOTE)) {
    const name = normalizePractice(m[1]);
    const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 4);
    if (looksLikeName(name, after, rules)) add(name);
  }
  const flat = normalizePractice(text);
  for (const k of rules.known) if (flat.includes(k) && !out.some((p) => p.includes(k))) add(k);
  return out;
}
