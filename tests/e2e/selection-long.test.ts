// A selection kept in a browser from before the 200-measure limit, opened from the bar in a real
// browser: the page lists all of it (posted, as no address holds it), keeps it through a reload,
// exports every measure, and once trimmed to what an address holds gives its share link again.
// Nothing of the stored selection is lost on the way. A screenshot is left in test-artifacts/selection/.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, describeInBrowser, useBrowserApp } from '../helpers/browser';
import { seedCorpus } from '../helpers/corpus';

const SHOTS = path.join(ARTIFACTS, 'selection');
const { docs, chunks } = seedCorpus();
// Every measure of the seed corpus and ids of a report re-divided since: 210 in all.
const found = chunks.map((c) => c.id);
const retired = Array.from({ length: 210 - found.length }, (_v, i) => `${docs[1].id}-${i.toString(16).padStart(10, '0')}`);
const ids = [...retired.slice(0, 10), ...found, ...retired.slice(10)];

describeInBrowser('a selection longer than an address holds', () => {
  const b = useBrowserApp({ shots: SHOTS });

  const listed = (page: Page) => page.$$eval('ol.selection-list li', (els) => els.map((e) => e.getAttribute('data-id')));
  const stored = async (page: Page) =>
    (JSON.parse(String(await page.evaluate("localStorage.getItem('pingan-selection') || '[]'"))) as { id: string }[]).map((x) => x.id);
  const urlIds = (page: Page) => new URL(page.url()).searchParams.getAll('id');
  const listOf = (page: Page, n: number) => page.waitForFunction(`document.querySelectorAll('ol.selection-list li').length === ${n}`);

  it('opens whole from the bar, survives a reload, exports everything and is never cut short', async () => {
    const ctx = await b.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${b.base}/docs`);
    // A selection stored before the limit.
    await page.evaluate(`localStorage.setItem('pingan-selection', JSON.stringify(${JSON.stringify(ids.map((id) => ({ id, label: id })))}))`);
    await page.reload();
    expect(await page.textContent('#selection .selection-count')).toBe(`已选 ${ids.length} 条举措`);

    await page.click('#selection a.selection-open');
    await listOf(page, ids.length);
    expect(await listed(page)).toEqual(ids);
    expect(new URL(page.url()).pathname).toBe('/selection');
    expect(urlIds(page)).toEqual([]);
    expect(await stored(page)).toEqual(ids);
    // It is the reader's own: no offer to take it, a note instead of a share link.
    expect(await page.isVisible('.sel-shared')).toBe(false);
    expect(await page.isVisible('.sel-long-note')).toBe(true);
    expect(await page.isVisible('#sel-share-url')).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'long-zh-desktop.png') });
    await page.locator('.sel-exports').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'long-zh-desktop-exports.png') });

    // A reload shows it again, as it stands now (the stored selection, posted anew, not the list first posted).
    await page.click('ol.selection-list li:first-child .sel-remove');
    expect(await stored(page)).toEqual(ids.slice(1));
    await page.reload();
    await listOf(page, ids.length - 1);
    expect(await listed(page)).toEqual(ids.slice(1));
    expect(await page.isVisible('.sel-shared')).toBe(false);

    // The RIS download holds every report of the measures found.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('form.sel-export-form button.cite-ris >> nth=0')]);
    const ris = fs.readFileSync((await download.path()) as string, 'utf8');
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(docs.length);
    const [each] = await Promise.all([page.waitForEvent('download'), page.click('form.sel-export-form .hint button.cite-ris')]);
    expect([...fs.readFileSync((await each.path()) as string, 'utf8').matchAll(/^ID {2}- (\S+)\r$/gm)].map((m) => m[1])).toEqual(found);

    // In the other language it is the same list, posted again.
    await page.click('a.lang');
    await page.waitForURL(/lang=en/);
    await listOf(page, ids.length - 1);
    expect(await page.textContent('h1')).toBe('Selection');
    expect(await listed(page)).toEqual(ids.slice(1));
    expect(urlIds(page)).toEqual([]);

    // Trimmed to what an address holds, it has its address and its share link again.
    for (let i = 1; i < 10; i++) await page.click('ol.selection-list li:first-child .sel-remove');
    const kept = ids.slice(10);
    expect(kept.length).toBe(200);
    expect(await stored(page)).toEqual(kept);
    expect(urlIds(page)).toEqual(kept);
    expect(await page.isVisible('#sel-share-url')).toBe(true);
    expect(await page.isVisible('.sel-long-note')).toBe(false);
    expect(await page.getAttribute('#sel-share-url', 'href')).toBe(page.url());
    await page.reload();
    expect(await listed(page)).toEqual(kept);
    await ctx.close();
  });

  it('keeps its export buttons and its note readable on a phone, with no sideways scroll', async () => {
    const ctx = await b.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${b.base}/docs`);
    await page.evaluate(`localStorage.setItem('pingan-selection', JSON.stringify(${JSON.stringify(ids.map((id) => ({ id, label: id })))}))`);
    await page.goto(`${b.base}/selection`);
    await listOf(page, ids.length);
    await page.locator('.sel-long-note').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'long-zh-phone-exports.png') });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const note = (await page.locator('.sel-long-note').boundingBox())!;
    expect(note.y + note.height).toBeLessThanOrEqual((await page.locator('#selection').boundingBox())!.y);
    await ctx.close();
  });

  it('merges a shared list into the reader’s own past 200 without dropping any of either', async () => {
    const ctx = await b.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    const own = ids.slice(0, 180);
    const theirs = Array.from({ length: 40 }, (_v, i) => `${docs[2].id}-${i.toString(16).padStart(10, '0')}`);
    await page.goto(`${b.base}/docs`);
    await page.evaluate(`localStorage.setItem('pingan-selection', JSON.stringify(${JSON.stringify(own.map((id) => ({ id, label: id })))}))`);
    await page.goto(`${b.base}/selection?${theirs.map((id) => `id=${id}`).join('&')}`);
    expect(await page.isVisible('.sel-shared')).toBe(true);
    await page.click('.sel-merge');
    await listOf(page, own.length + theirs.length);
    expect(await listed(page)).toEqual([...own, ...theirs]);
    expect(await stored(page)).toEqual([...own, ...theirs]);
    expect(await page.isVisible('.sel-shared')).toBe(false);
    await ctx.close();
  });
});
