// A researcher's path through the site in a real browser (Debian's chromium driven by playwright-core).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parseRIS } from 'biblatex-csl-converter';
import { ARTIFACTS, describeInBrowser, useBrowserApp, waitUntil } from '../helpers/browser';
import { docIdOfChunk } from '../../core/ids';

describeInBrowser('in a browser', () => {
  const b = useBrowserApp();

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
  const hitIds = (page: Page) => page.$$eval('.hit', (els) => els.map((e) => e.id));

  it('searches, ticks facets, shares the link, opens a permalink, goes back and downloads the CSV', async () => {
    const context = await b.browser.newContext({ acceptDownloads: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${b.base}/`);
    await page.fill('input[name=q]', '调解');
    await Promise.all([page.waitForURL(/q=/), page.press('input[name=q]', 'Enter')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('调解');
    await shot(page, '1-search');

    // Ticking a facet submits the form by itself.
    await Promise.all([page.waitForURL(/city=/), page.check('fieldset[data-field=city] input[value="保山市"]')]);
    await Promise.all([page.waitForURL(/agency=/), page.check('fieldset[data-field=agency] input[value="法院"]')]);
    const shared = page.url();
    expect(new URL(shared).search).toBe(`?q=${encodeURIComponent('调解')}&city=${encodeURIComponent('保山市')}&agency=${encodeURIComponent('法院')}`);
    expect(await page.getAttribute('button.copy', 'data-copy-url')).toBe(new URL(shared).pathname + new URL(shared).search);
    const ids = await hitIds(page);
    const stats = (await page.textContent('.stats'))?.replace(/用时 [\d.]+/, '') ?? '';
    expect(ids.length).toBeGreaterThan(0);
    await shot(page, '2-filtered');

    // A colleague opens the shared link in a fresh browser and sees the same page.
    const other = await b.browser.newContext();
    const colleague = await other.newPage();
    await colleague.goto(shared);
    expect(await hitIds(colleague)).toEqual(ids);
    expect((await colleague.textContent('.stats'))?.replace(/用时 [\d.]+/, '')).toBe(stats);
    expect(await colleague.isChecked('fieldset[data-field=city] input[value="保山市"]')).toBe(true);
    await other.close();

    // Open a permalink, then come back.
    await Promise.all([page.waitForURL(/\/chunks\//), page.click('.hit h2 a')]);
    expect(await page.textContent('#citation')).toMatch(/\[EB\/OL\]/);
    expect(await page.locator('button[data-copy-from=citation]').count()).toBe(1);
    await shot(page, '3-permalink');
    await page.goBack();
    expect(page.url()).toBe(shared);
    expect(await hitIds(page)).toEqual(ids);

    // The CSV of the result set.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.csv')]);
    const file = path.join(ARTIFACTS, 'results.csv');
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n').filter(Boolean).length - 1).toBe(Number(stats.match(/\d+/)?.[0]));
    await context.close();
  });

  it('goes from a matrix cell to the search it counts', async () => {
    const page = await b.browser.newPage();
    await page.goto(`${b.base}/?q=${encodeURIComponent('调解')}`);
    await Promise.all([page.waitForURL(/\/compare/), page.click('a.compare')]);
    await shot(page, '4-matrix');
    const cell = page.locator('td.cell a').first();
    const count = Number(await cell.textContent());
    await Promise.all([page.waitForURL(/city=.*theme=/), cell.click()]);
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe('调解');
    expect((await page.textContent('.stats'))?.match(/^\d+/)?.[0]).toBe(String(count));
    await page.close();
  });

  it('copies a measure citation to the clipboard', async () => {
    const context = await b.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${b.base}/?q=${encodeURIComponent('无讼社区')}`);
    await page.click('.hit h2 a');
    await page.click('button[data-copy-from=citation]');
    // Browser-side expressions are passed as strings: they run in the page, not in Node.
    await waitUntil(async () => (await page.textContent('button[data-copy-from=citation]')) === '已复制');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(await page.textContent('#citation'));
    await context.close();
  });

  it('keeps a selection of measures across searches and pages, counts it, exports it as RIS, copies it and opens it as a page', async () => {
    const context = await b.browser.newContext({ acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    // Without a selection the bar is hidden; each hit offers to add itself.
    await page.goto(`${b.base}/?q=${encodeURIComponent('调解')}`);
    expect(await page.isVisible('#selection')).toBe(false);
    const first = await hitIds(page);
    await page.click(`#${first[0]} button.select`);
    await page.click(`#${first[1]} button.select`);
    expect(await page.getAttribute(`#${first[0]} button.select`, 'aria-pressed')).toBe('true');
    expect(await page.textContent('#selection .selection-count')).toBe('已选 2 条举措');
    // A second search, then a measure page: the selection follows the reader.
    await page.goto(`${b.base}/?q=${encodeURIComponent('网格')}&page=2`);
    const second = await hitIds(page);
    const third = second.find((id) => !first.slice(0, 2).includes(id)) as string;
    await page.click(`#${third} button.select`);
    await page.goto(`${b.base}/chunks/${third.replace(/^hit-/, '')}`);
    expect(await page.textContent('#selection .selection-count')).toBe('已选 3 条举措');
    expect(await page.getAttribute('.cite-export button.select', 'aria-pressed')).toBe('true');
    await shot(page, 'selection');
    // The export holds exactly the three measures, one record per report with a note for each, in a form a reference manager reads.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#selection button[formaction="/selection.ris"]')]);
    const ris = fs.readFileSync((await download.path()) as string, 'utf8');
    const chosen = [first[0], first[1], third].map((h) => h.replace(/^hit-/, ''));
    const reports = new Set(chosen.map(docIdOfChunk));
    const entries = Object.values(parseRIS(ris).entries);
    expect(entries).toHaveLength(reports.size);
    expect(entries.map((e) => String(e.fields.url).replace(/^.*\/docs\//, '')).sort()).toEqual([...reports].sort());
    expect([...ris.matchAll(/^N1 {2}- 章节: .*\/chunks\/(\S+)\r$/gm)].map((m) => m[1]).sort()).toEqual([...chosen].sort());
    // Copying gives the GB/T 7714 lines; clearing empties the bar.
    await page.click('#selection button.selection-copy');
    await waitUntil(async () => (await page.textContent('#selection button.selection-copy')) === '已复制');
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied.match(/^\[\d\] .+\[EB\/OL\]/gm)).toHaveLength(reports.size);
    // The bar leads to the selection page, which lists the three in the order they were ticked.
    await Promise.all([page.waitForURL(/\/selection\?/), page.click('#selection a.selection-open')]);
    expect(await page.$$eval('ol.selection-list li', (els) => els.map((e) => e.getAttribute('data-id')))).toEqual(chosen);
    await context.close();
  });
});
