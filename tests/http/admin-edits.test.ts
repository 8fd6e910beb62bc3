// What an editor is told when a change cannot be made, and what a change that did not happen
// leaves behind: a confirmation whose report was removed meanwhile says so; a remove whose
// re-index failed keeps no copy; refusals name the uploaded file, never a folder of the server.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../app/config';
import { adminRoutes } from '../../admin/routes';
import * as cheerio from 'cheerio';
import { withoutPaths } from '../../admin/ingest-protocol';
import { previewOf, signIn, startAdminApp, waitForJob, type AdminApp, type Agent } from '../helpers/admin';

let t: AdminApp;

beforeAll(async () => {
  t = await startAdminApp();
});
afterAll(() => t?.close());

const kept = () => (fs.existsSync(t.keptDir) ? fs.readdirSync(t.keptDir) : []);

function upload(agent: Agent, csrf: string, files: { data: Buffer; name: string }[], replace?: string) {
  const req = agent.post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`);
  if (replace) req.field('replace', replace);
  for (const f of files) req.attach('files', f.data, f.name);
  return req;
}

describe('a replacement confirmed after its report was removed', () => {
  it('says the report it replaces was removed, and changes nothing', async () => {
    const { agent, csrf } = await signIn(t.app);
    const text = Buffer.from('测试市平安建设替换稿\n' + '测试市推进平安建设，化解矛盾纠纷一千件。\n'.repeat(40));
    const pending = await previewOf(agent, await upload(agent, csrf, [{ data: text, name: 'new.txt' }], 'jincheng-13th-five-year-review').expect(303));
    const removed = await agent.post('/admin/reports/jincheng-13th-five-year-review/remove').type('form').send({ _csrf: csrf }).expect(303);
    expect((await waitForJob(agent, removed.headers.location)).state).toBe('done');
    const res = await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm' }).expect(409);
    expect(cheerio.load(res.text)('.notice.error').text()).toBe(
      '要替换的报告“jincheng-13th-five-year-review”已被删除，不在语料中了，因此没有替换任何内容。如需收录这份文件，请放弃此预览，再作为新报告上传。',
    );
    expect(fs.readdirSync(t.reportsDir)).not.toContain('jincheng-13th-five-year-review.md');
  });
});

describe('a remove whose re-index fails', () => {
  it('puts the report back and keeps no copy of it', async () => {
    const { agent, csrf } = await signIn(t.app);
    const before = kept();
    t.failNextRebuild();
    const res = await agent.post('/admin/reports/yongzhou-interview-tang-guoyu/remove').type('form').send({ _csrf: csrf }).expect(303);
    expect((await waitForJob(agent, res.headers.location)).state).toBe('failed');
    expect(fs.readdirSync(t.reportsDir)).toContain('yongzhou-interview-tang-guoyu.md');
    expect(kept()).toEqual(before);
  });
});

describe('refusals', () => {
  it('name the uploaded file, not a folder of the server', async () => {
    const { agent, csrf } = await signIn(t.app);
    const files = [
      { data: Buffer.from('not a pdf at all'), name: 'broken.pdf' },
      { data: Buffer.from('PK\x03\x04 not a zip'), name: 'broken.docx' },
      { data: Buffer.from(''), name: 'empty.txt' },
      { data: fs.readFileSync(`${t.reportsDir}/baoshan-decade-press-conference.md`), name: 'again.md' },
      { data: Buffer.from(fs.readFileSync(`${t.reportsDir}/guandu-five-keywords.md`, 'utf8').replace(/^---[\s\S]*?\n---\n/, '')), name: '官渡.txt' },
      { data: Buffer.from('<html><body></body></html>'), name: 'blank.html' },
      { data: Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41]), name: 'odd.md' },
    ];
    const pending = await previewOf(agent, await upload(agent, csrf, files).expect(303));
    const $ = cheerio.load((await agent.get(pending).expect(200)).text);
    const refusals = $('.refused li')
      .map((_i, li) => $(li).text())
      .get();
    expect(refusals).toHaveLength(7);
    // A Chinese file name is read as the browser sent it (UTF-8).
    expect(refusals).toContain('官渡.txt：正文与语料中的 guandu-five-keywords.md 相同');
    for (const r of refusals) {
      expect(r).not.toContain(t.dir);
      expect(r).not.toMatch(/\/tmp|uploads|\.\.\//);
    }
  });
});

describe('withoutPaths', () => {
  it('shows a file under a server folder, or reached by ../, by its name only', () => {
    const roots = ['/srv/kb/data/uploads/abc', '/srv/kb/corpus/reports', '/tmp'];
    expect(withoutPaths("ENOENT: no such file or directory, open '/srv/kb/data/uploads/abc/r.txt'", roots)).toBe(
      "ENOENT: no such file or directory, open 'r.txt'",
    );
    expect(withoutPaths('its text is already in the corpus as ../../corpus/reports/x.md', roots)).toBe('its text is already in the corpus as x.md');
    expect(withoutPaths('could not read /tmp/pingan-check-Q1/confirming-0.md in /tmp', roots)).toBe('could not read confirming-0.md in …');
  });
});

describe('the upload folder', () => {
  it('is under the data directory, and only the server’s user may open it (0700), even if it was made otherwise', () => {
    expect(loadConfig({ DATA_DIR: '/srv/kb/data' }, '/srv/kb').uploadDir).toBe('/srv/kb/data/uploads');
    expect(t.uploadDir).toBe(path.join(t.dir, 'data', 'uploads'));
    expect(fs.statSync(t.uploadDir).mode & 0o777).toBe(0o700);
    const open = path.join(t.dir, 'open-uploads');
    fs.mkdirSync(open, { mode: 0o755 });
    fs.chmodSync(open, 0o755);
    adminRoutes({ token: 'a-long-enough-admin-token-for-tests', ingest: {} as never, edits: {} as never, uploadDir: open });
    expect(fs.statSync(open).mode & 0o777).toBe(0o700);
  });
});

describe('a file named in Chinese', () => {
  it('gets a readable id from its title’s pinyin, not a hash, which the editor may change before confirming', async () => {
    const { agent, csrf } = await signIn(t.app);
    const text = '昆明市官渡区平安建设工作情况\n' + '官渡区推进平安建设，排查化解矛盾纠纷三百余件，群众安全感持续提升。\n'.repeat(30);
    const pending = await previewOf(agent, await upload(agent, csrf, [{ data: Buffer.from(text), name: '平安建设报告.txt' }]).expect(303));
    const $ = cheerio.load((await agent.get(pending).expect(200)).text);
    expect($('#pending-0 h2').text()).toBe('kunmingshi-guanduqu-pinganjianshe-gongzuo.md');
    expect($('#id_0').attr('value')).toBe('kunmingshi-guanduqu-pinganjianshe-gongzuo');
    // The editor may set another id before confirming; one that is not an id is refused in the preview.
    const bad = cheerio.load((await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm', id_0: 'Guandu 2023!' }).expect(400)).text);
    expect(bad('#pending-0 .notice.error').text()).toContain('“Guandu 2023!”不能用作编号');
    const ok = await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm', id_0: 'guandu-2023-work' }).expect(303);
    expect((await waitForJob(agent, ok.headers.location)).state).toBe('done');
    expect(fs.readFileSync(path.join(t.reportsDir, 'guandu-2023-work.md'), 'utf8')).toMatch(/^id: guandu-2023-work$/m);
  });
});
