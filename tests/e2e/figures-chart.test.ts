// The figures page with a chart, in a real browser at a phone's and a desktop's width: the chart
// drawn without JavaScript, fitting the screen, axe clean; whole-page screenshots are left in
// test-artifacts/figures/ for a reader to look at.
import path from 'node:path';
import { ARTIFACTS, axe, describeInBrowser, useBrowserApp, waitUntil } from '../helpers/browser';

const SHOTS = path.join(ARTIFACTS, 'figures');
// A group with two kinds (counts of cameras in 路, coverage in %): a chart for each.
const ADDRESS = `/figures?group=${encodeURIComponent('视频监控/探头')}`;
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

describeInBrowser('the figures page with a chart', () => {
  const b = useBrowserApp({ shots: SHOTS });

  it.each(['phone', 'desktop'] as const)('shows the chart within the screen’s width, axe clean, without JavaScript too (%s)', async (size) => {
    for (const javaScriptEnabled of [true, false]) {
      const ctx = await b.browser.newContext({ viewport: WIDTHS[size], locale: 'zh-CN', bypassCSP: true, deviceScaleFactor: 1, javaScriptEnabled });
      const page = await ctx.newPage();
      await page.goto(`${b.base}${ADDRESS}`);
      expect(await page.locator('figure.chart svg').count()).toBe(2);
      const chart = await page.locator('figure.chart svg').first().boundingBox();
      expect(chart).not.toBeNull();
      expect(chart!.width).toBeGreaterThan(WIDTHS[size].width / 2 - 40);
      expect(chart!.x + chart!.width).toBeLessThanOrEqual(WIDTHS[size].width);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(WIDTHS[size].width);
      // The bars are drawn: each has a width.
      const bars = await page.$$eval('svg.chart g.bar rect', (rs) => rs.map((r) => r.getBoundingClientRect().width));
      expect(bars.length).toBeGreaterThan(1);
      for (const w of bars) expect(w).toBeGreaterThan(0);
      if (javaScriptEnabled) {
        await page.screenshot({ path: path.join(SHOTS, `figures-chart-${size}.png`), fullPage: true });
        await page.screenshot({ path: path.join(SHOTS, `figures-chart-${size}-top.png`) });
        expect(await axe(page)).toEqual([]);
      }
      await ctx.close();
    }
  });

  it('filters by a ticked city at once, shows its chip, and after Back shows exactly the boxes the address holds', async () => {
    const ctx = await b.browser.newContext({ viewport: WIDTHS.desktop, locale: 'zh-CN', bypassCSP: true });
    const page = await ctx.newPage();
    const checked = () =>
      page.$$eval('#figures-form input.auto-submit:checked', (els) => els.map((e) => `${e.getAttribute('name')}=${e.getAttribute('value')}`));
    await page.goto(`${b.base}/figures`);
    await Promise.all([page.waitForURL(/city=/), page.check('fieldset[data-field=city] input[value="保山市"]')]);
    expect(await page.locator('.chips a.chip').innerText()).toContain('保山市');
    const places = await page.$$eval('table.figures-table td[data-label=城市]', (tds) => tds.map((td) => td.textContent));
    expect(new Set(places)).toEqual(new Set(['保山市']));
    await Promise.all([page.waitForURL(/figure_kind=/), page.check('fieldset[data-field=figure_kind] input[value=rate]')]);
    expect(await checked()).toEqual(['city=保山市', 'figure_kind=rate']);
    await page.goBack();
    expect(new URL(page.url()).searchParams.getAll('figure_kind')).toEqual([]);
    await waitUntil(async () => (await checked()).length === 1);
    expect(await checked()).toEqual(['city=保山市']);
    await ctx.close();
  });
});
