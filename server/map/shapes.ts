// The map of China drawn once, at start-up: the city outlines projected with an equal-area conic
// projection, snapped to a pixel grid, joined into a topology and simplified for a map a few
// hundred pixels wide, then turned into SVG path data in whole pixels. Drawn are the country's
// outline with the borders between provinces (one path), and each prefecture-level city's outline
// for shading. The islands of the South China Sea (三沙市) go in an inset, as Chinese maps show them.
import { geoBounds, geoCentroid, geoConicEqualArea, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { topology } from 'topojson-server';
import { feature, mesh } from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { CityFeature, CityProps } from './boundaries';

export interface MapCity {
  /** The gazetteer's name (保山市). */
  city: string;
  code: string;
  province: string;
  /** Its outline as SVG path data (empty when it is too small to draw at this scale). */
  d: string;
  /** Where its marker goes: the centre of its outline, in the map's coordinates. */
  x: number;
  y: number;
}

export interface ChinaMap {
  width: number;
  height: number;
  /** The country's outline and the borders between provinces, as one path. */
  borders: string;
  /** Prefecture-level cities of the gazetteer, by name. */
  cities: Map<string, MapCity>;
  /** The box in the corner where the islands of the South China Sea are drawn. */
  inset: { x: number; y: number; width: number; height: number; islands: string };
  /** How long reading and drawing took, in ms. */
  tookMs: number;
}

export const MAP_WIDTH = 600;
/** The inset's share of the map's width. */
const INSET_SHARE = 0.16;
/** Points of an outline that change its area by less than this many square pixels are dropped. */
const MIN_AREA_PX = 2;
const ISLANDS = '三沙';

type Collection = FeatureCollection<Polygon | MultiPolygon, CityProps>;

function projection(): GeoProjection {
  // Equal-area conic with the standard parallels of maps of China; no resampling (the outlines are dense).
  return geoConicEqualArea().rotate([-105, 0]).center([0, 36]).parallels([25, 47]).precision(0);
}

const polygonsOf = (f: CityFeature): Position[][][] => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates);

