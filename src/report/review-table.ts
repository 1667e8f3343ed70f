import { REVIEW_COLUMNS, REVIEW_SHEET } from '../review/columns.js';
import type { ReviewRow } from '../review/model.js';
import type { Table } from './tables.js';

/** The Review sheet: one row per account in scope, decision columns right after the account's identity. */
export function reviewTable(rows: readonly ReviewRow[]): Table {
  return {
    sheet: REVIEW_SHEET,
    csv: null,
    columns: REVIEW_COLUMNS.map((c) => ({ header: c.header, width: c.width, ...(c.input ? { input: true } : {}), ...(c.date ? { date: c.date } : {}) })),
    count: rows.length,
    *rows() {
      for (const r of rows) yield REVIEW_COLUMNS.map((c) => c.value(r));
    },
  };
}
