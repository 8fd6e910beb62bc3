import { EMPTY_STATE, isCanonical, parseSearchState, StateError, toSearchParams, toggleFilter, type SearchState } from '../../server/url-state';

const parse = (qs: string) => {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) query[k] = k in query ? [...([] as string[]).concat(query[k]), v] : v;
  return parseSearchState(query);
};

describe('search state in the URL', () => {
  it('round-trips: parsing what toSearchParams wrote gives the same state', () => {
    const states: SearchState[] = [
      EMPTY_STATE,
      { ...EMPTY_STATE, q: '调解 "人民调解" -法院' },
      { ...EMPTY_STATE, q: '网格员 调解', scope: 'sentence' },
      {
        q: '网格',
        scope: 'heading',
        filters: {
          city: ['保山市', '晋城市'],
          agency: ['法院'],
          theme: ['grid'],
          year: ['2021'],
          doc: ['a-b'],
          kind: ['measure'],
          district: ['官渡区'],
          practice: ['4+N'],
          province: ['云南省'],
        },
        sort: '-date',
        synonyms: false,
        page: 3,
        perPage: 50,
        lang: 'en',
      },
      { ...EMPTY_STATE, filters: { practice: ['a&b=c', '“三调联动”', '100%'] } },
    ];
    for (const s of states) expect(parse(toSearchParams(s).toString()).state).toEqual(s);
  });

  it('writes keys in one canonical order and leaves defaults out', () => {
    const { state } = parse('lang=en&page=2&syn=0&agency=法院&city=保山市&q=网格&city=晋城市&sort=date&scope=paragraph');
    expect(toSearchParams(state).toString()).toBe(
      new URLSearchParams('q=网格&scope=paragraph&city=保山市&city=晋城市&agency=法院&sort=date&syn=0&page=2&lang=en').toString(),
    );
    expect(toSearchParams(EMPTY_STATE).toString()).toBe('');
  });

  it('ignores keys outside the allow-list and empty values', () => {
    expect(parse('q=调解&utm_source=x&submit=搜索&city=&foo[bar]=1').state).toEqual({ ...EMPTY_STATE, q: '调解' });
  });

  it('tells whether an address is already canonical', () => {
    const { state } = parse('q=调解&city=保山市');
    expect(isCanonical(new URLSearchParams('q=调解&city=保山市').toString(), state)).toBe(true);
    expect(isCanonical(new URLSearchParams('city=保山市&q=调解').toString(), state)).toBe(false);
    expect(isCanonical(new URLSearchParams('q=调解&city=保山市&city=').toString(), state)).toBe(false);
  });

  it('refuses values no page can show, with a message naming the parameter', () => {
    for (const [qs, key] of [
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['page=-1', 'page'],
      ['per_page=0', 'per_page'],
      ['sort=random', 'sort'],
      ['scope=title', 'scope'],
      ['scope=~foo', 'scope'],
      ['year=abc', 'year'],
      ['year=20245', 'year'],
    ]) {
      expect(() => parse(qs)).toThrow(StateError);
      expect(() => parse(qs)).toThrow(new RegExp(key));
    }
  });

  it('reads a language it does not offer as Chinese, the default, rather than refusing the page', () => {
    expect(parse('lang=fr').state.lang).toBe('zh');
    expect(parse('lang=en').state.lang).toBe('en');
    expect(parse('year=2024').state.filters.year).toEqual(['2024']);
  });

  it('refuses a page size beyond 100 and page numbers not written as whole numbers, saying what is allowed; cuts an over-long query with a notice', () => {
    expect(() => parse('per_page=1000')).toThrow('"per_page" must be a whole number from 1 to 100, written in digits (got "1000").');
    expect(() => parse('per_page=1e9')).toThrow(/"per_page" must be a whole number from 1 to 100, written in digits \(got "1e9"\)/);
    expect(() => parse('page=99999999999')).toThrow(/"page" must be a whole number from 1 to 1,000,000/);
    expect(parse('per_page=100').state.perPage).toBe(100);
    const r = parse(`q=${'调'.repeat(300)}`);
    expect(r.state.q).toHaveLength(200);
    expect(r.notices).toEqual(['query-cut']);
  });

  it('starts again at page 1 when a filter is ticked or unticked', () => {
    const s = { ...EMPTY_STATE, page: 4, filters: { city: ['保山市'] } };
    expect(toggleFilter(s, 'city', '晋城市')).toMatchObject({ page: 1, filters: { city: ['保山市', '晋城市'] } });
    expect(toggleFilter(s, 'city', '保山市')).toMatchObject({ page: 1, filters: {} });
  });
});
