// The map of China for the comparison page: built once per process, when the server starts
// (app/main.ts asks for it after listening) or on first use, and shared by every request after.
import { loadBoundaries } from './boundaries';
import { buildChinaMap, type ChinaMap } from './shapes';

export type { ChinaMap, MapCity } from './shapes';

let pending: Promise<ChinaMap | null> | null = null;

/** The map, or null when the boundary data cannot be read (the page then shows the matrix alone and says so). */
export function chinaMap(): Promise<ChinaMap | null> {
  pending ??= (async () => {
    const started = performance.now();
    try {
      const map = buildChinaMap(await loadBoundaries());
      return { ...map, tookMs: Math.round(performance.now() - started) };
    } catch (err) {
      console.error(`The map of China could not be drawn (/compare shows the matrix alone): ${(err as Error).message}`);
      return null;
    }
  })();
  return pending;
}

/** How long a page waits for a map still being drawn (the first seconds after start) before it answers without one. */
export const MAP_WAIT_MS = 3000;

/** The map if it is drawn within `waitMs`; undefined while it is still being drawn, null when it cannot be. */
export async function chinaMapWithin(waitMs = MAP_WAIT_MS): Promise<ChinaMap | null | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
  try {
    return await Promise.race([chinaMap(), late]);
  } finally {
    clearTimeout(timer);
  }
}
