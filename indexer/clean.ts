// Strips site furniture from a report and lifts metadata lines (来源, 作者, 原标题 ...) out of the text.
import type { Rules } from './rules';
import { PAGE_MARK } from './text';

export interface Cleaned {
  paragraphs: string[];
  meta: Record<string, string>;
}

function sameTitle(line: string, title: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').normalize('NFKC');
  const l = norm(line);
  const t = norm(title);
  return l === t || (t.length >= 6 && l.startsWith(t));
}

export function clean(body: string, title: string, rules: Rules['outline']): Cleaned {
  const meta: Record<string, string> = Object.create(null);
  const paragraphs: string[] = [];
  let titleSeen = false;
  for (const raw of body.split('\n')) {
    const line = rules.lineEndings.reduce((l, re) => l.replace(re, '').trim(), raw.replace(/[\u00a0\u3000]/g, ' ').trim());
    // A page marker of a converted PDF is where a page starts, not text of the report.
    if (!line || PAGE_MARK.test(line)) continue;
    if (rules.boilerplate.some((re) => re.test(line))) continue;
    const metaLine = rules.metaLines.find((m) => m.pattern.test(line));
    if (metaLine) {
      const value = metaLine.pattern.exec(line)?.[1]?.trim();
      if (value && !meta[metaLine.field]) meta[metaLine.field] = value;
      continue;
    }
    // The title line repeats the front matter; drop its first appearance near the top.
    if (!titleSeen && paragraphs.length < 3 && sameTitle(line, title)) {
      titleSeen = true;
      continue;
    }
    paragraphs.push(line);
  }
  return { paragraphs, meta };
}
