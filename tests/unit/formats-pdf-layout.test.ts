// Lines and paragraphs rebuilt from a PDF's text items take time in proportion to the text: a
// paragraph of many lines, or a line of many items, is not re-read whole for each one added.
import { layout, type TextLayer } from '../../indexer/formats/pdf';

const LINE = 'The bureau handled the cases of the quarter and reported them to the city';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = Date.now();
  const value = fn();
  return { value, ms: Date.now() - start };
}

describe('laying out a PDF’s text layer', () => {
  it('joins 20,000 lines into one paragraph in linear time', () => {
    const n = 20_000;
    const items = Array.from({ length: n }, (_v, i) => ({ str: `${LINE} ${i}.`, x: 72, y: 15 * (n - i) + 100, w: 460, h: 12 }));
    const layer: TextLayer = { info: { title: '', author: '' }, pages: [{ width: 612, height: 15 * n + 200, items }] };
    const { value, ms } = timed(() => layout('long.pdf', layer));
    expect(value.blocks.filter((b) => b.level >= 0)).toHaveLength(1);
    expect(value.blocks[1].text.startsWith(`${LINE} 0. ${LINE} 1. ${LINE} 2.`)).toBe(true);
    expect(value.blocks[1].text.endsWith(`${LINE} ${n - 1}.`)).toBe(true);
    expect(ms).toBeLessThan(2000);
  });

  it('joins 50,000 items on one baseline into one line in linear time', () => {
    const n = 50_000;
    const items = Array.from({ length: n }, (_v, i) => ({ str: `item${i}-of-the-line`, x: 72 + 120 * i, y: 400, w: 100, h: 12 }));
    const layer: TextLayer = { info: { title: '', author: '' }, pages: [{ width: 612, height: 792, items }] };
    const { value, ms } = timed(() => layout('wide.pdf', layer));
    const text = value.blocks[1].text;
    expect(text.startsWith('item0-of-the-line item1-of-the-line item2-of-the-line')).toBe(true);
    expect(text.split(' ')).toHaveLength(n);
    expect(ms).toBeLessThan(2000);
  });
});
