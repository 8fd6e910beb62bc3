// Every chunk has a title that tells it apart within its report, where headings repeat: the
// section path, then the measure's own heading with its number, or a section's lead words.
import { seedCorpus } from '../helpers/corpus';
import { giveTitles, leadWords } from '../../indexer/title';
import type { Chunk } from '../../core/types';

const { docs, chunks } = seedCorpus();

describe('chunk titles', () => {
  it('are distinct within every seed report, though many headings are shared', () => {
    const key = (c: Chunk) => `${c.docId}\u0000${c.heading}`;
    const shared = chunks.filter((c) => chunks.filter((o) => key(o) === key(c)).length > 1);
    expect(shared.length).toBeGreaterThan(40);
    for (const d of docs) {
      const titles = chunks.filter((c) => c.docId === d.id).map((c) => c.title);
      expect(titles.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
      expect(new Set(titles).size).toBe(titles.length);
    }
  });

  it('start with the section and end with the measure’s number and heading, or the section’s lead words', () => {
    for (const c of chunks.filter((x) => x.sectionPath.length)) expect(c.title?.startsWith(c.sectionPath[0].slice(0, 10))).toBe(true);
    const numbered = chunks.find((c) => c.text.startsWith('(二)以人民为中心实行常态化执行接访')) as Chunk;
    expect(numbered.title).toBe('三、创新司法便民利民机制,让人民群众感到公平正义 › （二） 以人民为中心实行常态化执行接访');
    const aid = chunks.filter((c) => c.heading.startsWith('党的十八大以来保山市法律援助工作'));
    expect(aid.length).toBeGreaterThan(2);
    expect(aid.map((c) => c.title?.split(' › ').pop())).toEqual(aid.map((c) => leadWords(c.text)));
  });

  it('number what stays alike after all, and keep a long chunk’s part', () => {
    const base: Chunk = { ...chunks.find((c) => c.kind === 'section')!, text: '同一段话,一字不差。' };
    const parts = [base, { ...base }, { ...base, heading: `${base.heading}（2/2）`, kind: 'measure' as const }];
    giveTitles(parts);
    expect(parts[0].title).not.toBe(parts[1].title);
    expect(parts[1].title).toBe(`${parts[0].title}（2）`);
    expect(parts[2].title?.endsWith('（2/2）')).toBe(true);
  });
});
