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

const PUNCTUATION: Record<string, string> = {
  '，': ', ',
  '、': ', ',
  '。': '. ',
  '：': ': ',
  '；': '; ',
  '！': '! ',
  '？': '? ',
  '（': ' (',
  '）': ') ',
  '【': '[',
  '】': '] ',
  '《': '',
  '》': '',
  '“': ' "',
  '”': '" ',
  '‘': "'",
  '’': "'",
  '—': '-',
  '·': ' ',
};

/** Syllables written as one word, with an apostrophe where a syllable starting with a, o or e would run into the one before (ping'an). */
function joined(sylls: readonly string[]): string {
  return sylls.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A Chinese title romanised as library catalogues and English-language journals write it: the
 * syllables apart, lower case, but each of the given proper names (places: 保山市, or 保山 without
 * its 市) as one capitalised word, the first word capitalised, Chinese punctuation as Latin
 * (【保山这十年】交出平安法治保山建设高分答卷 → [Baoshan zhe shi nian] jiao chu ping an fa zhi Baoshan …).
 */
export function romanisedTitle(title: string, properNames: string[] = []): string {
  const names = [...new Set(properNames.flatMap((n) => [n, n.replace(/(省|市|区|县|州|镇|乡)$/u, '')]).filter((n) => Array.from(n).length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  const words: string[] = [];
  let latin = '';
  const flush = () => {
    if (latin) words.push(latin);
    latin = '';
  };
  for (let i = 0; i < title.length;) {
    const name = names.find((n) => title.startsWith(n, i));
    if (name) {
      flush();
      // 官渡区 → Guandu Qu: the name as one word, its administrative suffix apart.
      const suffix = /(省|市|区|县|州|镇|乡)$/u.exec(name)?.[1];
      const stem = suffix && Array.from(name).length > 2 ? name.slice(0, -1) : name;
      words.push(capital(joined(syllables(stem))) + (stem !== name && suffix ? ` ${capital(syllables(suffix)[0] ?? '')}` : ''));
      i += name.length;
      continue;
    }
    const ch = String.fromCodePoint(title.codePointAt(i) as number);
    i += ch.length;
    if (/\p{Script=Han}/u.test(ch)) {
      flush();
      words.push(...syllables(ch));
    } else if (Object.hasOwn(PUNCTUATION, ch)) {
      flush();
      words.push(`\u0000${PUNCTUATION[ch]}`);
    } else if (/\s/u.test(ch)) flush();
    else latin += ch;
  }
  flush();
  // Punctuation keeps its own spacing; words are spaced.
  const text = words
    .reduce((out, w) => (w.startsWith('\u0000') ? out + w.slice(1) : out + (out && !/[\s([“"']$/u.test(out) ? ' ' : '') + w), '')
    .replace(/\s+/gu, ' ')
    .replace(/\s+([,.:;!?)\]])/gu, '$1')
    .trim();
  return text.replace(/^([^\p{L}\p{N}]*)(\p{L})/u, (_m, lead: string, first: string) => lead + first.toUpperCase());
}
