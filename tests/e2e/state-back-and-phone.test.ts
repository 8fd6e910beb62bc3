// State that never lies, on every device: the boxes say what the address says after Back, the
// drawer stays open for the next tick on a phone, the report opened from a measure keeps the
// search, targets are big enough, one Tab stop a hit, and the comparisons fit a phone.
import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, useBrowserApp, waitUntil } from '../helpers/browser';

const enc = encodeURIComponent;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const LANGS = [
  ['zh', ''],
  ['en', 'lang=en'],
] as const;
const withLang = (url: string, lang: string) => (lang ? `${url}${url.includes('?') ? '&' : '?'}${lang}` : url);

describeInBrowser('state in the browser', () => {
  const b = useBrowserApp();

  const context = (viewport = DESKTOP): Promise<BrowserContext> => b.browser.newContext({ viewport, deviceScaleFactor: 1 });
  const checked = (page: Page) =>
    page.$$eval('#search-form input.auto-submit:checked', (els) => els.map((e) => `${e.getAttribute('name')}=${e.getAttribute('value')}`));
  const focused = async (page: Page, selector: string): Promise<boolean> =>
    (await page.evaluate(`!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)) === true;

  it.each(LANGS)('shows after Back exactly the boxes the address holds (%s)', async (_name, lang) => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${b.base}${withLang(`/?q=${enc('调解')}`, lang)}`);
    await Promise.all([page.waitForURL(/city=/), page.check('fieldset[data-field=city] input[value="保山市"]')]);
    await Promise.all([page.waitForURL(/agency=/), page.check('fieldset[data-field=agency] input[value="法院"]')]);
    expect(await checked(page)).toEqual(['city=保山市', 'agency=法院']);
    await page.goBack();
    expect(new URL(page.url()).searchParams.getAll('agency')).toEqual([]);
    expect(await page.locator('.chip').count()).toBe(1);
    await waitUntil(async () => (await checked(page)).length === 1);
    expect(await checked(page)).toEqual(['city=保山市']);
    await page.goBack();
    await waitUntil(async () => (await checked(page)).length === 0);
    expect(await page.inputValue('input[name=q]')).toBe('调解');
    await page.goForward();
    await waitUntil(async () => (await checked(page)).length === 1);
    await ctx.close();
  });

  it.each(LANGS)('keeps the drawer open on a phone after a tick from inside it, the focus on the box (%s)', async (_name, lang) => {
    const ctx = await context(PHONE);
    const page = await ctx.newPage();
    await page.goto(`${b.base}${withLang(`/?q=${enc('调解')}`, lang)}`);
    expect(await page.locator('details#filters').getAttribute('open')).toBeNull();
    await page.click('details#filters > summary');
    await Promise.all([page.waitForURL(/city=/), page.click('fieldset[data-field=city] label:has(input[value="保山市"])')]);
    expect(await page.locator('details#filters').getAttribute('open')).not.toBeNull();
    await waitUntil(() => focused(page, 'input[name=city][value="保山市"]'));
    // The next tick is one tap away; a practice found once is behind its summary, opened for it.
    await page.click('fieldset[data-field=practice] details.more > summary');
    const once = page.locator('fieldset[data-field=practice] details.more input').first();
    const value = (await once.getAttribute('value')) as string;
    await Promise.all([page.waitForURL(/practice=/), once.click()]);
    expect(await page.locator('details#filters').getAttribute('open')).not.toBeNull();
    await waitUntil(() => focused(page, `input[name=practice][value=${JSON.stringify(value)}]`));
    await ctx.close();
  });

  it.each(LANGS)('opens the report from a measure with the search kept: a way back, the words marked, the section shown (%s)', async (_name, lang) => {
    const ctx = await context();
    const page = await ctx.newPage();
    const searchUrl = `${b.base}${withLang(`/?q=${enc('无讼社区')}`, lang)}`;
    await page.goto(searchUrl);
    await Promise.all([page.waitForURL(/\/chunks\//), page.click('.hit h2 a')]);
    const measureId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string);
    await Promise.all([page.waitForURL(/\/docs\//), page.click('a[href^="/docs/"][href*="#"]')]);
    expect(new URL(page.url()).searchParams.get('from')).toBe(`q=${enc('无讼社区')}`);
    expect(await page.locator('.doc .text mark').count()).toBeGreaterThan(0);
    const current = page.locator('.outline a[aria-current=location]');
    await waitUntil(async () => (await current.count()) === 1);
    const section = await page.getAttribute(`[id="${measureId}"]`, 'data-section');
    expect(await current.getAttribute('data-section')).toBe(section);
    // Scrolling to another section moves the mark.
    const other = page.locator('.outline a[data-section]').last();
    await other.click();
    await waitUntil(async () => (await current.getAttribute('data-section')) === (await other.getAttribute('data-section')));
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('a.back-to-results')]);
    expect(page.url()).toBe(searchUrl);
    await ctx.close();
  });

  it.each(LANGS)('makes the main targets 44 px high on a phone and 24 px on a desktop (%s)', async (_name, lang) => {
    for (const [viewport, min] of [
      [PHONE, 44],
      [DESKTOP, 24],
    ] as const) {
      const ctx = await context(viewport);
      const page = await ctx.newPage();
      await page.goto(`${b.base}${withLang(`/?city=${enc('保山市')}`, lang)}`);
      await page.evaluate("document.querySelectorAll('details').forEach((d) => (d.open = true))");
      const sizes = await page.$$eval('.sorts a, .per-page a, .pages a, .chip, .clear, .facet-value label, details.more > summary', (els) =>
        els.map((e) => ({ what: `${e.className || e.tagName} ${e.textContent?.trim().slice(0, 12)}`, height: Math.round(e.getBoundingClientRect().height) })),
      );
      expect(sizes.length).toBeGreaterThan(20);
      expect(sizes.filter((s) => s.height < min)).toEqual([]);
      await ctx.close();
    }
  });

  it.each(LANGS)('gives each hit one Tab stop, its title (%s)', async (_name, lang) => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${b.base}${withLang(`/?q=${enc('调解')}`, lang)}`);
    const hits = await page.locator('.hit').count();
    const stops: string[] = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const where = (await page.evaluate(
        "(() => { const e = document.activeElement; const hit = e && e.closest('.hit'); return hit ? hit.id + (e.matches('h2 a') ? ' title' : ' other') : e === document.body ? 'end' : 'page'; })()",
      )) as string;
      if (where === 'end' || (stops.length && where === 'page' && stops.includes('page') && stops[stops.length - 1] !== 'page' && i > 50)) break;
      stops.push(where);
    }
    const inHits = stops.filter((s) => s !== 'page' && s !== 'end');
    expect(inHits.length).toBe(hits);
    expect(inHits.every((s) => s.endsWith(' title'))).toBe(true);
    await ctx.close();
  });

  it.each(LANGS)(
    'fits the comparisons into a phone: cities stacked, the matrix scrolling in its box with its first column in view (%s)',
    async (_name, lang) => {
      const ctx = await context(PHONE);
      const page = await ctx.newPage();
      for (const url of [`/compare?q=${enc('调解')}`, '/compare', '/compare?view=agency-city&cells=share']) {
        await page.goto(`${b.base}${withLang(url, lang)}`);
        expect({ url, width: await page.evaluate('document.documentElement.scrollWidth') }).toEqual({ url, width: PHONE.width });
      }
      await page.goto(`${b.base}${withLang('/compare', lang)}`);
      const wrap = page.locator('.matrix-wrap');
      const left = await wrap.evaluate((e) => e.getBoundingClientRect().left);
      await wrap.evaluate((e) => e.scrollBy(300, 0));
      expect(await wrap.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
      const row = await page
        .locator('th.row')
        .first()
        .evaluate((e) => e.getBoundingClientRect().left);
      expect(Math.abs(row - left)).toBeLessThan(2);
      const three = `/compare/measures?city=${enc('昆明市')}&city=${enc('保山市')}&city=${enc('晋城市')}`;
      await page.goto(`${b.base}${withLang(three, lang)}`);
      const widths = await page.$$eval('.city-column', (els) => els.map((e) => e.getBoundingClientRect().width));
      expect(widths).toHaveLength(3);
      for (const w of widths) expect(w).toBeGreaterThan(PHONE.width - 60);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(PHONE.width);
      await ctx.close();
    },
  );
});
