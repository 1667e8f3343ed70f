import type { LicenceWaste, LicenceWasteRow } from '../model/index.js';
import type { CellValue } from './cells.js';

/** "USD 1,234.50" (fixed locale: the report must not depend on the machine that wrote it). */
export function money(currency: string, amount: number): string {
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function rowCost(waste: LicenceWaste, row: LicenceWasteRow): string {
  if (row.monthlyCost === null) return row.seats.total === 0 ? '' : 'not priced';
  const unpriced = row.unpricedSeats > 0 ? ` (+${row.unpricedSeats} seat${row.unpricedSeats === 1 ? '' : 's'} not priced)` : '';
  return `${money(waste.currency, row.monthlyCost)}${unpriced}`;
}

/** Vendor totals first, then each office: the rows of the workbook sheet and the HTML table. */
export function licenceWasteRows(waste: LicenceWaste): LicenceWasteRow[] {
  const out: LicenceWasteRow[] = [];
  for (const total of waste.totals) {
    out.push(total);
    for (const r of waste.rows) if (r.vendor === total.vendor) out.push(r);
  }
  return out;
}

export function scopeLabel(row: LicenceWasteRow): string {
  return row.scopeId === null ? 'all' : `office ${row.scopeName ?? row.scopeId}`;
}

export function licenceWasteCells(waste: LicenceWaste, row: LicenceWasteRow): CellValue[] {
  return [
    row.vendor,
    row.scopeId === null ? 'all' : (row.scopeName ?? row.scopeId),
    row.scopeId,
    row.seats.leaver,
    row.seats.neverUsed,
    row.seats.inactive,
    row.seats.total,
    row.monthlyCost,
    row.monthlyCost === null && row.seats.total === 0 ? null : waste.currency,
    row.unpricedSeats,
  ];
}
