// Multi-label theme tagging by weighted keywords from corpus/taxonomy/themes.yml.
import type { Rules } from '../rules';
import { countOccurrences } from '../text';

export function themeScores(heading: string, text: string, rules: Rules['themes']): Map<string, number> {
  const scores = new Map<string, number>();
  for (const t of rules.list) {
    let s = 0;
    for (const [word, weight] of Object.entries(t.keywords)) s += weight * (2 * countOccurrences(heading, word) + countOccurrences(text, word));
    if (s > 0) scores.set(t.id, s);
  }
  return scores;
}

/** Themes ordered by score: those reaching the minimum and a share of the best score. */
export function decideThemes(heading: string, text: string, rules: Rules['themes']): string[] {
  const ranked = [...themeScores(heading, text, rules).entries()].sort((a, b) => b[1] - a[1]);
  if (!ranked.length) return [];
  const best = ranked[0][1];
  return ranked
    .filter(([, s]) => s >= rules.minScore && s >= best * rules.relative)
    .slice(0, rules.maxThemes)
    .map(([id]) => id);
}
