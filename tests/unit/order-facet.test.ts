import { orderFacet } from '../../search/fields';

describe('facet values in order', () => {
  const byCountThenValue = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([value, count]) => ({ value, count }));

  it('lists the most frequent values first, ties by value, and no more than the limit', () => {
    const counts = new Map<string, number>();
    // Thousands of districts with many ties, in no particular order.
    for (let i = 0; i < 3000; i++) counts.set(`区${(i * 7919) % 3001}`, (i * 37) % 50);
    const got = orderFacet(counts, [], 100);
    expect(got).toHaveLength(100);
    expect(got.map(({ value, count }) => ({ value, count }))).toEqual(byCountThenValue(counts).slice(0, 100));
  });

  it('keeps every value when there are fewer than the limit, and adds a selected value beyond it with its count', () => {
    const counts = new Map([
      ['官渡区', 3],
      ['隆阳区', 9],
      ['城区', 3],
    ]);
    expect(orderFacet(counts).map((f) => f.value)).toEqual(['隆阳区', '城区', '官渡区']);
    const got = orderFacet(counts, ['官渡区', '泽州县'], 1);
    expect(got).toEqual([
      { value: '隆阳区', count: 9, selected: false },
      { value: '官渡区', count: 3, selected: true },
      { value: '泽州县', count: 0, selected: true },
    ]);
  });
});
