// A horizontal bar chart as SVG, written on the server: one bar per row (a city and a period),
// its label above it, the value at its end. No script: the page shows it as it is. The SVG names
// itself with <title> and <desc> (role="img"); the table beside it holds the same numbers.

export interface Bar {
  /** What the bar stands for: 保山市 · 2012–2022. */
  label: string;
  /** Where it comes from, in smaller type: the report. */
  note: string;
  value: number;
  /** The value as the table writes it (98以上, 5.4万余). */
  valueText: string;
  /** Drawn lighter: an approximate value (余, 以上, 约 …). */
  approx?: boolean;
}

export interface BarChart {
  id: string;
  title: string;
  desc: string;
  bars: Bar[];
}

const ROW = 60;
const TOP = 4;
const BAR = 12;

const escapeXml = (s: string) => s.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

/** Shortens text for a label line, by characters (Chinese text is about one em a character). */
function fit(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The SVG of a chart. It takes the width of its column and draws bar lengths in per cent of it, so
 * that its type keeps its size on a phone and on a wide screen. Each row: the value and what it
 * stands for, the bar (from zero to the largest value), and where it comes from in smaller type.
 */
export function barChartSvg(c: BarChart): string {
  const max = Math.max(...c.bars.map((b) => b.value), 0) || 1;
  const height = TOP + c.bars.length * ROW;
  const rows = c.bars.map((b, i) => {
    const y = TOP + i * ROW;
    const w = Math.max(0.5, (b.value / max) * 100);
    return (
      `<g class="bar${b.approx ? ' approx' : ''}">` +
      `<text x="0" y="${y + 14}" class="bar-label"><tspan class="bar-value">${escapeXml(b.valueText)}</tspan><tspan dx="8">${escapeXml(fit(b.label, 24))}</tspan></text>` +
      `<rect x="0" y="${y + 21}" width="${w.toFixed(2)}%" height="${BAR}" rx="2"></rect>` +
      `<text x="0" y="${y + 48}" class="bar-note">${escapeXml(fit(b.note, 30))}</text>` +
      `</g>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" height="${height}" aria-labelledby="${c.id}-title ${c.id}-desc">` +
    `<title id="${c.id}-title">${escapeXml(c.title)}</title>` +
    `<desc id="${c.id}-desc">${escapeXml(c.desc)}</desc>` +
    rows.join('') +
    `</svg>`
  );
}
