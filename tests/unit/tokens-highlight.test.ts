import { highlight, snippet, escapeHtml } from '../../search/highlight';
import { GAP, bigramKey, keyChars, pattern, tailKey, tokenStream } from '../../search/tokens';
import { encodeQueryPart, encodeText } from '../../search/meilisearch/encode';
import { fold } from '../../core/normalize';

const cp = (s: string) => s.codePointAt(0) as number;
const show = (keys: number[]) =>
  keys.map((k) => {
    if (k === GAP) return '_';
    const [a, b] = keyChars(k);
    return String.fromCodePoint(a) + (b ? String.fromCodePoint(b) : '$');
  });

describe('the token stream', () => {
  it('gives every character position its bigram, and the last one of a run its tail', () => {
    expect(show(tokenStream('人民调解委员会'))).toEqual(['人民', '民调', '调解', '解委', '委员', '员会', '会$']);
  });

  it('treats Han, Latin letters, digits and punctuation alike, so mixed words are found inside longer ones', () => {
    expect(show(tokenStream('综治e通'))).toEqual(['综治', '治e', 'e通', '通$']);
    expect(show(tokenStream('“4+N”'))).toEqual(['“4', '4+', '+n', 'n”', '”$']);
  });

  it('folds full-width forms and capitals, and leaves one empty position between runs', () => {
    expect(fold('ＡＰＰ１２３')).toBe('app123');
    expect(show(tokenStream('ab  CD'))).toEqual(['ab', 'b$', '_', 'cd', 'd$']);
  });

  it('turns a query word into tokens at offsets: bigrams, a tail before whitespace, a prefix for a lone character', () => {
    expect(pattern('309')).toEqual([
      { offset: 0, key: bigramKey(cp('3'), cp('0')), prefix: false },
      { offset: 1, key: bigramKey(cp('0'), cp('9')), prefix: false },
    ]);
    expect(pattern('ab cd')).toEqual([
      { offset: 0, key: bigramKey(cp('a'), cp('b')), prefix: false },
      { offset: 1, key: tailKey(cp('b')), prefix: false },
      { offset: 3, key: bigramKey(cp('c'), cp('d')), prefix: false },
    ]);
    expect(pattern('网')).toEqual([{ offset: 0, char: cp('网'), prefix: true }]);
    expect(pattern('  ')).toEqual([]);
  });

  it('spells tokens for Meilisearch as short lower-case ASCII words that its tokenizer keeps whole', () => {
    // A CJK ideograph is three symbols, another BMP character four, an astral one five; a tail is its character alone.
    expect(encodeText('调解')).toMatch(/^[a-q][a-z0-9]{5} [a-q][a-z0-9]{2}$/);
    expect(encodeText('ab cd').split(' ')).toHaveLength(5);
    expect(encodeText('ab cd').split(' ')[2]).toBe('r');
    expect(encodeQueryPart('ab cd')).toEqual({ phrases: [`"${encodeText('ab cd').split(' ').slice(0, 4).join(' ')}"`], chars: [] });
    expect(encodeQueryPart('网')).toEqual({ phrases: [], chars: ['网'] });
    expect(encodeText('𠀀')).toMatch(/^z[a-z0-9]{4}$/);
    // Prefix-free: no two different token streams are spelled alike.
    const words = new Set(['调解', '调', '解', 'ab', 'a', 'b', '网格', '𠀀a'].map((w) => encodeText(w)));
    expect(words.size).toBe(8);
  });
});

describe('highlighting', () => {
  it('wraps every match in <mark> and escapes all other text', () => {
    expect(highlight('<b>调解</b> & 调解', ['调解'])).toBe('&lt;b&gt;<mark>调解</mark>&lt;/b&gt; &amp; <mark>调解</mark>');
  });

  it('never lets a query word inject markup', () => {
    expect(highlight('a <script> b', ['<script>'])).toBe('a <mark>&lt;script&gt;</mark> b');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('crops long text around the first match with ellipses', () => {
    const text = `${'甲'.repeat(300)}无讼社区${'乙'.repeat(300)}`;
    const s = snippet(text, ['无讼社区'], 100);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('<mark>无讼社区</mark>');
    const plain = s.replace(/<\/?mark>/g, '').replace(/…/g, '');
    expect(plain.length).toBeLessThanOrEqual(104);
    const at = plain.indexOf('无讼社区');
    expect(Math.abs(at - (plain.length - at - 4))).toBeLessThanOrEqual(4);
  });

  it('starts at the beginning when nothing matches', () => {
    expect(snippet('甲'.repeat(300), ['乙'], 50)).toBe(`${'甲'.repeat(50)}…`);
  });

  it('matches as the search does: capitals, full-width forms, whitespace inside a phrase', () => {
    expect(highlight('下载APP', ['app'])).toBe('下载<mark>APP</mark>');
    expect(highlight('下载ＡＰＰ后', ['app'])).toBe('下载<mark>ＡＰＰ</mark>后');
    expect(highlight('social  governance', ['social governance'])).toBe('<mark>social  governance</mark>');
  });
});
