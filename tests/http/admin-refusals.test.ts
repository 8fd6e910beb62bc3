// Why an upload was refused, in the editor's language: the preview, a failed job's page and the
// preview's own errors say it in Chinese, or in English with ?lang=en; what a reason quotes is
// shown as text; the job's JSON carries each refusal's code beside its English message.
import fs from 'node:fs';
import * as cheerio from 'cheerio';
import { previewOf, signIn, startAdminApp, syntheticReport, waitForJob, type AdminApp, type Agent } from '../helpers/admin';

let t: AdminApp;

beforeAll(async () => {
  t = await startAdminApp();
});
afterAll(() => t?.close());

async function upload(agent: Agent, csrf: string, files: { data: Buffer; name: string }[]): Promise<string> {
  const req = agent.post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`);
  for (const f of files) req.attach('files', f.data, f.name);
  return previewOf(agent, await req.expect(303));
}

const refusals = async (agent: Agent, url: string) => {
  const $ = cheerio.load((await agent.get(url).expect(200)).text);
  return $('.refused li')
    .map((_i, li) => ({ code: $(li).attr('data-code'), text: $(li).text() }))
    .get() as { code: string; text: string }[];
};

describe('the preview of an upload with a duplicate and a file that is not a report', () => {
  it('says why each was refused in Chinese, and in English on the English page', async () => {
    const { agent, csrf } = await signIn(t.app);
    const seed = fs.readFileSync(`${t.reportsDir}/jincheng-13th-five-year-review.md`, 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
    const pending = await upload(agent, csrf, [
      { data: Buffer.from(seed), name: '晋城.txt' },
      { data: Buffer.from('第一季度工作表'), name: 'sheet.xlsx' },
    ]);
    expect(await refusals(agent, pending)).toEqual([
      { code: 'not-a-report', text: 'sheet.xlsx：不是报告文件，请用 .html, .htm, .pdf, .docx, .txt, .md 文件' },
      { code: 'duplicate', text: '晋城.txt：正文与语料中的 jincheng-13th-five-year-review.md 相同' },
    ]);
    expect(await refusals(agent, `${pending}?lang=en`)).toEqual([
      { code: 'not-a-report', text: 'sheet.xlsx: is not a report file: use .html, .htm, .pdf, .docx, .txt, .md' },
      { code: 'duplicate', text: '晋城.txt: its text is already in the corpus as jincheng-13th-five-year-review.md' },
    ]);
  });
});

describe('a confirmation refused at its turn', () => {
  it('fails with the reason in the page’s language, and its JSON carries the code', async () => {
    const a = await signIn(t.app);
    const b = await signIn(t.app);
    const text = syntheticReport(40_000, 61);
    const pendingA = await upload(a.agent, a.csrf, [{ data: Buffer.from(text), name: 'first.txt' }]);
    const pendingB = await upload(b.agent, b.csrf, [{ data: Buffer.from(text), name: 'second.txt' }]);
    const confirm = async (agent: Agent, csrf: string, pending: string) =>
      (await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm' }).expect(303)).headers.location as string;
    expect((await waitForJob(a.agent, await confirm(a.agent, a.csrf, pendingA))).state).toBe('done');
    const jobB = await confirm(b.agent, b.csrf, pendingB);
    expect(await waitForJob(b.agent, jobB)).toMatchObject({
      state: 'failed',
      message: 'second.md: its text is already in the corpus as first.md',
      refusals: [{ source: 'second.md', code: 'duplicate', params: { report: 'first.md' } }],
    });
    const zh = cheerio.load((await b.agent.get(jobB).expect(200)).text);
    expect(zh('#job .state').text()).toBe('失败，语料与索引保持原样');
    expect(zh('#job .refused li').text()).toBe('second.md：正文与语料中的 first.md 相同');
    const en = cheerio.load((await b.agent.get(`${jobB}?lang=en`).expect(200)).text);
    expect(en('#job .refused li').text()).toBe('second.md: its text is already in the corpus as first.md');
    expect(fs.readdirSync(t.reportsDir)).not.toContain('second.md');
  });
});

describe('an id the editor types that is not one', () => {
  it('is refused in the preview in Chinese, the id quoted as text, never as markup', async () => {
    const { agent, csrf } = await signIn(t.app);
    const pending = await upload(agent, csrf, [{ data: Buffer.from(syntheticReport(20_000, 62)), name: 'third.txt' }]);
    const res = await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm', id_0: '<img src=x onerror=alert(1)>' }).expect(400);
    expect(res.text).not.toContain('<img src=x');
    const $ = cheerio.load(res.text);
    expect($('#pending-0 .notice.error').attr('data-code')).toBe('edited-id');
    expect($('#pending-0 .notice.error').text()).toBe(
      '“<img src=x onerror=alert(1)>”不能用作编号：只能含小写字母、数字和连字符，以字母或数字开头，至多 80 个字符',
    );
    expect($('#pending-0 .notice.error img').length).toBe(0);
  });
});
