// Scoped search as CNKI offers it: heading:网格员 typed in the box (标题：, full-width colon), the
// scope choice beside the box (scope=heading|sentence|paragraph in the address), "…"~sentence and
// ~paragraph; the page and its JSON twin say how the query was read, chips say the scope, and bad
// input gets a clear answer, never a 500. The help page lists it all with live examples.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const api = async (query: Record<string, string>) => (await request(t.app).get('/api/search').query(query).expect(200)).body;
const page = async (query: Record<string, string>) => cheerio.load((await request(t.app).get('/').query(query).expect(200)).text);

describe('scoped search over HTTP', () => {
  it('reads heading:, 标题： and the scope choice alike, and says the scope in query.read', async () => {
    const typed = await api({ q: 'heading:服务' });
    const chinese = await api({ q: '标题：服务' });
    const chosen = await api({ q: '服务', scope: 'heading' });
    const anywhere = await api({ q: '服务' });
    expect(typed.total).toBeGreaterThan(0);
    expect(typed.total).toBeLessThan(anywhere.total);
    expect(chinese.total).toBe(typed.total);
    expect(chosen.total).toBe(typed.total);
    expect(typed.query.read).toEqual({ groups: [['服务']], exclude: [], scopes: ['heading'], excludeScopes: [] });
    expect(chosen.query.read).toMatchObject({ scope: 'heading', scopes: ['heading'] });
    expect(chosen.query.scope).toBe('heading');
    expect(typed.query.scope).toBeNull();
    // A scope without a query browses everything, and reads nothing.
    const browse = await api({ scope: 'sentence' });
    expect(browse.total).toBe((await api({})).total);
    expect(browse.query.read).toBeNull();
    for (const h of typed.hits) expect(h.heading).toContain('服务');
  });

  it('keeps words in one sentence or paragraph, and the page says so in both languages', async () => {
    const sentence = await api({ q: '"群众 服务"~sentence' });
    const paragraph = await api({ q: '"群众 服务"~paragraph' });
    const anywhere = await api({ q: '群众 服务' });
    expect(sentence.total).toBeGreaterThan(0);
    expect(sentence.total).toBeLessThan(paragraph.total);
    expect(paragraph.total).toBeLessThanOrEqual(anywhere.total);
    expect(sentence.query.read).toMatchObject({ groups: [['群众'], ['服务']], scopes: ['sentence', 'sentence'] });
    expect((await api({ q: '群众 服务', scope: 'sentence' })).total).toBe(sentence.total);
    const zh = await page({ q: '"群众 服务"~sentence' });
    expect(zh('.notice').text()).toContain('按 (群众 且 服务) 在同一句中 检索');
    const en = await page({ q: '"群众 服务"~同段', lang: 'en' });
    expect(en('.notice').text()).toContain('was read as (群众 AND 服务) in one paragraph');
  });

  it('offers the scope choice beside the box, selected from the address, with a chip that removes it', async () => {
    const $ = await page({ q: '网格员', scope: 'heading' });
    const select = $('form.search select[name=scope]');
    expect(select.attr('aria-label')).toBe('检索范围');
    expect(
      select
        .find('option')
        .map((_, o) => $(o).text())
        .get(),
    ).toEqual(['全文', '标题', '同一句', '同一段']);
    expect(select.find('option:selected').attr('value')).toBe('heading');
    expect($('input[type=hidden][name=scope]')).toHaveLength(0);
    const chip = $('.chips a.chip').first();
    expect(chip.text()).toContain('检索范围');
    expect(chip.text()).toContain('标题');
    expect(chip.attr('href')).toBe(`/?q=${encodeURIComponent('网格员')}`);
    const en = await page({ q: '网格员', scope: 'sentence', lang: 'en' });
    expect(en('form.search select[name=scope] option:selected').text()).toBe('one sentence');
    expect(en('.chips a.chip').first().text()).toContain('Search in');
    // The scope travels with the rest of the state: paging, sorting, exports.
    expect($('a[href^="/search.csv"]').attr('href')).toContain('scope=heading');
  });

  it('answers bad scopes with a clear message: 400 for the address, a note for the query, never a 500', async () => {
    const bad = await request(t.app).get('/api/search').query({ q: '调解', scope: 'title' }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/scope/);
    const badPage = await request(t.app).get('/').query({ q: '调解', scope: '~foo' }).expect(400);
    expect(cheerio.load(badPage.text)('main').text()).toMatch(/scope/);
    const empty = await api({ q: 'heading:' });
    expect(empty.query.read.notes).toEqual([{ code: 'empty-scope', text: 'heading:' }]);
    const unknown = await api({ q: '"群众 服务"~foo' });
    expect(unknown.query.read.notes).toEqual([{ code: 'unknown-scope', text: '~foo' }]);
    expect(unknown.total).toBe((await api({ q: '"群众 服务"' })).total);
    const $ = await page({ q: '"群众 服务"~foo' });
    expect($('.notice').text()).toContain('“~foo”不是检索范围');
    for (const q of ['heading:', '~sentence', '"~paragraph"', '-heading:', 'heading:"', '标题：：', '"a"~', '~~~', 'heading:~sentence'])
      await request(t.app).get('/api/search').query({ q }).expect(200);
  });

  it('keeps a typed scope in the alternatives it offers when a scoped search finds nothing', async () => {
    const res = await api({ q: 'heading:服务 无此词语' });
    expect(res.total).toBe(0);
    const drop = res.help.suggestions.find((s: { kind: string; subject: string }) => s.kind === 'drop-word' && s.subject === '无此词语');
    expect(decodeURIComponent(drop.url)).toContain('q=heading:服务');
    expect(drop.count).toBe((await api({ q: 'heading:服务' })).total);
    const sentence = await api({ q: '"群众 服务 无此词语"~sentence' });
    const dropped = sentence.help.suggestions.find((s: { kind: string; subject: string }) => s.kind === 'drop-word' && s.subject === '无此词语');
    expect(dropped.count).toBe((await api({ q: '"群众 服务"~sentence' })).total);
  });

  it('has a help page in both languages, linked from the search box, whose examples are live searches', async () => {
    const $ = await page({ q: '调解' });
    const link = $('a.help-link').attr('href');
    expect(link).toBe('/help/search');
    const zh = cheerio.load((await request(t.app).get('/help/search').expect(200)).text);
    expect(zh('h1').text()).toContain('检索帮助');
    const text = zh('main').text();
    for (const s of ['heading:网格员', '~sentence', '~paragraph', '同一句', 'OR', '、', 'Baoshan']) expect(text).toContain(s);
    const examples = zh('main a[href^="/?"]')
      .map((_, a) => zh(a).attr('href'))
      .get();
    expect(examples.length).toBeGreaterThan(15);
    for (const url of examples.filter((u) => /scope|heading|sentence/.test(decodeURIComponent(u)))) {
      const res = await request(t.app).get(url.replace('/?', '/api/search?')).expect(200);
      expect(res.body.total).toBeGreaterThan(0);
    }
    const en = cheerio.load((await request(t.app).get('/help/search?lang=en').expect(200)).text);
    expect(en('h1').text()).toContain('Search help');
    expect(en('main a[href*="lang=en"]').length).toBeGreaterThan(15);
    expect((await page({ q: '调解', lang: 'en' }))('a.help-link').attr('href')).toBe('/help/search?lang=en');
  });

  it('offers the romanised title form on English measure pages, pinyin only where no translation is given', async () => {
    const hit = (await api({ q: '保山' })).hits.find((h: { docId: string }) => h.docId === 'baoshan-decade-press-conference');
    const en = cheerio.load((await request(t.app).get(`/chunks/${hit.id}?lang=en`).expect(200)).text);
    const romanised = en('#citation-romanised').text();
    expect(romanised).toContain('[Baoshan zhe shi nian] jiao chu ping an fa zhi Baoshan jian she gao fen da juan');
    expect(romanised).not.toMatch(/\] \[/);
    const zh = cheerio.load((await request(t.app).get(`/chunks/${hit.id}`).expect(200)).text);
    expect(zh('#citation-romanised')).toHaveLength(0);
  });
});
