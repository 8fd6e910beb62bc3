// The admin pages of a shared instance: signing in, uploading, checking and editing what was
// inferred, confirming, re-indexing, removing — and every way a request or an upload can be hostile.
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import * as cheerio from 'cheerio';
import JSZip from 'jszip';
import { createApp } from '../../server/app';
import { adminRoutes } from '../../admin/routes';
import { loadLabels } from '../../server/labels';
import { ADMIN_TOKEN, previewOf, signIn as signInTo, startAdminApp, syntheticReport, waitForJob, type AdminApp } from '../helpers/admin';
import { startTestApp } from '../helpers/app';
import { TAXONOMY_DIR } from '../helpers/corpus';
import { reportDocx, savedPageGbk } from '../helpers/source-files';

let t: AdminApp;
let fixtures: string;

beforeAll(async () => {
  t = await startAdminApp(['guandu-five-keywords']);
  fixtures = path.join(t.dir, 'fixtures');
  fs.mkdirSync(fixtures);
});
afterAll(() => t?.close());

const corpusFiles = () => fs.readdirSync(t.reportsDir).sort();

const signIn = () => signInTo(t.app);

describe('the admin log', () => {
  it('records every admin action with its time and outcome', async () => {
    const { agent, csrf } = await signIn();
    await request(t.app).post('/admin/login').type('form').send({ token: 'not the token at all' }).expect(401);
    await agent.post('/admin/reports/no-such-report/remove').type('form').send({ _csrf: csrf }).expect(409);
    await agent.post('/admin/reports/no-such-report/remove').type('form').send({ _csrf: 'forged' }).expect(403);
    const entries = t.adminLog();
    const seen = entries.map((e) => `${e.admin}: ${e.outcome}`);
    expect(seen).toEqual(expect.arrayContaining(['login: ok', 'login: failed', 'remove: refused: no report "no-such-report" in the corpus']));
    expect(seen.some((e) => /^POST \/admin\/reports\/no-such-report\/remove: refused: bad CSRF token$/.test(e))).toBe(true);
    for (const e of entries) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
  });
});

describe('without ADMIN_TOKEN', () => {
  it('has no admin page at all', async () => {
    const plain = await startTestApp();
    try {
      for (const url of ['/admin', '/admin/login']) await request(plain.app).get(url).expect(404);
      await request(plain.app).post('/admin/login').type('form').send({ token: ADMIN_TOKEN }).expect(404);
    } finally {
      await plain.close();
    }
  });
});