/** A feature in the map's pixels, each point on the whole-pixel grid, repeats dropped: outlines of neighbours that were a pixel apart meet. */
function toPixels(f: CityFeature, proj: GeoProjection): CityFeature | null {
  const polygons: Position[][][] = [];
  for (const rings of polygonsOf(f)) {
    const kept: Position[][] = [];
    for (const ring of rings) {
      const out: Position[] = [];
      for (const p of ring) {
        const xy = proj(p as [number, number]);
        if (!xy) continue;
        const q = [Math.round(xy[0]), Math.round(xy[1])];
        const last = out[out.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
      }
      if (out.length >= 4) kept.push(out);
      else if (!kept.length) break;
    }
    if (kept.length) polygons.push(kept);
  }
  return polygons.length ? { ...f, geometry: { type: 'MultiPolygon', coordinates: polygons } } : null;
}

/** Path data in relative moves (m, l) instead of absolute ones: whole-pixel steps of one or two digits, about a third shorter. */
export function relativePath(d: string): string {
  let out = '';
  let [x, y, startX, startY] = [0, 0, 0, 0];
  let last = '';
  for (const [, cmd, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (cmd === 'Z') {
      out += 'z';
      [x, y, last] = [startX, startY, 'z'];
      continue;
    }
    const [px, py] = args.split(',').map(Number);
    const [dx, dy] = [px - x, py - y];
    const c = cmd === 'M' ? 'm' : 'l';
    // A repeated command is left out; the next pair then needs a separator unless its sign is one.
    out += `${c === last ? (dx < 0 ? '' : ' ') : c}${dx},${dy}`;
    [x, y, last] = [px, py, c];
    if (c === 'm') [startX, startY] = [px, py];
  }
  return out;
}

/** The projection scaled and moved so that the features fill `width` pixels (from the projected points themselves: quicker than fitting through d3's clipping stream). */
function fitted(collection: Collection, width: number): { proj: GeoProjection; height: number } {
  const proj = projection().scale(1).translate([0, 0]);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of collection.features)
    for (const rings of polygonsOf(f))
      for (const p of rings[0]) {
        const [x, y] = proj(p as [number, number]) ?? [NaN, NaN];
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
  const k = (width - 2) / (x1 - x0);
  proj.scale(k).translate([1 - x0 * k, 1 - y0 * k]);
  return { proj, height: Math.ceil((y1 - y0) * k + 2) };
}

export function buildChinaMap(collection: Collection, width = MAP_WIDTH): ChinaMap {
  const started = performance.now();
  const main: Collection = { ...collection, features: collection.features.filter((f) => f.properties.short !== ISLANDS) };
  const islands = collection.features.find((f) => f.properties.short === ISLANDS);
  const { proj, height } = fitted(main, width);

  const pixels = main.features.map((f) => toPixels(f, proj)).filter((f): f is CityFeature => f !== null);
  // One topology: a border two cities share is one arc, simplified once for both.
  const planar: Collection = { type: 'FeatureCollection', features: pixels };
  const topo = topology({ cities: planar }) as unknown as Topology<{ cities: GeometryCollection<CityProps> }>;
  const simple = simplify(presimplify(topo), MIN_AREA_PX);
  const plain = geoPath().digits(0);
  const path = (o: Parameters<typeof plain>[0]) => relativePath(plain(o) ?? '');
  const geoms = simple.objects.cities;
  const borders = path(mesh(simple, geoms, (a, b) => a === b || (a.properties as CityProps).province !== (b.properties as CityProps).province)) ?? '';
  const cities = new Map<string, MapCity>();
  for (const g of geoms.geometries) {
    const props = g.properties as CityProps;
    if (!props.city || !props.code) continue;
    const shape = feature(simple, g) as Feature<Polygon | MultiPolygon>;
    const d = path(shape);
    // The marker at the centre of the drawn outline; of the outline on the sphere when it is too small to draw.
    let [x, y] = plain.centroid(shape);
    if (!Number.isFinite(x)) [x, y] = proj(geoCentroid(main.features.find((f) => f.properties.code === props.code) as CityFeature)) ?? [0, 0];
    cities.set(props.city, { city: props.city, code: props.code, province: props.province, d, x: Math.round(x), y: Math.round(y) });
  }
  const inset = islandsInset(islands, width, height, cities);
  return { width, height, borders, cities, inset, tookMs: Math.round(performance.now() - started) };
}

/** The islands as dots in a box at the bottom right (each island a round-capped stroke of no length). */
function islandsInset(islands: CityFeature | undefined, width: number, height: number, cities: Map<string, MapCity>): ChinaMap['inset'] {
  const w = Math.round(width * INSET_SHARE);
  const h = Math.round(w * 1.5);
  const box = { x: width - w - 1, y: height - h - 1, width: w, height: h, islands: '' };
  if (!islands) return box;
  const proj = projection().fitExtent(
    [
      [box.x + 5, box.y + 5],
      [box.x + w - 5, box.y + h - 5],
    ],
    islands,
  );
  const dots = new Set<string>();
  for (const rings of polygonsOf(islands)) {
    const xy = proj(geoCentroid({ type: 'Polygon', coordinates: rings }));
    if (xy && Number.isFinite(xy[0])) dots.add(`M${Math.round(xy[0])},${Math.round(xy[1])}h0`);
  }
  box.islands = [...dots].join('');
  const { city, code, province } = islands.properties;
  if (city && code) {
    const [[lx, ly], [hx, hy]] = geoBounds(islands);
    const [x, y] = proj([(lx + hx) / 2, (ly + hy) / 2]) ?? [0, 0];
    cities.set(city, { city, code, province, d: box.islands, x: Math.round(x), y: Math.round(y) });
  }
  return box;
}
