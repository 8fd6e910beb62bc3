// Shared words about figures: how a span reads as text (2012..2022, 2022-01..2022-05, 2021).
import type { FigureSpan } from './types';

/** A span as text: one value when it starts and ends alike, else from..to. */
export function spanText(s: Pick<FigureSpan, 'from' | 'to'>): string {
  return s.from === s.to ? s.from : `${s.from}..${s.to}`;
}
