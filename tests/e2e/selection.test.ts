// The selection in a real browser: measures added from a search, a measure page and a report,
// arranged on the selection page by keyboard, removed, cleared and restored, kept across a reload;
// a shared selection taken in without overwriting the reader's own; the bar on a phone. Screenshots
// of the page and the bar at 390 and 1280 pixels are left in test-artifacts/selection/.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, axe, describeInBrowser, useBrowserApp, waitUntil } from '../helpers/browser';
import { seedCorpus } from '../helpers/corpus';

const SHOTS = path.join(ARTIFACTS, 'selection');
const enc = encodeURIComponent;
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
const { docs, chunks } = seedCorpus();

const TEXT = {
  zh: { count: (n: number) => `已选 ${n} 条举措`, up: '上移', cleared: '已清空选集。', adopt: '保存为我的选集', merge: '合并到我的选集' },
  en: {
    count: (n: number) => `Selected: ${n}`,
    up: 'Move up',
    cleared: 'The selection was cleared.',
    adopt: 'Save as my selection',
    merge: 'Add it to my selection',
  },
} as const;

describeInBrowser('the selection, managed in a browser', () => {
  const b = useBrowserApp({ shots: SHOTS });

  const context = (size: keyof typeof WIDTHS, lang: 'zh' | 'en'): Promise<BrowserContext> =>
    b.browser.newContext({
      viewport: WIDTHS[size],
      locale: lang === 'en' ? 'en-GB' : 'zh-CN',
      deviceScaleFactor: 1,
      // axe is injected into the page, which the Content-Security-Policy would refuse.
      bypassCSP: true,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
  const listed = (page: Page) => page.$$eval('ol.selection-list li', (els) => els.map((e) => e.getAttribute('data-id')));
  const stored = async (page: Page) =>
    (JSON.parse(String(await page.evaluate("localStorage.getItem('pingan-selection') || '[]'"))) as { id: string }[]).map((x) => x.id);
  const urlIds = (page: Page) => new URL(page.url()).searchParams.getAll('id');
  const focused = (page: Page) => page.evaluate("(document.activeElement.closest('li') || {}).dataset?.id + ' ' + document.activeElement.className");
  const seriousViolations = async (page: Page) => (await axe(page)).map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

  it.each(['zh', 'en'] as const)('is collected from a search, a measure page and a report, then arranged, removed, cleared and restored (%s)', async (lang) => {
    const t = TEXT[lang];
    const suffix = lang === 'en' ? '&lang=en' : '';
    const ctx = await context('desktop', lang);
    const page = await ctx.newPage();
    // From a search: the first hit.
    await page.goto(`${b.base}/?q=${enc('调解')}${suffix}`);
    const fromSearch = (await page.getAttribute('.hit', 'id'))!.replace(/^hit-/, '');
    await page.click(`#hit-${fromSearch} button.select`);
    // From a measure page (of another report).
    const measure = chunks.find((c) => c.kind === 'measure' && c.docId !== fromSearch.replace(/-[0-9a-f]{10}(-\d+)?$/, '') && c.id !== fromSearch)!;
    await page.goto(`${b.base}/chunks/${measure.id}?${suffix.slice(1)}`);
    await page.click('.cite-export button.select');
    // From a report: one of its measures.
    const report = docs.find((d) => d.id !== measure.docId)!;
    const inReport = chunks.filter((c) => c.docId === report.id && c.id !== fromSearch)[2];
    await page.goto(`${b.base}/docs/${report.id}?${suffix.slice(1)}`);
    await page.click(`section.block[id="${inReport.id}"] button.select`);
    expect(await page.getAttribute(`section.block[id="${inReport.id}"] button.select`, 'aria-pressed')).toBe('true');
    expect(await page.textContent('#selection .selection-count')).toBe(t.count(3));
    const added = [fromSearch, measure.id, inReport.id];

    // The bar opens the page with the three in the order they were added.
    await Promise.all([page.waitForURL(/\/selection\?/), page.click('#selection a.selection-open')]);
    expect(await listed(page)).toEqual(added);
    expect(urlIds(page)).toEqual(added);
    expect(new URL(page.url()).searchParams.get('lang')).toBe(lang === 'en' ? 'en' : null);
    expect(await page.isVisible('.sel-shared')).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, `page-${lang}-desktop.png`), fullPage: true });

    // Reorder by keyboard: from the first title, Tab goes to its report, then skips the disabled "up" and reaches "down".
    await page.focus('ol.selection-list li:first-child h2 a');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`${added[0]} sel-down`);
    await page.keyboard.press('Enter');
    expect(await listed(page)).toEqual([added[1], added[0], added[2]]);
    await page.keyboard.press('Enter');
    const moved = [added[1], added[2], added[0]];
    expect(await listed(page)).toEqual(moved);
    // At the bottom "down" is disabled: the focus stays with the measure, on its "up".
    expect(await focused(page)).toBe(`${added[0]} sel-up`);
    expect(await page.textContent(`li[data-id="${added[0]}"] .sel-up`)).toBe(t.up);
    expect(await page.textContent('.sel-status [role=status]')).toMatch(/3/);
    // The address, the stored selection, the bar and the exports follow.
    expect(urlIds(page)).toEqual(moved);
    expect(await stored(page)).toEqual(moved);
    expect(new URL(String(await page.getAttribute('a.cite-ris', 'href')), b.base).searchParams.getAll('id')).toEqual(moved);
    expect(new URL(String(await page.getAttribute('#selection a.selection-open', 'href')), b.base).searchParams.getAll('id')).toEqual(moved);

    // Remove one: the focus goes on to the next measure's "remove".
    await page.click(`li[data-id="${added[2]}"] .sel-remove`);
    const kept = [added[1], added[0]];
    expect(await listed(page)).toEqual(kept);
    expect(await focused(page)).toBe(`${added[0]} sel-remove`);
    expect(await stored(page)).toEqual(kept);
    expect(await page.textContent('#selection .selection-count')).toBe(t.count(2));

    // Clear, then undo by keyboard (the undo button takes the focus).
    await page.click('button.sel-clear');
    expect(await listed(page)).toEqual([]);
    expect(await stored(page)).toEqual([]);
    expect(await page.isVisible('#selection')).toBe(false);
    expect(urlIds(page)).toEqual([]);
    expect(await page.textContent('.sel-status [role=status]')).toBe(t.cleared);
    expect(await focused(page)).toMatch(/sel-undo$/);
    await page.keyboard.press('Enter');
    expect(await listed(page)).toEqual(kept);
    expect(await stored(page)).toEqual(kept);
    expect(urlIds(page)).toEqual(kept);
    expect(await page.isVisible('button.sel-undo')).toBe(false);

    // A reload keeps it; the share link is the page's own address and copies as such.
    await page.reload();
    expect(await listed(page)).toEqual(kept);
    expect(await page.textContent('#selection .selection-count')).toBe(t.count(2));
    const share = String(await page.getAttribute('#sel-share-url', 'href'));
    expect(share).toBe(page.url());
    await page.click('button.sel-share-copy');
    await waitUntil(async () => String(await page.evaluate('navigator.clipboard.readText()')) === share);

    // Nothing serious for assistive technology on the managed page.
    expect(await seriousViolations(page)).toEqual([]);

    // A colleague opens the shared link: an empty browser is offered to keep it, nothing stored until asked.
    const other = await context('desktop', lang);
    const colleague = await other.newPage();
    await colleague.goto(share);
    expect(await listed(colleague)).toEqual(kept);
    expect(await colleague.isVisible('.sel-shared')).toBe(true);
    expect(await stored(colleague)).toEqual([]);
    await colleague.screenshot({ path: path.join(SHOTS, `shared-${lang}-desktop.png`) });
    await colleague.click(`li[data-id="${kept[1]}"] .sel-up`);
    expect(urlIds(colleague)).toEqual([kept[1], kept[0]]);
    expect(await stored(colleague)).toEqual([]);
    await colleague.click(`text=${t.adopt}`);
    expect(await stored(colleague)).toEqual([kept[1], kept[0]]);
    expect(await colleague.isVisible('.sel-shared')).toBe(false);
    expect(await colleague.evaluate('document.activeElement.tagName')).toBe('H1');
    expect(await colleague.textContent('#selection .selection-count')).toBe(t.count(2));
    await other.close();

    // A reader with a selection of their own may merge the shared one into it; it is never replaced unasked.
    const third = await context('desktop', lang);
    const reader = await third.newPage();
    const theirs = chunks.find((c) => c.kind === 'measure' && !kept.includes(c.id))!;
    await reader.goto(`${b.base}/chunks/${theirs.id}`);
    await reader.click('.cite-export button.select');
    await reader.goto(share);
    expect(await reader.isVisible('.sel-shared')).toBe(true);
    expect(await reader.textContent('.sel-shared-text')).toMatch(lang === 'en' ? /your own selection in this browser \(measures: 1\)/i : /有 1 条/);
    expect(await stored(reader)).toEqual([theirs.id]);
    await Promise.all([reader.waitForURL((u) => u.searchParams.getAll('id').length === 3), reader.click(`text=${t.merge}`)]);
    expect(await listed(reader)).toEqual([theirs.id, ...kept]);
    expect(await stored(reader)).toEqual([theirs.id, ...kept]);
    expect(await reader.isVisible('.sel-shared')).toBe(false);
    await third.close();
    await ctx.close();
  });

  it.each(['zh', 'en'] as const)('keeps the bar to one line on a phone, clear of the content, and the page readable (%s)', async (lang) => {
    const ctx = await context('phone', lang);
    const page = await ctx.newPage();
    const suffix = lang === 'en' ? '?lang=en' : '';
    const doc = docs[0];
    await page.goto(`${b.base}/docs/${doc.id}${suffix}`);
    const buttons = page.locator('section.block button.select');
    for (let i = 0; i < 4; i++) await buttons.nth(i).click();
    const box = (await page.locator('#selection').boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(60);
    expect(box.y + box.height).toBe(WIDTHS.phone.height);
    // Scrolled to the end, the footer stands above the bar.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    const foot = (await page.locator('footer.site').boundingBox())!;
    expect(foot.y + foot.height).toBeLessThanOrEqual((await page.locator('#selection').boundingBox())!.y + 1);
    await page.screenshot({ path: path.join(SHOTS, `bar-${lang}-phone.png`) });
    expect(await seriousViolations(page)).toEqual([]);

    await Promise.all([page.waitForURL(/\/selection\?/), page.click('#selection a.selection-open')]);
    expect(await listed(page)).toHaveLength(4);
    await page.screenshot({ path: path.join(SHOTS, `page-${lang}-phone.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    // The last export link is not hidden behind the bar once scrolled into view.
    const last = page.locator('.sel-share p.hint');
    await last.scrollIntoViewIfNeeded();
    expect((await last.boundingBox())!.y + (await last.boundingBox())!.height).toBeLessThanOrEqual((await page.locator('#selection').boundingBox())!.y);
    await ctx.close();
  });

  it('is a plain list from its address without JavaScript, its exports plain links', async () => {
    const ctx = await b.browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    const page = await ctx.newPage();
    const ids = [chunks[5].id, chunks[1].id];
    await page.goto(`${b.base}/selection?id=${ids.join('&id=')}`);
    expect(await listed(page)).toEqual(ids);
    expect(await page.isVisible('.sel-actions')).toBe(false);
    expect(await page.isVisible('.sel-shared')).toBe(false);
    expect(await page.isVisible('#selection')).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.cite-csv')]);
    const csv = fs.readFileSync((await download.path()) as string, 'utf8');
    expect([...csv.matchAll(/\r\n([a-z0-9-]+-[0-9a-f]{10}(?:-\d+)?),/g)].map((m) => m[1])).toEqual(ids);
    await ctx.close();
  });

  it('shows the bar with its exports on a wide screen', async () => {
    const ctx = await context('desktop', 'zh');
    const page = await ctx.newPage();
    await page.goto(`${b.base}/?q=${enc('网格')}`);
    const ids = (await page.$$eval('.hit', (els) => els.map((e) => e.id))).slice(0, 2);
    for (const id of ids) await page.click(`#${id} button.select`);
    const box = (await page.locator('#selection').boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(60);
    expect(await page.isVisible('#selection button[formaction="/selection.ris"]')).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'bar-zh-desktop.png') });
    await ctx.close();
  });
});