describe('signing in', () => {
  it('exchanges the token for an HttpOnly, SameSite=Strict session cookie, Secure behind HTTPS', async () => {
    await request(t.app).get('/admin').expect(303).expect('Location', '/admin/login');
    const res = await request(t.app).post('/admin/login').type('form').send({ token: ADMIN_TOKEN }).expect(303);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^pingan_admin=[\w-]{20,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await request(t.app).post('/admin/login').set('X-Forwarded-Proto', 'https').type('form').send({ token: ADMIN_TOKEN }).expect(303);
    expect(String(https.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('refuses wrong tokens, slowed after five failures, yet lets the right token in from the same address', async () => {
    const app = createApp((await startTestApp()).backend, loadLabels(TAXONOMY_DIR), {
      logLevel: 'silent',
      routes: [
        adminRoutes({ token: ADMIN_TOKEN, ingest: {} as never, edits: { reportsDir: t.reportsDir, busy: () => null } as never, uploadDir: t.uploadDir }),
      ],
    });
    const attempt = (token: string) => request(app).post('/admin/login').type('form').send({ token });
    for (let i = 0; i < 5; i++) {
      const res = await attempt(`wrong-${i}`).expect(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // Editors behind one proxy share an address: the one who knows the token still signs in.
    const blocked = await attempt('wrong-again').expect(429);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    const started = Date.now();
    const ok = await attempt(ADMIN_TOKEN).expect(303);
    expect(String(ok.headers['set-cookie'])).toMatch(/^pingan_admin=/);
    // Guessing is slowed: each attempt from the address waits its turn.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await attempt('still-wrong').expect(429);
  });

  it('slows every address once wrong tokens from all of them pass the global budget; the right token still gets in', async () => {
    const plain = await startTestApp();
    const admin = createApp(plain.backend, loadLabels(TAXONOMY_DIR), {
      logLevel: 'silent',
      trustProxy: 'loopback',
      routes: [
        adminRoutes({ token: ADMIN_TOKEN, ingest: {} as never, edits: { reportsDir: t.reportsDir, busy: () => null } as never, uploadDir: t.uploadDir }),
      ],
    });
    const from = (address: string, token: string) => request(admin).post('/admin/login').set('X-Forwarded-For', address).type('form').send({ token });
    for (let a = 0; a < 20; a++) for (let i = 0; i < 5; i++) await from(`10.0.0.${a}`, `wrong-${i}`).expect(401);
    await from('10.0.1.1', 'a first guess').expect(429);
    await from('10.0.1.2', ADMIN_TOKEN).expect(303);
    await plain.close();
  });

  it('answers a sign-in without a form, or with an empty one, 400 with what it needs', async () => {
    const json = await request(t.app).post('/admin/login').send({ token: ADMIN_TOKEN }).expect(400);
    expect(cheerio.load(json.text)('.notice.error').text()).toBe('请在登录表单中填写管理令牌。');
    await request(t.app).post('/admin/login').expect(400);
    await request(t.app).post('/admin/login').type('form').send('').expect(400);
  });

  it('answers a malformed session cookie 400 and asks to sign in again', async () => {
    const res = await request(t.app).get('/admin').set('Cookie', 'pingan_admin=%').expect(400);
    expect(cheerio.load(res.text)('.notice.error').text()).toContain('重新登录');
  });
});

describe('changes need the session and its CSRF token', () => {
  it('refuses a state-changing POST without the token, and stores nothing of an upload without it', async () => {
    const { agent } = await signIn();
    await agent.post('/admin/reports/jincheng-13th-five-year-review/remove').type('form').send({}).expect(403);
    await agent.post('/admin/reports/jincheng-13th-five-year-review/remove').type('form').send({ _csrf: 'forged' }).expect(403);
    await agent
      .post('/admin/upload')
      .attach('files', Buffer.from('x'.repeat(500)), 'report.txt')
      .expect(403);
    expect(fs.existsSync(t.uploadDir) ? fs.readdirSync(t.uploadDir) : []).toEqual([]);
    // Another browser without the cookie gets the sign-in page.
    await request(t.app).post('/admin/reports/jincheng-13th-five-year-review/remove').type('form').send({}).expect(303);
    expect(corpusFiles()).toContain('jincheng-13th-five-year-review.md');
  });
});

describe('adding a saved web page', () => {
  it('shows the inferred metadata and the chunks, takes the editor’s corrections, re-indexes and serves the new measures', async () => {
    const { agent, csrf } = await signIn();
    const page = savedPageGbk('guandu-five-keywords', fixtures);
    const up = await agent
      .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`)
      .attach('files', page)
      .expect(303);
    const pending = await previewOf(agent, up);
    const preview = cheerio.load((await agent.get(pending).expect(200)).text);
    expect(preview('input[name=title_0]').attr('value')).toBe('“五大关键字”解锁平安官渡建设的政法力量');
    expect(preview('input[name=publisher_0]').attr('value')).toBe('昆明长安网');
    expect(preview('#pending-0 .hint').text()).toContain('推断来源: “发布时间”行');
    expect(preview('#pending-0 .hint').text()).not.toMatch(/gazetteer|line/);
    expect(preview('.chunk-preview li').length).toBeGreaterThan(10);
    // What the knowledge base will file it under, named as readers see it.
    expect(preview('#pending-0 .filed .agencies').text()).toMatch(/政法委/);
    expect(preview('#pending-0 .filed .themes').text()).not.toBe('未识别到');
    expect(preview('#pending-0 .filed .themes').text()).not.toMatch(/[a-z]-[a-z]/);
    expect(Number(preview('#pending-0 .filed .figures').text())).toBeGreaterThan(0);
    const before = corpusFiles();
    const confirm = await agent
      .post(pending)
      .type('form')
      .send({ _csrf: csrf, action: 'confirm', title_0: '“五大关键字”解锁平安官渡建设的政法力量', author_0: '昆明市委政法委' })
      .expect(303);
    expect((await waitForJob(agent, confirm.headers.location)).state).toBe('done');
    // The finished job is titled by its outcome, in the reader's language, and links to the new report.
    const done = cheerio.load((await agent.get(confirm.headers.location).expect(200)).text);
    expect(done('h1').text()).toBe('已添加报告并重新索引');
    expect(done('title').text()).toMatch(/^已添加报告并重新索引 · /);
    expect(done('.state').text()).toMatch(/^完成: 语料现有 \d+ 份报告、\d+ 个段落。$/);
    expect(done('.outcome a').attr('href')).toBe('/docs/guandu-five-keywords');
    expect(corpusFiles()).toEqual([...before, 'guandu-five-keywords.md'].sort());
    const written = fs.readFileSync(path.join(t.reportsDir, 'guandu-five-keywords.md'), 'utf8');
    expect(written).toMatch(/^author: 昆明市委政法委$/m);
    // A field the editor set is stated, not inferred; the others stay marked.
    expect(written).toMatch(/inferred:\n(\s+- \w+\n)+/);
    expect(written).not.toMatch(/- author/);
    const hits = (
      await request(t.app)
        .get(`/api/search?q=${encodeURIComponent('无讼社区')}`)
        .expect(200)
    ).body.hits;
    expect(hits[0].docId).toBe('guandu-five-keywords');
  });
});

describe('a conversion that outlasts the upload’s answer', () => {
  it('leads to its job’s page, which says what the conversion is doing and leads on to the preview when done', async () => {
    const slow = await startAdminApp(['guandu-five-keywords'], { uploadWaitMs: 0 });
    try {
      const { agent, csrf } = await signInTo(slow.app);
      const upload = (file: Buffer | string, name?: string) =>
        agent
          .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`)
          .attach('files', file, name)
          .expect(303);
      // A large report ahead of it keeps the saved page waiting its turn.
      const first = await upload(Buffer.from(syntheticReport(1_500_000, 41)), 'large.txt');
      const second = await upload(savedPageGbk('guandu-five-keywords', fixtures));
      expect(second.headers.location).toMatch(/^\/admin\/jobs\//);
      const $ = cheerio.load((await agent.get(second.headers.location).expect(200)).text);
      expect($('h1').text()).toBe('正在转换上传的文件');
      expect($('#job').attr('data-state')).toBe('running');
      expect($('#job .state').text()).toBe('排队等候…');
      expect($('#job a.next').attr('href')).toBe(second.headers.location);
      const json = (await agent.get(`${second.headers.location}.json?lang=en`).expect(200)).body;
      expect(json).toMatchObject({ kind: 'convert', state: 'running', phase: 'waiting its turn' });
      const pending = await previewOf(agent, second);
      expect(
        cheerio
          .load((await agent.get(pending).expect(200)).text)('input[name=title_0]')
          .attr('value'),
      ).toBe('“五大关键字”解锁平安官渡建设的政法力量');
      expect((await waitForJob(agent, first.headers.location)).state).toBe('done');
    } finally {
      await slow.close();
    }
  });
});

describe('a report larger than the corpus reads', () => {
  it('is refused at the preview with its size, not left out of the index after it was confirmed', async () => {
    const { agent, csrf } = await signIn();
    const up = await agent
      .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`)
      .attach('files', Buffer.from(syntheticReport(5_500_000, 51)), 'too-long.txt')
      .expect(303);
    const $ = cheerio.load((await agent.get(await previewOf(agent, up)).expect(200)).text);
    expect($('.refused li').text()).toMatch(/^too-long\.txt：转换后的报告有 5\.\d MB，报告最大为 5\.0 MB$/);
    expect($('.pending').length).toBe(0);
    expect($('button[value=confirm]').length).toBe(0);
  });
});

describe('hostile uploads', () => {
  it('refuses what is not a report and renders what it shows inert; the corpus is untouched', async () => {
    const { agent, csrf } = await signIn();
    const before = corpusFiles();
    const bomb = new JSZip();
    bomb.file('word/document.xml', '<w:document/>');
    bomb.file('word/big.xml', Buffer.alloc(120 * 1024 * 1024, 0x41));
    const bombBytes = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    const script = `<html><head><title>x</title></head><body><p><script>alert(1)</script>测试<img src=x onerror=alert(2)>市平安建设${'推进网格化服务管理,'.repeat(40)}</p></body></html>`;
    const up = await agent
      .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`)
      .attach('files', bombBytes, 'report.docx')
      .attach('files', Buffer.from('plain words, not a PDF at all'), 'fake.pdf')
      .attach('files', Buffer.from(script), '../../../etc/passwd.html')
      .attach('files', Buffer.from('MZ\u0000\u0000binary'), 'tool.txt')
      .expect(303);
    const pending = await previewOf(agent, up);
    const html = (await agent.get(pending).expect(200)).text;
    const $ = cheerio.load(html);
    const refused = $('.refused li')
      .map((_i, li) => $(li).text())
      .get()
      .join('\n');
    expect(refused).toMatch(/report\.docx：Word 文件解压后将达 \d+ MB，出于安全考虑不予接受/);
    expect(refused).toMatch(/fake\.pdf：文件名是 \.pdf，但不是 PDF 文件/);
    expect(refused).toMatch(/tool\.txt：文件名是 \.txt，内容却是二进制数据/);
    // The page's markup is shown as text, never run; its name cannot leave the upload folder.
    expect(html).not.toMatch(/<script>alert|onerror=alert|<img src=x/);
    expect($('#pending-0 h2').text()).toBe('passwd.md');
    await agent.post(pending).type('form').send({ _csrf: csrf, action: 'cancel' }).expect(303);
    expect(corpusFiles()).toEqual(before);
    expect(fs.readdirSync(t.uploadDir)).toEqual([]);
  });

  it('refuses an upload too large or of too many files before storing it', async () => {
    const { agent, csrf } = await signIn();
    // Said in the page's language, with its code.
    const big = async (lang: string) => {
      const res = await agent
        .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}${lang}`)
        .attach('files', Buffer.alloc(21 * 1024 * 1024, 0x41), 'big.txt')
        .expect(413);
      const $ = cheerio.load(res.text);
      return { code: $('.notice.error').attr('data-code'), text: $('.notice.error').text() };
    };
    expect(await big('')).toEqual({ code: 'upload-file-too-large', text: '有文件超过 20 MB，每个上传文件最大为 20 MB' });
    expect(await big('&lang=en')).toEqual({ code: 'upload-file-too-large', text: 'a file is larger than 20 MB, the most an upload may hold per file' });
    const many = agent.post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`);
    for (let i = 0; i < 11; i++) many.attach('files', Buffer.from(`第${i}份`), `r${i}.txt`);
    expect(
      cheerio
        .load((await many.expect(400)).text)('.notice.error')
        .attr('data-code'),
    ).toBe('upload-too-many-files');
    expect(fs.readdirSync(t.uploadDir)).toEqual([]);
  });

  it('answers an upload that is not multipart, or a malformed multipart one, 400 with what was wrong', async () => {
    const { agent, csrf } = await signIn();
    const url = `/admin/upload?_csrf=${encodeURIComponent(csrf)}`;
    const notMultipart = await agent.post(url).type('form').send({ replace: 'jincheng-13th-five-year-review' }).expect(400);
    expect(cheerio.load(notMultipart.text)('.notice.error').text()).toBe('上传须以 multipart/form-data 表单提交文件。');
    await agent.post(url).send({ files: [] }).expect(400);
    await agent.post(url).expect(400);
    const cut = await agent
      .post(url)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nhalf a file')
      .expect(400);
    expect(cheerio.load(cut.text)('.notice.error').text()).toBe('上传的表单不完整或格式不正确，请重新选择文件上传。');
    await agent.post(url).set('Content-Type', 'multipart/form-data').send('no boundary at all').expect(400);
    expect(fs.readdirSync(t.uploadDir)).toEqual([]);
  });
});

describe('replacing a report', () => {
  it('takes a new file for a report under the same id, keeping the old file aside', async () => {
    const { agent, csrf } = await signIn();
    const docx = await reportDocx('jiayuguan-innovation-feature', fixtures);
    const up = await agent
      .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`)
      .field('replace', 'jiayuguan-innovation-feature')
      .attach('files', docx)
      .expect(303);
    const pending = await previewOf(agent, up);
    const $ = cheerio.load((await agent.get(pending).expect(200)).text);
    expect($('#pending-0 h2').text()).toMatch(/^jiayuguan-innovation-feature\.md/);
    const confirm = await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm', published_0: '2019-03-01' }).expect(303);
    expect((await waitForJob(agent, confirm.headers.location)).state).toBe('done');
    const now = fs.readFileSync(path.join(t.reportsDir, 'jiayuguan-innovation-feature.md'), 'utf8');
    expect(now).toMatch(/^published: 2019-03-01$/m);
    expect(fs.readdirSync(t.keptDir).some((f) => f.startsWith('jiayuguan-innovation-feature.md.'))).toBe(true);
    const doc = (await request(t.app).get('/api/docs/jiayuguan-innovation-feature').expect(200)).body;
    expect(doc.doc?.published ?? doc.published).toBe('2019-03-01');
  });
});

describe('removing and a failed re-index', () => {
  it('removes a report: its permalinks answer 404 with the report’s search, and its file is kept aside', async () => {
    const { agent, csrf } = await signIn();
    const id = (await request(t.app).get('/api/search?doc=jincheng-13th-five-year-review&per_page=1').expect(200)).body.hits[0].id;
    const res = await agent.post('/admin/reports/jincheng-13th-five-year-review/remove').type('form').send({ _csrf: csrf }).expect(303);
    expect((await waitForJob(agent, res.headers.location)).state).toBe('done');
    expect(corpusFiles()).not.toContain('jincheng-13th-five-year-review.md');
    expect(fs.readdirSync(t.keptDir).some((f) => f.startsWith('jincheng-13th-five-year-review.md.'))).toBe(true);
    // The permalink says which report the measure was in; the report is gone, so the way on is the search.
    const gone = cheerio.load((await request(t.app).get(`/chunks/${id}`).expect(404)).text);
    expect(gone('.error p').first().text()).toContain('jincheng-13th-five-year-review');
    expect(gone('.error a.back').attr('href')).toBe('/');
  });

  it('puts the corpus back when the re-index fails, and the live index keeps answering as before', async () => {
    const { agent, csrf } = await signIn();
    const before = corpusFiles();
    const total = (await request(t.app).get('/api/search?doc=yongzhou-interview-tang-guoyu').expect(200)).body.total;
    t.failNextRebuild();
    const res = await agent.post('/admin/reports/yongzhou-interview-tang-guoyu/remove').type('form').send({ _csrf: csrf }).expect(303);
    const job = await waitForJob(agent, res.headers.location);
    expect(job).toMatchObject({ state: 'failed', message: 'the index could not be written (disk full)' });
    expect(corpusFiles()).toEqual(before);
    expect((await request(t.app).get('/api/search?doc=yongzhou-interview-tang-guoyu').expect(200)).body.total).toBe(total);
    const $ = cheerio.load((await agent.get(res.headers.location).expect(200)).text);
    expect($('.state').text()).toMatch(/失败/);
  });
});
