import { gramTokens, tailTokens, searchWords, useUserDictionary } from '../../search/segment';
import { highlight, snippet, escapeHtml } from '../../search/highlight';
import { TAXONOMY_DIR } from '../helpers/corpus';
import path from 'node:path';

beforeAll(() => useUserDictionary(path.join(TAXONOMY_DIR, 'dictionary.txt')));

describe('segmentation', () => {
  it('turns Han text into overlapping bigrams so that any piece of it is a phrase of tokens', () => {
    expect(gramTokens('人民调解委员会')).toEqual(['人民', '民调', '调解', '解委', '委员', '员会']);
    expect(gramTokens('调解')).toEqual(['调解']);
  });

  it('keeps Latin letters and digits apart from Han text', () => {
    expect(gramTokens('12309检察服务')).toEqual(['12309', '检察', '察服', '服务']);
    expect(gramTokens('“4+N”机制')).toEqual(['4', 'n', '机制']);
  });

  it('adds the last character of each run so that one character finds it', () => {
    expect(tailTokens('织密网,平安')).toEqual(['网', '安']);
  });

  it('uses the corpus dictionary for whole words', () => {
    expect(searchWords('坚持发展枫桥经验')).toContain('枫桥经验');
    expect(searchWords('网格员队伍')).toContain('网格员');
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

  it('matches Latin letters case-insensitively', () => {
    expect(highlight('下载APP', ['app'])).toBe('下载<mark>APP</mark>');
  });
});
