// Splits a section's paragraphs into policy measures: 一是/二要 enumerations, (一) items and
// lead-clause paragraphs (组建团队,优化检察职能配置。……); other paragraphs stay as they are.
import { fullStopSentences } from './sentences';

export interface Unit {
  kind: 'measure' | 'para';
  heading?: string;
  text: string;
}

const CN_NUM = '[一二三四五六七八九十]+';
const ITEM = new RegExp(`^[（(]${CN_NUM}[)）]\\s*`, 'u');
const ENUM = new RegExp(`^${CN_NUM}(?:是|要|则|方面)[,，:：]?`, 'u');
const TWO_CLAUSE = /^[^,，。;；:：]{2,14}[,，][^,，。;；:：]{3,22}$/u;
const ONE_CLAUSE = /^[^,，。;；:：]{4,22}$/u;
// Two short clauses of plain Han text, e.g. "优化服务项目,提升服务水平", may open a measure mid-paragraph.
const MID_LEAD = /^\p{Script=Han}{4,9}[,，]\p{Script=Han}{4,9}$/u;
const TIME_OPENING = /^(?:今年|去年|近年|目前|截至|截止|同时|此外|其中|\d)/u;
const MIN_REST = 20;

function balancedQuotes(s: string): boolean {
  return (s.match(/“/g) ?? []).length === (s.match(/”/g) ?? []).length;
}

/** The heading a measure is known by: its first sentence, shortened to its first clause if long. */
export function leadSentence(text: string): string {
  const first = (/^[^。！？!?;；]+/u.exec(text)?.[0] ?? text).trim();
  if (first.length <= 40) return first;
  const clause = /^[^,，]+/u.exec(first)?.[0] ?? first;
  return clause.length <= 40 ? clause : `${clause.slice(0, 38)}…`;
}

/** The first sentence when it reads as the heading of the paragraph it opens. */
export function leadClause(paragraph: string): string | null {
  const stop = paragraph.indexOf('。');
  if (stop <= 0) return null;
  const first = paragraph.slice(0, stop);
  const rest = paragraph.slice(stop + 1);
  if (rest.length < MIN_REST || !balancedQuotes(first) || TIME_OPENING.test(first)) return null;
  return TWO_CLAUSE.test(first) || ONE_CLAUSE.test(first) ? first : null;
}

/** Splits a paragraph before each mid-paragraph lead clause. */
export function splitMidLeads(paragraph: string): string[] {
  // Only a paragraph that itself opens with a lead clause is a series of measures.
  if (!leadClause(paragraph)) return [paragraph];
  const sentences = fullStopSentences(paragraph);
  const out: string[] = [];
  let buf = '';
  // The length of the sentences after the current one, kept as a running total: joining them for
  // every sentence made a long paragraph cost the square of its length.
  let rest = sentences.reduce((n, s) => n + s.length, 0);
  sentences.forEach((s) => {
    const body = s.replace(/。$/, '');
    rest -= s.length;
    if (buf && s.endsWith('。') && MID_LEAD.test(body) && rest >= MIN_REST) {
      out.push(buf);
      buf = '';
    }
    buf += s;
  });
  if (buf) out.push(buf);
  return out;
}

export function measures(paragraphs: string[]): Unit[] {
  const units: Unit[] = [];
  // Items and enumerations run on over the paragraphs that follow them; lead clauses do not.
  let absorbing: Unit | null = null;
  for (const para of paragraphs.flatMap(splitMidLeads)) {
    const item = ITEM.exec(para) ?? ENUM.exec(para);
    if (item) {
      absorbing = { kind: 'measure', heading: leadSentence(para.slice(item[0].length)), text: para };
      units.push(absorbing);
      continue;
    }
    const lead = leadClause(para);
    if (lead) {
      absorbing = null;
      units.push({ kind: 'measure', heading: lead, text: para });
      continue;
    }
    if (absorbing) absorbing.text += `\n${para}`;
    else units.push({ kind: 'para', text: para });
  }
  return units;
}
