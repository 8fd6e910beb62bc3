// The scope syntax and what a sentence and a paragraph are.
import { parseQuery } from '../../search/query';
import { unitStarts, unitTexts } from '../../search/units';
import { tokenStream } from '../../search/tokens';
import { fold } from '../../core/normalize';
import { encodeQueryPart, encodeText, scopeSuffix } from '../../search/meilisearch/encode';

describe('scopes in the query language', () => {
  it.each(['heading:网格员', 'heading：网格员', '标题:网格员', '标题：网格员', '篇名:网格员', 'Title:网格员'])('reads %s as 网格员 in headings', (q) => {
    expect(parseQuery(q)).toMatchObject({ groups: [['网格员']], exclude: [], scopes: ['heading'] });
  });

  it('reads "…"~sentence and ~paragraph (and their Chinese names) as separate words kept together', () => {
    expect(parseQuery('"网格员 调解"~sentence')).toMatchObject({ groups: [['网格员'], ['调解']], scopes: ['sentence', 'sentence'] });
    expect(parseQuery('"网格员、调解"~同段')).toMatchObject({ groups: [['网格员'], ['调解']], scopes: ['paragraph', 'paragraph'] });
    expect(parseQuery('网格员 调解 ~句')).toMatchObject({ scopes: ['sentence', 'sentence'] });
    expect(parseQuery('"网格员 调解"')).toEqual({ groups: [['网格员 调解']], exclude: [], expansions: [] });
  });

  it('gives a request scope to every word without its own, and keeps one proximity scope per query', () => {
    expect(parseQuery('网格员 -法院', { scope: 'heading' })).toMatchObject({ scopes: ['heading'], excludeScopes: ['heading'] });
    expect(parseQuery('heading:网格员 调解', { scope: 'sentence' })).toMatchObject({ scopes: ['heading', 'sentence'] });
    expect(parseQuery('"a b"~sentence "c d"~paragraph')).toMatchObject({
      scopes: ['sentence', 'sentence', 'sentence', 'sentence'],
      notes: [{ code: 'mixed-scopes', scope: 'sentence' }],
    });
    // A proximity needs a word to keep together: alone on an excluded word it is dropped.
    expect(parseQuery('调解 -"法院"~sentence')).toMatchObject({ groups: [['调解']], exclude: ['法院'], notes: [{ code: 'scope-without-words' }] });
  });

  it('notes what it could not read, and reads the rest', () => {
    expect(parseQuery('heading: 调解')).toMatchObject({ groups: [['调解']], notes: [{ code: 'empty-scope', text: 'heading:' }] });
    expect(parseQuery('"网格员 调解"~foo')).toMatchObject({ groups: [['网格员 调解']], notes: [{ code: 'unknown-scope', text: '~foo' }] });
    expect(parseQuery('调解 -heading:法院')).toMatchObject({ groups: [['调解']], exclude: ['法院'], scopes: [null], excludeScopes: ['heading'] });
  });
});

describe('sentences and paragraphs', () => {
  it('ends a sentence at 。！？； with the closing quotes that follow, and a paragraph (and a sentence) at a line break', () => {
    const text = fold('“推进诉源治理。”这是破题之匙！是吗？是；\n今年以来,该院着眼“治标”。');
    expect(unitTexts(text)).toEqual({
      sentences: ['“推进诉源治理。”', '这是破题之匙!', '是吗?', '是;\n', '今年以来,该院着眼“治标”。'],
      paragraphs: ['“推进诉源治理。”这是破题之匙!是吗?是;\n', '今年以来,该院着眼“治标”。'],
    });
  });

  it('places unit starts at the token positions of the stream both backends index', () => {
    const text = fold('甲乙。 丙丁\n戊');
    const stream = tokenStream(text);
    const starts = unitStarts(text, 0);
    expect(starts.map((s) => s.position)).toEqual([4, 7]);
    expect(starts.map((s) => s.paragraph)).toEqual([false, true]);
    // 丙 starts the token at position 4, 戊 the one at 7 (one empty position after each run).
    expect(stream[4]).toBe(tokenStream('丙丁')[0]);
    expect(stream[7]).toBe(tokenStream('戊')[0]);
  });

  it('spells scoped words for Meilisearch so that they never equal plain words or another unit’s', () => {
    const plain = new Set(encodeText('网格员调解 APP 12309').split(' '));
    const suffixes = [scopeSuffix('heading'), ...[0, 1, 23, 30].map((n) => scopeSuffix('sentence', n)), ...[0, 11].map((n) => scopeSuffix('paragraph', n))];
    expect(new Set(suffixes).size).toBe(suffixes.length - 1); // sentences past the 24th share the last slot
    for (const s of suffixes) for (const w of encodeText('网格员调解 APP 12309', s).split(' ')) expect(plain.has(w)).toBe(false);
    const suffix = scopeSuffix('sentence', 2);
    const words = encodeQueryPart('网格员', suffix).phrases[0].replace(/"/g, '').split(' ');
    expect(words.length).toBe(2);
    for (const w of words) expect(w.endsWith(suffix) && encodeText('网格员').split(' ').includes(w.slice(0, -suffix.length))).toBe(true);
  });
});
