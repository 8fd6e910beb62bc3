// The text of an article's HTML as the corpus keeps it: one paragraph per line, headings on lines
// of their own, list items numbered, nothing reworded.
import { parseHTML } from 'linkedom';
import type { DomDocument, DomElement, DomNode } from './dom';

export interface Block {
  text: string;
  /** 1–6 for a heading, 0 for a paragraph. */
  level: number;
}

const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'LI',
  'BLOCKQUOTE',
  'TD',
  'TH',
  'TR',
  'TABLE',
  'UL',
  'OL',
  'PRE',
  'FIGCAPTION',
  'DD',
  'DT',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'CANVAS',
  'BUTTON',
  'SELECT',
  'INPUT',
  'TEXTAREA',
  'FORM',
  'NAV',
  'IMG',
]);

const squeeze = (s: string) => s.replace(/[\u00a0\u3000\t ]+/g, ' ').trim();

/** Splits HTML into paragraphs and headings, in reading order. */
export function htmlBlocks(html: string): Block[] {
  const document = parseHTML(`<!doctype html><html><body>${html}</body></html>`).document as unknown as DomDocument;
  const out: Block[] = [];
  let line = '';
  const flush = (level = 0) => {
    for (const part of line.split('\n')) {
      const text = squeeze(part);
      if (text) out.push({ text, level });
    }
    line = '';
  };
  const walk = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        line += (child.textContent ?? '').replace(/\s*\n\s*/g, ' ');
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as DomElement;
      const tag = el.tagName.toUpperCase();
      if (SKIP.has(tag)) continue;
      if (tag === 'BR') {
        line += '\n';
        continue;
      }
      if (!BLOCK.has(tag)) {
        walk(el);
        continue;
      }
      flush();
      const heading = /^H([1-6])$/.exec(tag);
      if (heading) {
        line = el.textContent?.replace(/\s*\n\s*/g, ' ') ?? '';
        flush(Number(heading[1]));
        continue;
      }
      if (tag === 'OL' || tag === 'UL') {
        let n = 0;
        for (const li of Array.from(el.children)) {
          if (li.tagName.toUpperCase() !== 'LI') continue;
          n++;
          walk(li);
          // A numbered item keeps its number; the text of a bulleted one is enough.
          if (tag === 'OL' && line.trim() && !/^\s*(\d+|[一二三四五六七八九十]+)[.、．]/u.test(line)) line = `${n}. ${line.trim()}`;
          flush();
        }
        continue;
      }
      walk(el);
      flush();
    }
  };
  if (document.body) walk(document.body);
  flush();
  return out;
}
