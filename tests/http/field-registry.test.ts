// Adding a filter field is one entry in the registry (core/fields.ts): the URL pair, the facets of
// the backend under test, the search page, the CSV export and the CLI all pick it up unedited.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { registerField } from '../../core/fields';
import { parseSearchState, toSearchParams } from '../../server/url-state';
import { parseSearchArgs } from '../../app/search-args';
import { startTestApp, type TestApp } from '../helpers/app';
import { seedCorpus } from '../helpers/corpus';

const speakers = () => [...new Set(seedCorpus().chunks.flatMap((c) => (c.speaker ? [c.speaker] : [])))];
const withSpeaker = (s: string) => seedCorpus().chunks.filter((c) => c.speaker === s).length;

describe('a filter field added to the registry', () => {
  let unregister: () => void;
  let t: TestApp;

  beforeAll(async () => {
    unregister = registerField({
      key: 'speaker',
      read: (c) => (c.speaker ? [c.speaker] : []),
      facet: true,
      label: { zh: '发言人', en: 'Speaker' },
      attribute: 'speakers',
      csv: { column: 'speakers' },
    });
    // The index is built with the field registered, as a re-index after adding it would.
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
    unregister?.();
  });

  it('is read from and written to the URL in its canonical place', () => {
    const { state } = parseSearchState({ lang: 'en', speaker: ['唐国玉'], kind: 'qa', q: '调解' });
    expect(state.filters.speaker).toEqual(['唐国玉']);
    expect(toSearchParams(state).toString()).toBe(`q=${encodeURIComponent('调解')}&kind=qa&speaker=${encodeURIComponent('唐国玉')}&lang=en`);
  });

  it('is counted as a facet and filters the search', async () => {
    expect(speakers().length).toBeGreaterThan(1);
    const all = await t.backend.search({ q: '', filters: {}, page: 1, perPage: 1 });
    const counted = new Map((all.facets.speaker ?? []).map((f) => [f.value, f.count]));
    for (const s of speakers()) expect(counted.get(s)).toBe(withSpeaker(s));
    const one = speakers()[0];
    const filtered = await t.backend.search({ q: '', filters: { speaker: [one] }, page: 1, perPage: 100 });
    expect(filtered.total).toBe(withSpeaker(one));
    expect(filtered.hits.every((h) => h.speaker === one)).toBe(true);
    // Disjunctive: the field's own selection leaves its counts as they were.
    expect(new Map((filtered.facets.speaker ?? []).map((f) => [f.value, f.count]))).toEqual(counted);
  });

  it('shows a facet and a filter chip on the search page, in both languages', async () => {
    const one = speakers()[0];
    const zh = cheerio.load((await request(t.app).get('/').query({ speaker: one }).expect(200)).text);
    expect(zh('.facet, fieldset, details').text()).toContain('发言人');
    expect(zh('body').text()).toContain(one);
    const en = cheerio.load((await request(t.app).get('/').query({ speaker: one, lang: 'en' }).expect(200)).text);
    expect(en('body').text()).toContain('Speaker');
  });

  it('is a column of the CSV export', async () => {
    const one = speakers()[0];
    const res = await request(t.app).get('/search.csv').query({ speaker: one, lang: 'en' }).expect(200);
    const lines = res.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    const header = lines[0].split(',');
    const col = header.indexOf('speakers');
    expect(col).toBeGreaterThan(0);
    expect(lines).toHaveLength(withSpeaker(one) + 1);
    for (const line of lines.slice(1)) expect(line).toContain(one);
  });

  it('is an option of kb search', () => {
    expect(parseSearchArgs(['调解', '--speaker', '唐国玉', '--city', '永州市']).request.filters).toEqual({ speaker: ['唐国玉'], city: ['永州市'] });
  });

  it('is refused when its name is taken', () => {
    expect(() => registerField({ key: 'speaker', read: () => [], facet: false, label: { zh: '', en: '' }, attribute: 'x' })).toThrow(/registered already/);
    expect(() => registerField({ key: 'page', read: () => [], facet: false, label: { zh: '', en: '' }, attribute: 'y' })).toThrow(/parameter of its own/);
  });
});
