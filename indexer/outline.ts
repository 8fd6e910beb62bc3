// Finds the section structure of a report in every heading style the corpus uses:
// 一、 headings, (一) sub-headings, 关键字:, two-part headings, topic sentences, Q&A and interview turns.
import type { Rules } from './rules';
import { escapeRegExp } from './text';
import { fullStopSentences } from './sentences';

export interface Section {
  /** 0 for the lead (text before the first heading). */
  level: number;
  /** Headings from the top of the report down to this section. */
  path: string[];
  kind: 'lead' | 'section' | 'qa';
  speaker?: string;
  paragraphs: string[];
}

const CN_NUM = '[一二三四五六七八九十]+';
const NUMBERED = new RegExp(`^${CN_NUM}、\\s*(.+)$`, 'u');
const SUB_HEADING = new RegExp(`^[（(]${CN_NUM}[)）]\\s*[^。！？]{2,30}$`, 'u');
const KEYWORD = /^关键字[:：]\s*(.+)$/u;
const TWO_PART = /^[\p{Script=Han}“”]{2,12}[ \u3000]+[\p{Script=Han}“”]{2,14}$/u;
const MARKDOWN = /^(#{1,6})\s+(.+?)\s*#*$/u;
const INTERVIEWER = /^《[^》]{1,20}》[:：]\s*(.+)$/u;
const ANSWER = /^(\p{Script=Han}{2,4})[:：]\s*(.+)$/u;
const QUESTION = /[?？]$/u;

function isSpeakerLine(line: string | undefined, titles: string[]): boolean {
  if (!line || line.length > 40 || !/[:：]$/.test(line) || /[,，。;；?？!！]/.test(line)) return false;
  return titles.some((t) => line.includes(t));
}

function stripColon(s: string): string {
  return s.replace(/[:：]\s*$/, '').trim();
}

/** Splits a numbered heading line that carries its body after the first full stop. */
function headingAndBody(text: string): [string, string] {
  const stop = text.indexOf('。');
  if (stop === -1 || stop > 40) return [text.trim(), ''];
  return [text.slice(0, stop).trim(), text.slice(stop + 1).trim()];
}

export interface TopicPiece {
  topic?: string;
  text?: string;
}

/**
 * Splits a paragraph at topic sentences such as "坚持源头治理防未然,矛盾纠纷多元化解格局形成。",
 * which open a new section at the start of a paragraph or in its middle.
 */
export function splitTopics(paragraph: string, rules: Rules['outline']): TopicPiece[] {
  if (!rules.topicVerbs.length) return [{ text: paragraph }];
  const verbs = rules.topicVerbs.map(escapeRegExp).join('|');
  const intro = rules.topicIntroducers.map(escapeRegExp).join('|');
  const topic = new RegExp(
    `^(?![一二三四五六七八九十]+(?:是|要|则))(?:${intro || '(?!)'})?\\p{Script=Han}{0,3}?(?:${verbs})[^,，。;；]{2,14}[,，][^,，。;；]{3,22}$`,
    'u',
  );
  const sentences = fullStopSentences(paragraph);
  const pieces: TopicPiece[] = [];
  let buf = '';
  for (const s of sentences) {
    const body = s.replace(/。$/, '');
    if (s.endsWith('。') && topic.test(body) && body.length <= 36) {
      if (buf.trim()) pieces.push({ text: buf.trim() });
      pieces.push({ topic: body });
      buf = '';
    } else buf += s;
  }
  if (buf.trim()) pieces.push({ text: buf.trim() });
  return pieces;
}

export function outline(paragraphs: string[], rules: Rules['outline']): Section[] {
  const sections: Section[] = [{ level: 0, path: [], kind: 'lead', paragraphs: [] }];
  let top: string | null = null;
  let interview = false;
  const current = () => sections[sections.length - 1];
  const open = (level: number, heading: string, kind: Section['kind'] = 'section'): Section => {
    const h = heading.trim();
    if (level <= 1) top = h;
    const s: Section = { level, path: level <= 1 || !top ? [h] : [top, h], kind, paragraphs: [] };
    sections.push(s);
    return s;
  };
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    let m: RegExpExecArray | null;
    if (rules.qaMarkers.some((re) => re.test(p))) {
      open(1, stripColon(p));
      continue;
    }
    if ((m = MARKDOWN.exec(p))) {
      open(m[1].length <= 1 ? 1 : 2, m[2]);
      continue;
    }
    if ((m = NUMBERED.exec(p))) {
      const [heading, body] = headingAndBody(m[1]);
      open(1, `${p.slice(0, p.indexOf('、') + 1)}${heading}`);
      if (body) current().paragraphs.push(body);
      continue;
    }
    if ((m = KEYWORD.exec(p))) {
      open(1, p);
      continue;
    }
    if (TWO_PART.test(p)) {
      open(1, p);
      continue;
    }
    if ((m = INTERVIEWER.exec(p))) {
      open(2, m[1], 'qa');
      interview = true;
      continue;
    }
    if (interview && (m = ANSWER.exec(p)) && current().kind === 'qa') {
      current().speaker ??= m[1];
      current().paragraphs.push(m[2]);
      continue;
    }
    if (QUESTION.test(p) && p.length <= 200 && isSpeakerLine(paragraphs[i + 1], rules.speakerTitles)) {
      const s = open(2, p, 'qa');
      s.speaker = stripColon(paragraphs[++i]);
      continue;
    }
    if (SUB_HEADING.test(p)) {
      open(2, p);
      continue;
    }
    for (const piece of splitTopics(p, rules)) {
      if (piece.topic) open(1, piece.topic);
      else if (piece.text) current().paragraphs.push(piece.text);
    }
  }
  return sections;
}
