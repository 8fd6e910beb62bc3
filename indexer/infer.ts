// The front matter of a report that arrives without one: each field with the evidence it was read
// from, and every field marked as inferred (the citation shows such facts as supplied).
import type { Genre } from '../core/types';
import { coded, type Reason } from '../core/report-errors';
import type { Block } from './formats/blocks';
import type { Hints } from './formats/hints';
import type { Rules } from './rules';
import { inferPlace } from './gazetteer';

export interface Inferred {
  value: string;
  /** Where the value was read: "og:title", "来源 line", "URL path" … */
  from: string;
}

export interface InferredMeta {
  title?: Inferred;
  publisher?: Inferred;
  author?: Inferred;
  published?: Inferred;
  url?: Inferred;
  city?: Inferred;
  province?: Inferred;
  district?: Inferred;
  genre?: Inferred;
}

/** A short line of page furniture that states 来源, 作者, 发布时间 … of the article. */
const INFO_LINE = /(来源|作者|记者|编辑|责任编辑|发布时间|发布日期|时间|日期|浏览|点击|字号)[:：]/u;
const DATE = /(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/u;

function isoDate(s: string | undefined): string | undefined {
  const m = s ? DATE.exec(s) : null;
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 2021/11/03, 202111/t20211103_, 2021-11-03 in an address. */
function dateFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /\/(20\d{2})[-/]?(\d{2})[-/]?(\d{2})?\/(?:t(20\d{2})(\d{2})(\d{2}))?/.exec(url);
  if (!m) return undefined;
  if (m[4]) return isoDate(`${m[4]}-${m[5]}-${m[6]}`);
  return m[3] ? isoDate(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
}

/** Reads a page's info line (来源:昆明长安网 发布时间:2021-11-03 10:20 作者:…) into fields. */
export function readInfoLine(line: string): Record<string, string> | null {
  if (line.length > 160 || !INFO_LINE.test(line)) return null;
  const fields: Record<string, string> = {};
  const parts = line.split(/\s*(?=(?:来源|作者|记者|编辑|责任编辑|发布时间|发布日期|时间|日期|浏览次数|点击数|字号)[:：])/u);
  for (const p of parts) {
    const m = /^(来源|作者|记者|编辑|责任编辑|发布时间|发布日期|时间|日期|浏览次数|点击数|字号)[:：]\s*(.*?)\s*$/u.exec(p);
    if (m && m[2]) fields[m[1]] = m[2].replace(/\s*【.*$/u, '').trim();
  }
  // A line that is only page furniture (the info line) names at least one field and little else.
  return Object.keys(fields).length ? fields : null;
}

/** The site name a <title> carries after the article's title (标题_昆明长安网, 标题 - 新湖南). */
function splitTitleTag(tag: string | undefined): { title?: string; site?: string } {
  if (!tag) return {};
  const m = /^(.*\S)\s*[_|｜—–-]\s*([^_|｜—–-]{2,30})$/u.exec(tag);
  return m ? { title: m[1].trim(), site: m[2].trim() } : { title: tag.trim() };
}

function guessGenre(text: string): Genre | undefined {
  if (/新闻发布会|发布会/.test(text.slice(0, 600))) return 'press-conference';
  if (/^[^\n]{2,20}[:：]/mu.test(text) && /(记者|采访|访谈|专访)/.test(text.slice(0, 800))) return 'interview';
  if (/回顾|综述|五年来|十年来/.test(text.slice(0, 400))) return 'review';
  return undefined;
}

/**
 * Decides the front matter of a converted file from its hints and its text, and returns the body
 * lines without the title and info lines (which become front matter) and without page furniture.
 */
export function inferFrontMatter(
  blocks: Block[],
  hints: Hints,
  rules: Rules,
): { meta: InferredMeta; lines: { text: string; level: number }[]; warnings: Reason[] } {
  const meta: InferredMeta = {};
  const warnings: Reason[] = [];
  const set = (k: keyof InferredMeta, value: string | undefined, from: string) => {
    if (value && !meta[k]) meta[k] = { value: value.trim(), from };
  };
  const tag = splitTitleTag(hints.titleTag);
  const firstHeading = blocks.find((b) => b.level > 0)?.text;
  set('title', hints.ogTitle, 'og:title');
  set('title', hints.h1, 'h1');
  set('title', hints.docTitle, 'document title');
  set('title', tag.title, '<title>');
  set('title', firstHeading, 'first heading');
  const info: Record<string, string> = {};
  const furniture = (text: string) => rules.outline.boilerplate.some((re) => re.test(text));
  const lines: { text: string; level: number }[] = [];
  const title = meta.title?.value.replace(/\s+/g, '');
  Object.assign(info, hints.info ?? {});
  for (const b of blocks) {
    // A page marker of a PDF stays where it is.
    if (b.level < 0) {
      lines.push(b);
      continue;
    }
    const fields = readInfoLine(b.text);
    if (fields && lines.length < 5) {
      Object.assign(info, fields);
      continue;
    }
    if (furniture(b.text)) continue;
    if (title && b.text.replace(/\s+/g, '') === title && lines.length < 3) continue;
    lines.push(b);
  }
  const firstLine = lines.find((l) => l.level >= 0);
  if (!meta.title && firstLine) set('title', firstLine.text.slice(0, 120), 'first line');
  set('publisher', info['来源'], '来源 line');
  set('publisher', hints.source, 'source meta tag');
  set('publisher', hints.siteName, 'site name');
  set('publisher', tag.site, '<title>');
  set('author', info['作者'] ?? info['记者'], info['作者'] ? '作者 line' : '记者 line');
  set('author', hints.author, 'author meta tag');
  set('author', hints.byline, 'byline');
  set('published', isoDate(hints.published), 'date meta tag');
  set('published', isoDate(info['发布时间'] ?? info['发布日期'] ?? info['时间'] ?? info['日期']), '发布时间 line');
  set('published', dateFromUrl(hints.url), 'URL path');
  set('url', hints.url, 'canonical link, og:url or "saved from" comment');
  const text = lines
    .filter((l) => l.level >= 0)
    .map((l) => l.text)
    .join('\n');
  const place = inferPlace(`${meta.title?.value ?? ''}\n${text}`);
  for (const k of ['province', 'city', 'district'] as const) set(k, place[k], 'gazetteer');
  set('genre', guessGenre(text), 'wording');
  if (!meta.city) warnings.push(coded('no-city-found'));
  if (text.length < 300) warnings.push(coded('short-body', { chars: text.length }));
  const leftovers = lines.filter((l) => /(版权所有|ICP|分享|扫一扫|上一篇|下一篇|责任编辑|Copyright)/u.test(l.text)).length;
  if (leftovers) warnings.push(coded('furniture-left', { lines: leftovers }));
  return { meta, lines, warnings };
}
