import { parseQuery, cleanText, needles } from '../../search/query';

const words = (q: string) => parseQuery(q).groups;

describe('parseQuery', () => {
  it('splits words on spaces and keeps quoted phrases whole', () => {
    expect(parseQuery('网格 "人民调解 委员会" 法院')).toEqual({ groups: [['网格'], ['人民调解 委员会'], ['法院']], exclude: [], expansions: [] });
  });

  it('reads Chinese quotation marks as phrase quotes', () => {
    expect(words('“枫桥经验” 调解')).toEqual([['枫桥经验'], ['调解']]);
  });

  it('turns -word and -"phrase" into exclusions', () => {
    expect(parseQuery('调解 -法院 -"公安 机关"')).toMatchObject({ groups: [['调解']], exclude: ['法院', '公安 机关'] });
  });

  it('treats an unbalanced quote as a phrase to the end', () => {
    expect(words('调解 "网格 管理')).toEqual([['调解'], ['网格 管理']]);
  });

  it('drops parts without letters or digits and duplicates', () => {
    expect(parseQuery('- -- "" () 调解 调解 *')).toEqual({ groups: [['调解']], exclude: [], expansions: [] });
  });

  it('reads separators between words as spaces and says so', () => {
    for (const q of ['调解、网格', '调解,网格', '调解，网格', '调解;网格', '调解+网格', '调解＋网格'])
      expect([q, parseQuery(q)]).toEqual([q, { groups: [['调解'], ['网格']], exclude: [], expansions: [], habits: true }]);
    expect(parseQuery('调解 网格').habits).toBeUndefined();
  });

  it('keeps punctuation inside numbers and Latin formulas', () => {
    expect(words('48,600个 4+N')).toEqual([['48,600个'], ['4+N']]);
    expect(words('"调解、网格"')).toEqual([['调解、网格']]);
  });

  it('reads | and 或 as OR, AND and 且 as AND, NOT and 非 as exclusion, and each as a word where it has nothing to work on', () => {
    expect(words('调解|网格 法院')).toEqual([['调解', '网格'], ['法院']]);
    expect(words('调解 或 网格')).toEqual([['调解', '网格']]);
    expect(words('调解 AND 网格')).toEqual([['调解'], ['网格']]);
    expect(words('调解 且 网格')).toEqual([['调解'], ['网格']]);
    expect(parseQuery('调解 NOT 法院')).toMatchObject({ groups: [['调解']], exclude: ['法院'] });
    expect(parseQuery('调解 非 "公安 机关"')).toMatchObject({ groups: [['调解']], exclude: ['公安 机关'] });
    expect(words('AND 调解')).toEqual([['AND'], ['调解']]);
    expect(words('调解 NOT')).toEqual([['调解'], ['NOT']]);
    expect(words('非法 调解')).toEqual([['非法'], ['调解']]);
  });

  it('reads an upper-case OR between two words or phrases as alternatives, binding tighter than AND', () => {
    expect(words('调解 OR 网格 法院')).toEqual([['调解', '网格'], ['法院']]);
    expect(words('法院 "人民调解" OR 调委会 OR 网格')).toEqual([['法院'], ['人民调解', '调委会', '网格']]);
  });

  it('keeps lower-case or, and an OR that joins nothing, as words', () => {
    expect(words('调解 or 网格')).toEqual([['调解'], ['or'], ['网格']]);
    expect(words('OR 调解')).toEqual([['OR'], ['调解']]);
    expect(words('调解 OR')).toEqual([['调解'], ['OR']]);
    expect(parseQuery('调解 OR -法院')).toMatchObject({ groups: [['调解'], ['OR']], exclude: ['法院'] });
  });

  it('adds the other words of a synonym group to a word that holds one, and says so', () => {
    const q = parseQuery('妇女调解 法院', { synonyms: [['妇女', '女子', '巾帼']] });
    expect(q.groups).toEqual([['妇女调解', '女子调解', '巾帼调解'], ['法院']]);
    expect(q.expansions).toEqual([{ word: '妇女调解', added: ['女子调解', '巾帼调解'] }]);
    expect(needles(q)).toEqual(['妇女调解', '女子调解', '巾帼调解', '法院']);
  });

  it('uses the longest synonym a word holds, also in exclusions', () => {
    const q = parseQuery('-派出所', {
      synonyms: [
        ['派出所', '警务室'],
        ['派出', '外派'],
      ],
    });
    expect(q.exclude).toEqual(['派出所', '警务室']);
  });

  it('survives lone surrogates, control characters and huge input', () => {
    expect(() => parseQuery('\ud800调解\u0000')).not.toThrow();
    expect(words('\ud800调解')).toEqual([['\ufffd调解']]);
    expect(words('调'.repeat(100000))[0][0].length).toBeLessThanOrEqual(500);
    expect(parseQuery(undefined)).toEqual({ groups: [], exclude: [], expansions: [] });
  });

  it('normalises full-width letters and digits', () => {
    expect(cleanText('１２３０９ＡＰＰ')).toBe('12309APP');
  });
});
