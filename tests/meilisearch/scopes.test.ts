// Scopes on Meilisearch: what the adapter sends (no server), and native mode's approximation on a
// live server when npm run test:meili provides one. Exact mode's scopes are in the contract suite.
import { meiliQueries, MAX_SCOPED_QUERIES } from '../../search/meilisearch/request';
import { scopeSuffix, UNIT_SLOTS } from '../../search/meilisearch/encode';
import { parseQuery } from '../../search/query';
import { InvalidRequestError } from '../../search/errors';
import { seedCorpus } from '../helpers/corpus';
import { liveMeili, meiliTestBackend, type TestBackend } from '../helpers/backend';
import { fold } from '../../core/normalize';

describe('scoped queries for Meilisearch', () => {
  it('spells heading words with the heading suffix in one query, and keeps other words plain', () => {
    const [q, ...more] = meiliQueries(parseQuery('heading:服务 保山'));
    expect(more).toEqual([]);
    const [heading, plain] = q.q.match(/"[^"]+"/g) as string[];
    expect(
      heading
        .replace(/"/g, '')
        .split(' ')
        .every((w) => w.endsWith(scopeSuffix('heading'))),
    ).toBe(true);
    expect(
      plain
        .replace(/"/g, '')
        .split(' ')
        .some((w) => w.endsWith(scopeSuffix('heading'))),
    ).toBe(false);
  });

  it('asks once per sentence slot for words kept in one sentence, each query with that slot’s words', () => {
    const queries = meiliQueries(parseQuery('"群众 服务"~sentence'));
    expect(queries).toHaveLength(UNIT_SLOTS.sentence);
    queries.forEach((q, n) =>
      expect(
        q.q
          .replace(/"/g, '')
          .split(' ')
          .every((w) => w.endsWith(scopeSuffix('sentence', n))),
      ).toBe(true),
    );
    expect(meiliQueries(parseQuery('"群众 服务"~paragraph'))).toHaveLength(UNIT_SLOTS.paragraph);
  });

  it('refuses a scoped query whose OR combinations times its slots are too many searches', () => {
    const wide = Array.from({ length: 4 }, (_, i) => `a${i} OR b${i}`).join(' ');
    expect(() => meiliQueries(parseQuery(`${wide} ~sentence`))).toThrow(InvalidRequestError);
    expect(UNIT_SLOTS.sentence * 8).toBeLessThanOrEqual(MAX_SCOPED_QUERIES);
    expect(() => meiliQueries(parseQuery('a0 OR b0 a1 OR b1 a2 OR b2 ~sentence'))).not.toThrow();
  });

  it('searches native mode’s heading or text field when every word shares one scope, and nothing narrower otherwise', () => {
    expect(meiliQueries(parseQuery('heading:服务'), 'native')).toEqual([{ q: '"服务"', filter: [], on: ['heading'] }]);
    expect(meiliQueries(parseQuery('"群众 服务"~sentence'), 'native')).toEqual([{ q: '"群众" "服务"', filter: [], on: ['text'] }]);
    expect(meiliQueries(parseQuery('heading:服务 群众'), 'native')[0].on).toBeUndefined();
  });
});

const live = liveMeili();
(live ? describe : describe.skip)('native mode scopes on a live Meilisearch', () => {
  let t: TestBackend;
  const { docs, chunks } = seedCorpus();
  beforeAll(async () => {
    t = meiliTestBackend(live as NonNullable<typeof live>, 'native_scopes', { mode: 'native' });
    await t.backend.replaceAll(docs, chunks);
  });
  afterAll(async () => t?.dispose());

  it('finds heading words in headings only, and sentence words in the text', async () => {
    const heading = await t.backend.search({ q: 'heading:服务', filters: {}, page: 1, perPage: 100 });
    expect(heading.total).toBeGreaterThan(0);
    for (const h of heading.hits) expect(fold(h.heading)).toContain('服务');
    const sentence = await t.backend.search({ q: '群众 服务', scope: 'sentence', filters: {}, page: 1, perPage: 100, withText: true });
    const anywhere = await t.backend.search({ q: '群众 服务', filters: {}, page: 1, perPage: 1 });
    expect(sentence.total).toBeGreaterThan(0);
    expect(sentence.total).toBeLessThanOrEqual(anywhere.total);
    for (const h of sentence.hits) expect(h.text).toMatch(/群众[\s\S]*服务|服务[\s\S]*群众/);
  });
});
