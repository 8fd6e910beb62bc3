// Every page type at a phone's width and a desktop's, in both languages, checked with axe-core;
// the search → filter → measure → report → back path walked by keyboard alone; the phone layout
// measured. Screenshots of each page type at both widths are left in test-artifacts/pages/.
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ARTIFACTS, axe, describeInBrowser, useBrowserApp, waitUntil } from '../helpers/browser';
import { seedCorpus } from '../helpers/corpus';

const SHOTS = path.join(ARTIFACTS, 'pages');
const enc = encodeURIComponent;
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

const { chunks } = seedCorpus();
const measure = chunks.find((c) => c.text.includes('无讼社区') && c.kind === 'measure')!;

const PAGE_TYPES: [string, string][] = [
  ['home', '/'],
  ['search', `/?q=${enc('调解')}&city=${enc('保山市')}`],
  ['no-results', `/?q=${enc('没有这样的词汇')}`],
  ['measure', `/chunks/${enc(measure.id)}?from=${enc(`q=${enc('无讼社区')}`)}`],
  ['reports', '/docs'],
  ['report', `/docs/${enc(measure.docId)}`],
  ['matrix', `/compare?q=${enc('调解')}`],
  ['matrix-agencies', '/compare?view=agency-city&cells=share'],
  ['side-by-side', `/compare/measures?city=${enc('昆明市')}&city=${enc('保山市')}&theme=mediation`],
  ['side-by-side-3', `/compare/measures?city=${enc('昆明市')}&city=${enc('保山市')}&city=${enc('晋城市')}`],
  ['report-from-search', `/docs/${enc(measure.docId)}?from=${enc(`q=${enc('无讼社区')}`)}`],
  ['figures', `/figures?label=${enc('网格')}`],
  ['figures-chart', `/figures?group=${enc('矛盾纠纷化解率')}&city=${enc('保山市')}&city=${enc('昆明市')}`],
  ['selection', `/selection?id=${enc(measure.id)}&id=${enc(chunks.find((c) => c.docId !== measure.docId)!.id)}&id=gone-0123456789`],
  ['error', '/?sort=x'],
];

