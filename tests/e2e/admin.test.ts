// An editor's path through the admin pages in a real browser: sign in, upload a saved web page (and a PDF with a Word file),
// correct what was inferred, confirm, watch the re-index, find the new measures; a hostile upload
// is refused or shown inert.
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN, startAdminApp } from '../helpers/admin';
import { ARTIFACTS, axe, describeInBrowser, serveOnLoopback, useBrowserApp, waitUntil } from '../helpers/browser';
import { reportDocx, reportPdf, savedPageGbk } from '../helpers/source-files';

describeInBrowser('the admin pages in a browser', () => {
  const b = useBrowserApp({ start: () => startAdminApp(['guandu-five-keywords']) });
  let fixtures: string;
  beforeAll(() => {
    fixtures = path.join(b.app.dir, 'fixtures');
    fs.mkdirSync(fixtures);
  });

  /** A page that records every alert, confirm or prompt a script raises (there should be none). */
  async function pageWatchingDialogs() {
    const page = await b.browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return { page, dialogs };
  }

  it('signs in, uploads a saved page, corrects its metadata, confirms, follows the re-index and finds the measures', async () => {
    const { page, dialogs } = await pageWatchingDialogs();
    await page.goto(`${b.base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    const violations: Record<string, string[]> = {};
    const check = async (name: string) => {
      const found = await axe(page);
      if (found.length) violations[name] = found.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    await check('login');
    await page.fill('#token', 'wrong token of some length');
    await page.click('main button[type=submit]');
    expect(await page.textContent('[role=alert]')).toBe('令牌不正确。');
    await page.fill('#token', ADMIN_TOKEN);
    await Promise.all([page.waitForURL(`${b.base}/admin`), page.click('main button[type=submit]')]);
    await check('reports');
    await page.setInputFiles('#files', savedPageGbk('guandu-five-keywords', fixtures));
    await Promise.all([page.waitForURL(/\/admin\/pending\//), page.click('form.upload button[type=submit]')]);
    expect(await page.inputValue('#title_0')).toBe('“五大关键字”解锁平安官渡建设的政法力量');
    expect(await page.inputValue('#publisher_0')).toBe('昆明长安网');
    expect(await page.locator('.chunk-preview li').count()).toBeGreaterThan(10);
    await check('preview');
    await page.fill('#author_0', '官渡区委政法委');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-preview.png') });
    await Promise.all([page.waitForURL(/\/admin\/jobs\//), page.click('button[value=confirm]')]);
    await waitUntil(async () => (await page.getAttribute('#job', 'data-state').catch(() => null)) === 'done', 30_000);
    // Once done, the page is the outcome's: titled by it, linking to the new report.
    await page.waitForSelector('h1:text-is("已添加报告并重新索引")', { timeout: 10_000 });
    expect(await page.getAttribute('#job .outcome a', 'href')).toBe('/docs/guandu-five-keywords');
    expect(await page.getAttribute('#job progress', 'value')).toBe('100');
    await check('job');
    // No serious or critical axe-core violation on any admin page.
    expect(violations).toEqual({});
    expect(await page.textContent('#job .state')).toMatch(/^完成: 语料现有 5 份报告、\d+ 个段落。$/);
    await page.goto(`${b.base}/?q=${encodeURIComponent('无讼社区')}`);
    expect(await page.textContent('.hit .crumbs')).toContain('“五大关键字”解锁平安官渡建设的政法力量');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('uploads a PDF and a Word file together, confirms both and finds each by search', async () => {
    // A knowledge base without these two reports, so that neither is refused as a duplicate.
    const other = await startAdminApp(['yongzhou-interview-tang-guoyu', 'jiayuguan-innovation-feature']);
    const { base, close } = await serveOnLoopback(other.app);
    const { page, dialogs } = await pageWatchingDialogs();
    await page.goto(`${base}/admin/login`);
    await page.fill('#token', ADMIN_TOKEN);
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('main button[type=submit]')]);
    const files = [await reportPdf('yongzhou-interview-tang-guoyu', fixtures), await reportDocx('jiayuguan-innovation-feature', fixtures)];
    await page.setInputFiles('#files', files);
    await Promise.all([page.waitForURL(/\/admin\/pending\//, { timeout: 60_000 }), page.click('form.upload button[type=submit]')]);
    const titles = [await page.inputValue('#title_0'), await page.inputValue('#title_1')];
    expect(titles).toEqual(expect.arrayContaining(['永州市委政法委常务副书记唐国玉谈政法工作']));
    expect(titles.some((t) => t.includes('嘉峪关'))).toBe(true);
    await Promise.all([page.waitForURL(/\/admin\/jobs\//), page.click('button[value=confirm]')]);
    await waitUntil(async () => (await page.getAttribute('#job', 'data-state').catch(() => null)) === 'done', 60_000);
    // The PDF's text and the Word file's text are each found by search, under their own report.
    await page.goto(`${base}/?q=${encodeURIComponent('平安雄关')}`);
    expect(await page.locator('.hit .crumbs').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('嘉峪关')]));
    await page.goto(`${base}/?q=${encodeURIComponent('扫黑除恶')}&city=${encodeURIComponent('永州市')}`);
    expect(await page.locator('.hit').count()).toBeGreaterThan(0);
    expect(await page.locator('.hit .crumbs').first().textContent()).toContain('唐国玉');
    expect(dialogs).toEqual([]);
    await page.close();
    await close();
    await other.close();
  });

  it('refuses a fake PDF and shows a page full of script as text, running none of it', async () => {
    const { page, dialogs } = await pageWatchingDialogs();
    await page.goto(`${b.base}/admin/login`);
    await page.fill('#token', ADMIN_TOKEN);
    await Promise.all([page.waitForURL(`${b.base}/admin`), page.click('main button[type=submit]')]);
    const hostile = path.join(fixtures, 'hostile.html');
    fs.writeFileSync(
      hostile,
      `<html><head><title>测试市报告</title><script>alert('head')</script></head><body><h1 onclick="alert('h1')">测试市报告</h1><p>&lt;script&gt;alert('text')&lt;/script&gt;测试市<img src=x onerror="alert('img')">推进平安建设${'健全矛盾纠纷多元化解机制,'.repeat(30)}</p></body></html>`,
    );
    const fake = path.join(fixtures, 'fake.pdf');
    fs.writeFileSync(fake, 'not a pdf at all');
    await page.setInputFiles('#files', [hostile, fake]);
    await Promise.all([page.waitForURL(/\/admin\/pending\//), page.click('form.upload button[type=submit]')]);
    expect(await page.textContent('.refused')).toContain('fake.pdf：文件名是 .pdf，但不是 PDF 文件');
    await page.locator('.refused').screenshot({ path: path.join(ARTIFACTS, 'admin-refused.png') });
    await page.goto(`${page.url()}?lang=en`);
    expect(await page.textContent('.refused')).toContain('fake.pdf: is named .pdf but is not a PDF file');
    // What the page said as text stays text; nothing of its markup runs.
    expect(await page.textContent('.chunk-preview')).toContain("<script>alert('text')</script>");
    expect(dialogs).toEqual([]);
    await Promise.all([page.waitForURL(`${b.base}/admin`), page.click('button[value=cancel]')]);
    expect(fs.readdirSync(b.app.reportsDir)).not.toContain('hostile.md');
    await page.close();
  });
});
