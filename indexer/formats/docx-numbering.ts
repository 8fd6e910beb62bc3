// Word's automatic numbering written out as text. Chinese reports number their headings and items
// automatically (一、 二、 …, （一） （二） …, 1. 2. …); the converter would otherwise lose the
// numbers, and with them the sections the chunker finds. Each numbered paragraph of
// word/document.xml gets its label as a first run of text, and loses its numbering properties.

interface Level {
  start: number;
  format: string;
  text: string;
}

const attr = (xml: string, tag: string) => new RegExp(`<w:${tag}\\b[^>]*\\bw:val="([^"]*)"`).exec(xml)?.[1];

/** numId → the levels of its abstract numbering, from word/numbering.xml. */
export function readNumbering(xml: string): Map<string, Map<number, Level>> {
  const abstracts = new Map<string, Map<number, Level>>();
  for (const a of xml.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, Level>();
    for (const l of a[2].matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g))
      levels.set(Number(l[1]), { start: Number(attr(l[2], 'start') ?? 1), format: attr(l[2], 'numFmt') ?? 'decimal', text: attr(l[2], 'lvlText') ?? '' });
    abstracts.set(a[1], levels);
  }
  const nums = new Map<string, Map<number, Level>>();
  for (const n of xml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const levels = abstracts.get(attr(n[2], 'abstractNumId') ?? '');
    if (levels) nums.set(n[1], levels);
  }
  return nums;
}

/** styleId → its numbering (numId, level), from word/styles.xml: headings are often numbered by their style. */
export function readStyleNumbering(xml: string): Map<string, { numId: string; ilvl: number }> {
  const out = new Map<string, { numId: string; ilvl: number }>();
  for (const s of xml.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(s[2])?.[1];
    const numId = numPr ? attr(numPr, 'numId') : undefined;
    if (numId) out.set(s[1], { numId, ilvl: Number(attr(numPr as string, 'ilvl') ?? 0) });
  }
  return out;
}

const CHINESE = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function chinese(n: number): string {
  if (n < 10) return CHINESE[n];
  if (n < 20) return `十${n % 10 ? CHINESE[n % 10] : ''}`;
  if (n < 100) return `${CHINESE[Math.floor(n / 10)]}十${n % 10 ? CHINESE[n % 10] : ''}`;
  return String(n);
}

function formatNumber(n: number, format: string): string {
  if (/^chineseCounting|^ideographTraditional|^taiwaneseCounting/.test(format)) return chinese(n);
  if (format === 'lowerLetter') return String.fromCharCode(96 + (((n - 1) % 26) + 1));
  if (format === 'upperLetter') return String.fromCharCode(64 + (((n - 1) % 26) + 1));
  if (format === 'lowerRoman' || format === 'upperRoman') {
    const r = ['', 'i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'][n] ?? String(n);
    return format === 'upperRoman' ? r.toUpperCase() : r;
  }
  if (format === 'decimalEnclosedCircle' || format === 'decimalEnclosedCircleChinese')
    return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
  if (format === 'bullet' || format === 'none') return '';
  return String(n);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** word/document.xml with every automatically numbered paragraph's label written as its first text. */
export function writeOutNumbering(
  documentXml: string,
  numbering: Map<string, Map<number, Level>>,
  styles: Map<string, { numId: string; ilvl: number }>,
): string {
  const counters = new Map<string, number[]>();
  return documentXml.replace(/<w:p\b[^>]*>[\s\S]*?<\/w:p>/g, (p) => {
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(p)?.[1] ?? '';
    const direct = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(pPr)?.[1];
    const style = styles.get(attr(pPr, 'pStyle') ?? '');
    const numId = direct ? attr(direct, 'numId') : style?.numId;
    const ilvl = direct ? Number(attr(direct, 'ilvl') ?? 0) : (style?.ilvl ?? 0);
    const levels = numId && numId !== '0' ? numbering.get(numId) : undefined;
    const level = levels?.get(ilvl);
    if (!numId || !levels || !level || level.format === 'bullet' || level.format === 'none') return p;
    // Counting per list: a level goes up by one, and the levels under it start again.
    const count = counters.get(numId) ?? [];
    count[ilvl] = count[ilvl] === undefined ? level.start : count[ilvl] + 1;
    count.length = ilvl + 1;
    counters.set(numId, count);
    const label = level.text.replace(/%(\d)/g, (_m, k: string) => {
      const i = Number(k) - 1;
      return formatNumber(count[i] ?? levels.get(i)?.start ?? 1, levels.get(i)?.format ?? 'decimal');
    });
    if (!label) return p;
    const run = `<w:r><w:t xml:space="preserve">${escapeXml(label)}</w:t></w:r>`;
    const withoutNumPr = p.replace(/<w:numPr>[\s\S]*?<\/w:numPr>/, '');
    // A paragraph numbered by its style keeps the style (it is a heading) but not the numbering.
    const marked = direct ? withoutNumPr : withoutNumPr.replace(/(<w:pPr>)/, '$1<w:numPr><w:numId w:val="0"/></w:numPr>');
    return /<\/w:pPr>/.test(marked) ? marked.replace(/<\/w:pPr>/, `</w:pPr>${run}`) : marked.replace(/(<w:p\b[^>]*>)/, `$1${run}`);
  });
}
