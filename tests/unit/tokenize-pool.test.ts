import { tokenizeRows } from '../../search/sqlite/tokenize-pool';
import { ftsRow } from '../../search/sqlite/match';
import { seedCorpus } from '../helpers/corpus';

describe('tokenizing in worker threads', () => {
  it('gives the same rows, in the same order, as tokenizing in this thread', async () => {
    const fields = seedCorpus().chunks.map((c) => ({
      heading: c.heading,
      practices: c.practices.join(' '),
      text: c.text,
      docTitle: c.docTitle,
      sectionPath: c.sectionPath.join(' '),
    }));
    const parallel: string[][] = [];
    for await (const batch of tokenizeRows(fields, 2, 0)) parallel.push(...batch);
    expect(parallel).toEqual(fields.map(ftsRow));
  });
});
