// Romanisation by pinyin-pro: the toneless syllables of Chinese text, for finding places, agencies
// and practices by pinyin (Baoshan, fengqiao jingyan) and for telling near misses apart (调节 → 调解).
import { pinyin } from 'pinyin-pro';

/** The toneless pinyin syllables of a text's Han characters, lower case (保山市 → bao shan shi). */
export function syllables(text: string): string[] {
  const han = Array.from(text).filter((c) => /\p{Script=Han}/u.test(c));
  if (!han.length) return [];
  return pinyin(han.join(''), { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase().replace(/ü/g, 'u'));
}

/** A text's pinyin as one word (保山市 → baoshanshi), or '' without Han characters. */
export function pinyinWord(text: string): string {
  return syllables(text).join('');
}
