// CSV that Excel opens correctly: UTF-8 with a byte-order mark, quoted cells, no formulas.
import type { Response } from 'express';
import { download, type FileName } from './download';

const BOM = '\ufeff';

export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvHeader(columns: string[]): string {
  return BOM + csvLine(columns);
}

/** Marks a response as a CSV download (UTF-8) named `<name>.csv`. */
export function csvDownload(res: Response, name: FileName): void {
  download(res, 'text/csv; charset=utf-8', name, 'csv');
}
