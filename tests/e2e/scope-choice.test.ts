// The scope choice beside the search box, in both languages: reached and set by keyboard alone,
// kept in the address, said by a chip, and shown as the address says after Back.
import type { Page } from 'playwright-core';
import path from 'node:path';
import { ARTIFACTS, describeInBrowser, useBrowserApp, waitUntil } from '../helpers/browser';

const enc = encodeURIComponent;
const LANGS = [
  ['zh', '', '标题', '同一句'],
  ['en', '&lang=en', 'headings', 'one sentence'],
] as const;

describeInBrowser('the scope choice', () => {
  const b = useBrowserApp();

  const focusedName = async (page: Page) => String(await page.evaluate('document.activeElement ? document.activeElement.name : ""'));
  const scopeValue = (page: Page) => page.inputValue('select[name=scope]');

  it.each(LANGS)('is set by keyboard, kept in the address, said by a chip and restored by Back (%s)', async (name, lang, headings, sentence) => {
    const ctx = await b.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    await page.goto(`${b.base}/?q=${enc('服务')}${lang}`);
    await page.focus('input[name=q]');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('scope');
    // Headings: the option after full text, chosen with the arrow key; then Tab to the button and Enter.
    await page.keyboard.press('ArrowDown');
    await waitUntil(async () => (await scopeValue(page)) === 'heading');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/scope=heading/), page.keyboard.press('Enter')]);
    const chip = page.locator('.chips a.chip').first();
    expect(await chip.textContent()).toContain(headings);
    const inHeadings = await page.locator('.stats').textContent();
    for (const h of await page.locator('.hit h2').allTextContents()) expect(h).toContain('服务');
    await page.screenshot({ path: path.join(ARTIFACTS, `scope-choice-${name}.png`), fullPage: false });
    // A second choice, then Back: the choice and the chip say what the address says.
    await page.selectOption('select[name=scope]', 'sentence');
    await page.fill('input[name=q]', '群众 服务');
    await Promise.all([page.waitForURL(/scope=sentence/), page.click('form.search .query button[type=submit]')]);
    expect(await page.locator('.chips a.chip').first().textContent()).toContain(sentence);
    expect(await page.locator('.notice').first().textContent()).toMatch(/群众/);
    await page.goBack();
    await waitUntil(async () => new URL(page.url()).searchParams.get('scope') === 'heading');
    await waitUntil(async () => (await scopeValue(page)) === 'heading');
    expect(await page.locator('.chips a.chip').first().textContent()).toContain(headings);
    expect(await page.locator('.stats').textContent()).toBe(inHeadings);
    // The chip takes the scope away, and the choice goes back to full text.
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('scope')), chip.click()]);
    expect(await scopeValue(page)).toBe('');
    await ctx.close();
  });
});
