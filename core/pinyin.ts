// Romanisation by pinyin-pro: the toneless syllables of Chinese text, for finding places, agencies
// and practices by pinyin (Baoshan, fengqiao jingyan) and for telling near misses apart (调节 → 调解).
import { pinyin } from 'pinyin-pro';

/** Names repeat across every chunk of a corpus (cities, agencies, practices): each is romanised once. */
const known = new Map<string, readonly string[]>();
const MAX_KNOWN = 20_000;

/** The toneless pinyin syllables of a text's Han characters, lower case (保山市 → bao shan shi). */
export function syllables(text: string): readonly string[] {
  const cached = known.get(text);
  if (cached) return cached;
  const han = Array.from(text).filter((c) => /\p{Script=Han}/u.test(c));
  const out = han.length ? pinyin(han.join(''), { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase().replace(/ü/g, 'u')) : [];
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(text, out);
  return out;
}

/** A text's pinyin as one word (保山市 → baoshanshi), or '' without Han characters. */
export function pinyinWord(text: string): string {
  return syllables(text).join('');
}
