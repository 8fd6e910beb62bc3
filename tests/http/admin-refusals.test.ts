// Why an upload was refused, in the editor's language: the preview, a failed job's page and the
// preview's own errors say it in Chinese, or in English with ?lang=en; what a reason quotes is
// shown as text; the job's JSON carries each refusal's code beside its English message. So do the
// conversion's warnings on the preview, the upload form's limits, and a remove or restore refused
// at once or at its turn.
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

describe('what the conversion found worth a look', () => {
  it('is said on the preview in Chinese, and in English on the English page, each with its code', async () => {
    const { agent, csrf } = await signIn(t.app);
    // A short text naming no city (平安 would be taken for 平安区).
    const text = '某地综治工作小结\n全年推进矛盾纠纷排查化解，调解纠纷一千余件，调解成功率百分之九十八。\n';
    const pending = await upload(agent, csrf, [{ data: Buffer.from(text), name: 'short.txt' }]);
    const warnings = async (url: string) => {
      const $ = cheerio.load((await agent.get(url).expect(200)).text);
      return $('#pending-0 .notice.warning')
        .map((_i, p) => ({ code: $(p).attr('data-code'), text: $(p).text() }))
        .get() as { code: string; text: string }[];
    };
    const chars = text.trim().length;
    expect(await warnings(pending)).toEqual([
      { code: 'no-city-found', text: '正文中没有找到城市，请在元数据中填写“city”' },
      { code: 'short-body', text: `正文很短（${chars} 个字符），网页可能没有读对` },
    ]);
    expect(await warnings(`${pending}?lang=en`)).toEqual([
      { code: 'no-city-found', text: 'no city found in the text; set "city" in the front matter' },
      { code: 'short-body', text: `the body is very short (${chars} characters): the page may not have been read right` },
    ]);
    await agent.post(pending).type('form').send({ _csrf: csrf, action: 'cancel' }).expect(303);
  });
});

describe('an upload of too many files', () => {
  it('is refused in Chinese, and in English on the English page, before a file is stored', async () => {
    const { agent, csrf } = await signIn(t.app);
    const tooMany = async (lang: string) => {
      const req = agent.post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}${lang}`);
      for (let i = 0; i < 11; i++) req.attach('files', Buffer.from(`第${i}份`), `r${i}.txt`);
      const $ = cheerio.load((await req.expect(400)).text);
      return { code: $('.notice.error').attr('data-code'), text: $('.notice.error').text() };
    };
    expect(await tooMany('')).toEqual({ code: 'upload-too-many-files', text: '文件超过 10 个，每次最多上传 10 个' });
    expect(await tooMany('&lang=en')).toEqual({ code: 'upload-too-many-files', text: 'more than 10 files: upload at most 10 at a time' });
    expect(fs.readdirSync(t.uploadDir)).toEqual([]);
    // The log keeps multer's own code.
    expect(t.adminLog().some((e) => e.admin === 'upload' && /^refused: LIMIT_FILE_COUNT: /.test(e.outcome))).toBe(true);
  });
});

describe('removing or restoring a report that is not there', () => {
  const said = async (res: { text: string }) => {
    const $ = cheerio.load(res.text);
    return { code: $('.notice.error').attr('data-code'), text: $('.notice.error').text() };
  };

  it('is refused in the page’s language, naming the report', async () => {
    const { agent, csrf } = await signIn(t.app);
    const remove = (lang: string) => agent.post(`/admin/reports/no-such-report/remove${lang}`).type('form').send({ _csrf: csrf }).expect(409);
    expect(await said(await remove(''))).toEqual({ code: 'no-such-report', text: '语料中没有报告“no-such-report”' });
    expect(await said(await remove('?lang=en'))).toEqual({ code: 'no-such-report', text: 'no report "no-such-report" in the corpus' });
    const restore = (lang: string) => agent.post(`/admin/removed/gone.md.x/restore${lang}`).type('form').send({ _csrf: csrf }).expect(409);
    expect(await said(await restore(''))).toEqual({ code: 'no-such-removed', text: '没有可恢复的已删除报告“gone.md.x”' });
    expect(await said(await restore('?lang=en'))).toEqual({ code: 'no-such-removed', text: 'no removed report "gone.md.x" to restore' });
  });

  /** A job that holds the queue until released, as a long re-index would. */
  const holdQueue = () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    t.edits.queue.add('edit', 'a long change', async () => {
      await held;
      return { message: 'done' };
    });
    return release;
  };

  it('fails at its turn when the report went while it waited: the job’s page says why in its language, the JSON gives the code', async () => {
    const { agent, csrf } = await signIn(t.app);
    const release = holdQueue();
    const remove = async () =>
      (await agent.post('/admin/reports/guandu-five-keywords/remove').type('form').send({ _csrf: csrf }).expect(303)).headers.location as string;
    const first = await remove();
    const second = await remove();
    release();
    expect((await waitForJob(agent, first)).state).toBe('done');
    expect(await waitForJob(agent, second)).toMatchObject({
      state: 'failed',
      message: 'no report "guandu-five-keywords" in the corpus',
      code: 'no-such-report',
      params: { id: 'guandu-five-keywords' },
    });
    const zh = cheerio.load((await agent.get(second).expect(200)).text);
    expect(zh('#job .state').text()).toBe('失败，语料与索引保持原样：语料中没有报告“guandu-five-keywords”');
    const en = cheerio.load((await agent.get(`${second}?lang=en`).expect(200)).text);
    expect(en('#job .state').text()).toMatch(/: no report "guandu-five-keywords" in the corpus$/);
  });

  it('fails a replacement at its turn when its report was removed while it waited, saying so in the page’s language', async () => {
    const { agent, csrf } = await signIn(t.app);
    const id = 'jiayuguan-innovation-feature';
    const replacement = agent.post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`).field('replace', id);
    replacement.attach('files', Buffer.from(syntheticReport(20_000, 63)), 'new.txt');
    const pending = await previewOf(agent, await replacement.expect(303));
    const release = holdQueue();
    const removed = (await agent.post(`/admin/reports/${id}/remove`).type('form').send({ _csrf: csrf }).expect(303)).headers.location as string;
    const replaced = (await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm' }).expect(303)).headers.location as string;
    release();
    expect((await waitForJob(agent, removed)).state).toBe('done');
    expect(await waitForJob(agent, replaced)).toMatchObject({ state: 'failed', code: 'replaced-report-removed', params: { id } });
    const zh = cheerio.load((await agent.get(replaced).expect(200)).text);
    expect(zh('#job .state').text()).toBe(`失败，语料与索引保持原样：要替换的报告“${id}”已被删除，不在语料中了`);
    const en = cheerio.load((await agent.get(`${replaced}?lang=en`).expect(200)).text);
    expect(en('#job .state').text()).toMatch(new RegExp(`: the report "${id}" this was to replace is no longer in the corpus: it was removed$`));
    expect(fs.readdirSync(t.reportsDir)).not.toContain(`${id}.md`);
  });
});