describeInBrowser('pages for everyone: phone, desktop, keyboard, assistive technology', () => {
  const b = useBrowserApp({ shots: SHOTS });

  const context = (size: keyof typeof WIDTHS, lang = 'zh-CN'): Promise<BrowserContext> =>
    b.browser.newContext({ viewport: WIDTHS[size], locale: lang, bypassCSP: true, deviceScaleFactor: 1 });

  it.each((['phone', 'desktop'] as const).flatMap((size) => (['zh', 'en'] as const).map((lang) => [size, lang] as const)))(
    'has no serious or critical axe-core violation on any page type (%s, %s)',
    async (size, lang) => {
      const ctx = await context(size, lang === 'en' ? 'en-GB' : 'zh-CN');
      const page = await ctx.newPage();
      const found: Record<string, string[]> = {};
      for (const [name, url] of PAGE_TYPES) {
        const address = lang === 'en' ? `${url}${url.includes('?') ? '&' : '?'}lang=en` : url;
        await page.goto(`${b.base}${address}`);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${lang}-${size}.png`) });
        const violations = await axe(page);
        if (violations.length) found[name] = violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
      await ctx.close();
      expect(found).toEqual({});
    },
  );

  it('shows the first hit above the fold on a phone, with the filters in a closed drawer that stays open for the next tick', async () => {
    const ctx = await context('phone');
    const page = await ctx.newPage();
    await page.goto(`${b.base}/?q=${enc('调解')}`);
    const top = await page
      .locator('.hit')
      .first()
      .evaluate((e) => e.getBoundingClientRect().top);
    expect(top).toBeLessThan(WIDTHS.phone.height - 100);
    expect(await page.locator('details#filters').getAttribute('open')).toBeNull();
    // Open the drawer, tick a city: the page that comes back keeps the drawer open for the next
    // tick, with a chip for the city; a fresh visit of that address shows the results first.
    await page.click('details#filters > summary');
    await Promise.all([page.waitForURL(/city=/), page.check('fieldset[data-field=city] input[value="保山市"]')]);
    expect(await page.locator('details#filters').getAttribute('open')).not.toBeNull();
    expect(await page.locator('.chip').first().textContent()).toContain('保山市');
    await page.goto(page.url());
    expect(await page.locator('details#filters').getAttribute('open')).toBeNull();
    const after = await page
      .locator('.hit')
      .first()
      .evaluate((e) => e.getBoundingClientRect().top);
    expect(after).toBeLessThan(WIDTHS.phone.height - 100);
    await page.screenshot({ path: path.join(SHOTS, 'search-filtered-zh-phone.png') });
    await ctx.close();
  });

  it('fits every page type into a phone’s width, with the header links each on one line and the figures as cards', async () => {
    const ctx = await context('phone');
    const page = await ctx.newPage();
    for (const [name, url] of [...PAGE_TYPES, ...PAGE_TYPES.map(([n, u]): [string, string] => [`${n} (en)`, `${u}${u.includes('?') ? '&' : '?'}lang=en`])]) {
      await page.goto(`${b.base}${url}`);
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect({ name, width }).toEqual({ name, width: WIDTHS.phone.width });
      const heights = await page.$$eval('header.site nav a', (as) => as.map((a) => a.getBoundingClientRect().height));
      for (const h of heights) expect(h).toBeLessThan(30);
    }
    await page.goto(`${b.base}/figures`);
    const sentence = await page
      .locator('td.sentence')
      .first()
      .evaluate((e) => e.getBoundingClientRect().width);
    expect(sentence).toBeGreaterThan(300);
    await ctx.close();
  });

  it('walks search → filter → measure → report → back by keyboard alone', async () => {
    const ctx = await context('desktop');
    const page = await ctx.newPage();
    const active = () => page.evaluate("(() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 160) : '' })()");
    const tabUntil = async (selector: string, max: number): Promise<number> => {
      for (let n = 1; n <= max; n++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(`document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)) return n;
      }
      throw new Error(`${selector} not reached in ${max} Tabs; focus is on ${await active()}`);
    };
    await page.goto(`${b.base}/`);
    // The skip link comes first.
    expect(await tabUntil('a.skip', 1)).toBe(1);
    await tabUntil('input[name=q]', 8);
    await page.keyboard.type('调解');
    await Promise.all([page.waitForURL(/q=/), page.keyboard.press('Enter')]);

    // Tick a city with Space: the page reloads with the focus back on the same box.
    await tabUntil('input[name=city][value="保山市"]', 40);
    await Promise.all([page.waitForURL(/city=/), page.keyboard.press('Space')]);
    await waitUntil(
      async () => (await page.evaluate(`!!document.activeElement && document.activeElement.matches('input[name=city][value="保山市"]')`)) === true,
    );
    expect(await page.isChecked('input[name=city][value="保山市"]')).toBe(true);
    const searchUrl = page.url();

    // From the top of the page, the skip link leads to the results in a few Tabs.
    await page.goto(searchUrl);
    await tabUntil('a.skip', 1);
    await page.keyboard.press('Enter');
    const toFirstHit = await tabUntil('.hit h2 a', 15);
    expect(toFirstHit).toBeLessThan(15);
    await Promise.all([page.waitForURL(/\/chunks\//), page.keyboard.press('Enter')]);
    expect(await page.locator('.chunk .text mark').count()).toBeGreaterThan(0);

    // Into the report at this measure: its block, heading included, is in view, not under the top edge.
    await tabUntil('a[href^="/docs/"][href*="#"]', 60);
    await Promise.all([page.waitForURL(/\/docs\/.*#/), page.keyboard.press('Enter')]);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const box = await page.evaluate(`document.getElementById(${JSON.stringify(id)}).getBoundingClientRect().top`);
    expect(box).toBeGreaterThanOrEqual(0);
    expect(box).toBeLessThan(WIDTHS.desktop.height / 2);

    // Back to the measure, and from there back to the results.
    // (Alt+← is the browser's own shortcut, which headless chromium has no window for.)
    await page.goBack();
    expect(page.url()).toMatch(/\/chunks\//);
    await tabUntil('a.back-to-results', 10);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(searchUrl);
    await ctx.close();
  });

  it('keeps the outline of a long report in view while reading', async () => {
    const ctx = await context('desktop');
    const page = await ctx.newPage();
    await page.goto(`${b.base}/docs/${enc(measure.docId)}`);
    await page.evaluate('window.scrollTo(0, 4000)');
    const top = await page.locator('details.outline').evaluate((e) => e.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(50);
    await page.screenshot({ path: path.join(SHOTS, 'report-scrolled-zh-desktop.png') });
    await ctx.close();
  });
});
