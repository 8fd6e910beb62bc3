// A report as large as an upload may be (20 MB) is read in time that grows with its size, not
// faster: a place is looked for in one pass over the text, a long paragraph is split into
// measures without rejoining its tail at every sentence, a speaker is looked up once, a chunk's
// page found without going through every page before it.
import fc from 'fast-check';
import { countEach, countOccurrences, pageMark } from '../../indexer/text';
import { inferPlace } from '../../indexer/gazetteer';
import { measures } from '../../indexer/measures';
import { chunkReport } from '../../indexer/chunk';
import { parseReport } from '../../indexer/read';
import { testRules } from '../helpers/corpus';
import { syntheticReport } from '../helpers/admin';

/** Milliseconds `f` takes. */
function timed<T>(f: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = f();
  return { ms: performance.now() - started, value };
}

describe('counting many needles at once', () => {
  it('counts each needle as countOccurrences does, overlaps and repeats included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '市', '区') }),
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '市', '区'), maxLength: 4 })),
        (text, needles) => {
          const counts = countEach(text, needles);
          for (const n of needles) expect(counts.get(n) ?? 0).toBe(countOccurrences(text, n));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds where a 7-million-character report is from in one pass, not one per place name', () => {
    const text = syntheticReport(20_000_000);
    const { ms, value } = timed(() => inferPlace(text));
    expect(value.city).toBe('保山市');
    // One indexOf over the whole text for each of 3,346 place names took 7–14 s.
    expect(ms).toBeLessThan(5000);
  });
});

describe('chunking a large report', () => {
  const rules = testRules();
  const sentences = syntheticReport(1_500_000).split('\n').slice(1).join('');

  it('splits a paragraph of half a million characters into measures in well under a second', () => {
    const paragraph = `组建团队,优化检察职能配置。${sentences}`;
    expect(paragraph.length).toBeGreaterThan(500_000);
    const { ms, value } = timed(() => measures([paragraph]));
    expect(value.map((u) => u.text).join('')).toBe(paragraph);
    // Joining the rest of the paragraph at every sentence took about 8 s.
    expect(ms).toBeLessThan(1000);
  });

  it('looks a speaker up once for all their turns, and finds each chunk’s page in one walk', () => {
    const turns = Array.from(
      { length: 3000 },
      (_, i) => `《测试报》:第${i}个问题是什么?\n张三:我们推进网格化服务管理${i}。${sentences.slice(i * 60, i * 60 + 60)}。`,
    );
    const interview = parseReport('interview.txt', ['测试市访谈', ...turns].join('\n'));
    const pages = parseReport(
      'pages.md',
      ['---', 'id: pages', 'title: 测试市报告', '---', ...turns.flatMap((t, i) => [pageMark(i + 1), t.split('\n')[1]])].join('\n'),
    );
    const { ms, value } = timed(() => [chunkReport(interview, rules), chunkReport(pages, rules)]);
    expect(value[0].chunks.filter((c) => c.speaker === '张三')).toHaveLength(3000);
    const found = value[1].chunks.flatMap((c) => (c.page ? [c.page] : []));
    expect(found.length).toBeGreaterThan(2900);
    expect(found[0]).toBe(1);
    expect(found[found.length - 1]).toBe(3000);
    expect(found.every((p, i) => i === 0 || p >= found[i - 1])).toBe(true);
    // Looking the speaker up at every turn and every page mark up for every chunk took 270 s.
    expect(ms).toBeLessThan(10_000);
  });
});
