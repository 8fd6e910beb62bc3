// A web page saved from a browser: the article body by Mozilla's Readability (the engine of
// Firefox's reader view), and what the page says about itself in its head and its info line.
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { htmlBlocks, type Block } from './blocks';
import type { Hints } from './hints';
import type { DomDocument } from './dom';
import { readInfoLine } from '../infer';

const meta = (document: DomDocument, ...names: string[]): string | undefined => {
  for (const n of names) {
    const el = document.querySelector(`meta[property="${n}"], meta[name="${n}"], meta[name="${n.toLowerCase()}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return undefined;
};

/** "saved from url=(0051)http://…": the comment a browser writes into a page it saves. */
function savedFrom(html: string): string | undefined {
  return /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096))?.[1];
}

export interface ExtractedPage {
  blocks: Block[];
  hints: Hints;
}

export function extractHtml(html: string): ExtractedPage {
  const document = parseHTML(html).document as unknown as DomDocument;
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim();
  const hints: Hints = {
    titleTag: document.querySelector('title')?.textContent?.trim() || undefined,
    ogTitle: meta(document, 'og:title', 'ArticleTitle'),
    h1: document.querySelector('h1')?.textContent?.trim() || undefined,
    siteName: meta(document, 'og:site_name', 'SiteName'),
    author: meta(document, 'author', 'Author', 'article:author'),
    published: meta(document, 'article:published_time', 'PubDate', 'pubdate', 'publishdate', 'og:release_date', 'firstpublishedtime'),
    source: meta(document, 'ContentSource', 'source'),
    url: [canonical, meta(document, 'og:url'), savedFrom(html)].find((u) => !!u && /^https?:\/\//i.test(u)),
  };
  // The info line (来源 … 发布时间 …) sits outside the article on most sites: it is read from the whole page.
  for (const b of htmlBlocks(document.body?.innerHTML ?? '')) {
    const fields = readInfoLine(b.text);
    if (fields && (fields['来源'] || fields['发布时间'] || fields['发布日期'] || fields['作者'])) {
      hints.info = fields;
      break;
    }
  }
  // Readability changes the document it reads; it gets its own copy.
  const article = new Readability(parseHTML(html).document as never, { charThreshold: 100, keepClasses: false }).parse();
  const blocks = article?.content ? htmlBlocks(article.content) : htmlBlocks(document.body?.innerHTML ?? '');
  if (!hints.siteName && article?.siteName) hints.siteName = article.siteName;
  if (!hints.author && article?.byline) hints.byline = article.byline;
  return { blocks, hints };
}
