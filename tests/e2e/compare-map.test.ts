// The map beside the matrix in a real browser: it fits a phone without sideways scrolling and sits
// beside the matrix on a desktop, a click on a city opens its search, and axe-core finds nothing
// serious. Screenshots at both widths are left in test-artifacts/map/.
import path from 'node:path';
import { ARTIFACTS, axe, describeInBrowser, useBrowserApp } from '../helpers/browser';
import { chinaMap } from '../../server/map';

const SHOTS = path.join(ARTIFACTS, 'map');
const enc = encodeURIComponent;
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

describeInBrowser('the map beside the matrix', () => {
  const b = useBrowserApp({ shots: SHOTS });
  // Drawn as the server does at start-up (the app runs in this process).
  beforeAll(() => chinaMap());

  it.each(Object.keys(WIDTHS) as (keyof typeof WIDTHS)[])('fits the page, opens a city’s search on a click, and passes axe (%s)', async (size) => {
    const viewport = WIDTHS[size];
    const ctx = await b.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    for (const [name, url] of [
      ['zh', `/compare?q=${enc('调解')}`],
      ['en', `/compare?q=${enc('调解')}&cells=share&lang=en`],
    ]) {
      await page.goto(`${b.base}${url}`);
      const map = page.locator('figure.china-map svg.map');
      const box = (await map.boundingBox())!;
      expect(box.width).toBeGreaterThan(size === 'phone' ? 300 : 280);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      if (size === 'desktop') {
        // Beside the matrix, not under it.
        const matrix = (await page.locator('.matrix-wrap').boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(matrix.x + matrix.width - 1);
        expect(box.y).toBeLessThan(matrix.y + matrix.height);
      }
      await map.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `compare-map-${name}-${size}.png`), fullPage: size === 'phone' });
      expect(await axe(page)).toEqual([]);
    }
    // A click on 保山 opens the search of 保山's measures, with the query kept.
    await page.goto(`${b.base}/compare?q=${enc('调解')}`);
    const city = page.locator('figure.china-map a.city[data-city="保山市"] circle');
    await city.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL(/\/\?q=/), city.click()]);
    const address = new URL(page.url());
    expect(address.pathname).toBe('/');
    expect(address.searchParams.get('q')).toBe('调解');
    expect(address.searchParams.getAll('city')).toEqual(['保山市']);
    expect(await page.locator('.hit').count()).toBeGreaterThan(0);
    await ctx.close();
  });
});
