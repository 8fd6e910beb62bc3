// Removing a report asks first, on a page of its own that names the report and the permalinks that
// will stop resolving; a removed report stays restorable from its kept copy.
import fs from 'node:fs';
import request from 'supertest';
import * as cheerio from 'cheerio';
import { signIn, startAdminApp, waitForJob, type AdminApp } from '../helpers/admin';

let t: AdminApp;

beforeAll(async () => {
  t = await startAdminApp();
});
afterAll(() => t?.close());

const ID = 'jiayuguan-innovation-feature';
const total = async () => (await request(t.app).get(`/api/search?doc=${ID}&per_page=1`).expect(200)).body.total as number;

describe('removing a report', () => {
  it('asks on a page of its own, naming the title and the measures whose permalinks will stop resolving', async () => {
    const { agent, csrf } = await signIn(t.app);
    const list = cheerio.load((await agent.get('/admin').expect(200)).text);
    // The list leads to the question; nothing there removes a report in one click.
    expect(list(`#report-${ID} a.remove`).attr('href')).toBe(`/admin/reports/${ID}/remove`);
    expect(list(`form[action$="/remove"]`).length).toBe(0);
    const ask = cheerio.load((await agent.get(`/admin/reports/${ID}/remove`).expect(200)).text);
    const title = /^title: (.+)$/m.exec(fs.readFileSync(`${t.reportsDir}/${ID}.md`, 'utf8'))?.[1].replace(/^['"]|['"]$/g, '');
    expect(ask('h1').text()).toBe('删除报告');
    expect(ask('main, body').text()).toContain(`《${title}》`);
    const measures = await total();
    expect(ask('body').text()).toContain(`它的 ${measures} 条举措的永久链接将不再指向举措`);
    expect(ask('.permalinks a').first().attr('href')).toMatch(new RegExp(`^/chunks/${ID}-[0-9a-f]+`));
    expect(fs.readdirSync(t.reportsDir)).toContain(`${ID}.md`);
    await agent.get('/admin/reports/no-such-report/remove').expect(404);

    const removed = await agent.post(`/admin/reports/${ID}/remove`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await waitForJob(agent, removed.headers.location)).state).toBe('done');
    expect(await total()).toBe(0);
  });

  it('lists the report under 最近删除 with a button that restores it', async () => {
    const { agent, csrf } = await signIn(t.app);
    const list = cheerio.load((await agent.get('/admin').expect(200)).text);
    const form = list('#removed form').first();
    expect(list('#removed li').first().text()).toContain(ID);
    const restored = await agent
      .post(form.attr('action') as string)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect((await waitForJob(agent, restored.headers.location)).state).toBe('done');
    const done = cheerio.load((await agent.get(restored.headers.location).expect(200)).text);
    expect(done('h1').text()).toBe('已恢复报告并重新索引');
    expect(fs.readdirSync(t.reportsDir)).toContain(`${ID}.md`);
    expect(await total()).toBeGreaterThan(0);
    // Restored, it is no longer offered, and a second restore is refused.
    expect(cheerio.load((await agent.get('/admin').expect(200)).text)('#removed').length).toBe(0);
    await agent
      .post(form.attr('action') as string)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
  });
});
