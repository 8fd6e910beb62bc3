// In the English interface, report text, place names and practice names stay Chinese. Screen
// readers and fonts need to know: every run of Chinese text on an English page is marked
// lang="zh-CN", in one pass over the rendered page rather than in every template.
import { mapText } from './html-text';

/** Chinese characters with the punctuation that runs between them. */
const RUN = /[\p{Script=Han}\u3000-\u303f\uff01-\uff65“”‘’…—·]+/gu;
const HAN = /\p{Script=Han}/u;

/** Wraps the Chinese text of an HTML page (not its attributes or raw-text elements) in lang="zh-CN" spans. */
export function markChinese(html: string): string {
  if (!HAN.test(html)) return html;
  return mapText(html, (text) => text.replace(RUN, (run) => (HAN.test(run) ? `<span lang="zh-CN">${run}</span>` : run)));
}
