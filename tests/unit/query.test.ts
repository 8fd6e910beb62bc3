import { parseQuery, cleanText } from '../../search/query';

describe('parseQuery', () => {
  it('splits words on spaces and keeps quoted phrases whole', () => {
    expect(parseQuery('网格 "人民调解 委员会" 法院')).toEqual({ include: ['网格', '人民调解 委员会', '法院'], exclude: [] });
  });

  it('reads Chinese quotation marks as phrase quotes', () => {
    expect(parseQuery('“枫桥经验” 调解').include).toEqual(['枫桥经验', '调解']);
  });

  it('turns -word and -"phrase" into exclusions', () => {
    expect(parseQuery('调解 -法院 -"公安 机关"')).toEqual({ include: ['调解'], exclude: ['法院', '公安 机关'] });
  });

  it('treats an unbalanced quote as a phrase to the end', () => {
    expect(parseQuery('调解 "网格 管理').include).toEqual(['调解', '网格 管理']);
  });

  it('drops parts without letters or digits and duplicates', () => {
    expect(parseQuery('- -- "" () 调解 调解 *')).toEqual({ include: ['调解'], exclude: [] });
  });

  it('survives lone surrogates, control characters and huge input', () => {
    expect(() => parseQuery('\ud800调解\u0000')).not.toThrow();
    expect(parseQuery('\ud800调解').include).toEqual(['\ufffd调解']);
    expect(parseQuery('调'.repeat(100000)).include[0].length).toBeLessThanOrEqual(500);
    expect(parseQuery(undefined)).toEqual({ include: [], exclude: [] });
  });

  it('normalises full-width letters and digits', () => {
    expect(cleanText('１２３０９ＡＰＰ')).toBe('12309APP');
  });
});
