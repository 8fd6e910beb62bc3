// "清空选集" in a real browser, on a list reached by a colleague's link and on the reader's own: a
// shared list is cleared from the page and its address and nothing else — the reader's own
// selection stays as it was, and nothing is left offering to replace it with an empty list —, and
// 撤销 brings the list, its address and the offer back; the reader's own list is cleared from the
// page, the address and the stored selection alike, and restored alike.
import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, useBrowserApp } from '../helpers/browser';
import { seedCorpus } from '../helpers/corpus';

const { chunks } = seedCorpus();
const measures = chunks.filter((c) => c.kind === 'measure');
const shared = [measures[3].id, measures[10].id, measures[20].id];
const theirs = measures[30].id;

describeInBrowser('clearing the selection page', () => {
  const b = useBrowserApp();

  const context = (): Promise<BrowserContext> => b.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const listed = (page: Page) => page.$$eval('ol.selection-list li', (els) => els.map((e) => e.getAttribute('data-id')));
  const stored = async (page: Page) =>
    (JSON.parse(String(await page.evaluate("localStorage.getItem('pingan-selection') || '[]'"))) as { id: string }[]).map((x) => x.id);
  const urlIds = (page: Page) => new URL(page.url()).searchParams.getAll('id');
  const sharedLink = () => `${b.base}/selection?${shared.map((id) => `id=${id}`).join('&')}`;

  it.each([
    ['with a selection of their own', true],
    ['with none of their own', false],
  ])('clears a shared list from the page and its address only, for a reader %s', async (_what, hasOwn) => {
    const ctx = await context();
    const page = await ctx.newPage();
    if (hasOwn) {
      await page.goto(`${b.base}/chunks/${theirs}`);
      await page.click('.cite-export button.select');
    }
    const own = hasOwn ? [theirs] : [];
    await page.goto(sharedLink());
    expect(await page.isVisible('.sel-shared')).toBe(true);

    await page.click('button.sel-clear');
    expect(await listed(page)).toEqual([]);
    // The address names no measure (an empty id keeps the reader's own selection from taking the page on a reload).
    expect(urlIds(page).filter(Boolean)).toEqual([]);
    // So does the page in the other language.
    expect(new URL(String(await page.getAttribute('a.lang', 'href')), b.base).searchParams.getAll('id')).toEqual(['']);
    expect(await page.textContent('.sel-status [role=status]')).toBe('已清空此列表。你自己的选集未改动。');
    // The reader's own selection is untouched, and nothing offers to save or replace it with the empty list.
    expect(await stored(page)).toEqual(own);
    expect(await page.isVisible('#selection')).toBe(hasOwn);
    expect(await page.isVisible('.sel-shared')).toBe(false);
    expect(await page.isVisible('.sel-replace')).toBe(false);
    expect(await page.isVisible('.sel-adopt')).toBe(false);

    // Undo brings back the list, its address and the offer to take it.
    await page.click('button.sel-undo');
    expect(await listed(page)).toEqual(shared);
    expect(urlIds(page)).toEqual(shared);
    expect(await page.isVisible('.sel-shared')).toBe(true);
    expect(await stored(page)).toEqual(own);

    // Cleared again and reloaded, the page does not bring the shared list back, nor put the reader's own in its place unasked.
    await page.click('button.sel-clear');
    await page.reload();
    expect(await listed(page)).toEqual([]);
    expect(await stored(page)).toEqual(own);
    await ctx.close();
  });

  it('clears the reader’s own selection from the page, the address and the browser alike, and restores it alike', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(sharedLink());
    await page.click('.sel-adopt');
    expect(await stored(page)).toEqual(shared);

    await page.click('button.sel-clear');
    expect(await page.textContent('.sel-status [role=status]')).toBe('已清空选集。');
    expect(await listed(page)).toEqual([]);
    expect(urlIds(page)).toEqual([]);
    expect(await stored(page)).toEqual([]);
    expect(await page.isVisible('#selection')).toBe(false);
    await page.click('button.sel-undo');
    expect(await listed(page)).toEqual(shared);
    expect(urlIds(page)).toEqual(shared);
    expect(await stored(page)).toEqual(shared);
    await ctx.close();
  });
});
