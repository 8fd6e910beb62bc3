// CSV that Excel opens correctly: UTF-8 with a byte-order mark, quoted cells, no formulas.
import type { Response } from 'express';

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

/** Marks a response as a CSV download named `filename` (ASCII), with `unicodeName` for browsers that read RFC 5987 names. */
export function csvDownload(res: Response, filename: string, unicodeName?: string): void {
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${filename}"${unicodeName ? `; filename*=UTF-8''${encodeURIComponent(unicodeName)}` : ''}`);
}
