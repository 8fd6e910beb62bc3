// Rewriting the text of rendered HTML (never its tags, attributes or raw-text elements): how
// English pages mark their Chinese passages and how a measure shows the words it was found by.
import { highlight } from '../search/highlight';

/** Elements whose text cannot hold markup. */
const RAW = new Set(['title', 'script', 'style', 'textarea', 'option']);

/** Applies `fn` to every piece of text between tags, as the HTML has it (escaped). */
export function mapText(html: string, fn: (escapedText: string) => string): string {
  const parts = html.split(/(<[^>]*>)/);
  let raw: string | null = null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i % 2 === 1) {
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(part);
      if (!tag) continue;
      const name = tag[2].toLowerCase();
      if (raw === null && !tag[1] && RAW.has(name)) raw = name;
      else if (raw === name && tag[1]) raw = null;
    } else if (raw === null && part) parts[i] = fn(part);
  }
  return parts.join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** The text of rendered HTML, tags dropped and entities read. */
export function plainText(html: string): string {
  return unescapeHtml(html.replace(/<[^>]*>/g, ''));
}

/** Marks the words a reader searched for in rendered HTML (a match across tags is not marked). */
export function highlightHtml(html: string, needles: string[]): string {
  if (!needles.length) return html;
  return mapText(html, (text) => highlight(unescapeHtml(text), needles));
}
