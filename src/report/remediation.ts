import type { RemediationCheck } from '../model/index.js';
import type { ReportContext } from './context.js';
import type { DateKind, Table } from './tables.js';

/** Words a reviewer reads for each status (the JSON keeps the codes). */
export const REMEDIATION_STATUS_TEXT: Record<RemediationCheck['status'], string> = {
  done: 'done',
  partly_done: 'partly done',
  not_done: 'NOT DONE',
  unknown: 'unknown',
  in_force: 'in force',
  expired: 'EXPIRED',
  missing: 'MISSING',
};

const COLUMNS: ReadonlyArray<{ header: string; width: number; date?: DateKind; value: (c: RemediationCheck) => string | number | boolean | null }> = [
  { header: 'Vendor', width: 10, value: (c) => c.vendor },
  { header: 'Account ID', width: 24, value: (c) => c.accountId },
  { header: 'Account email', width: 34, value: (c) => c.accountEmail },
  { header: 'Decision', width: 10, value: (c) => c.decision },
  { header: 'Decided on', width: 12, date: 'date', value: (c) => c.date },
  { header: 'Reviewer', width: 24, value: (c) => c.reviewer },
  { header: 'Status', width: 13, value: (c) => REMEDIATION_STATUS_TEXT[c.status] },
  { header: 'Due by', width: 12, date: 'date', value: (c) => c.dueBy },
  { header: 'Overdue', width: 9, value: (c) => (c.decision === 'Revoke' ? c.overdue : null) },
  { header: 'Still holds', width: 40, value: (c) => c.held.join('; ') },
  { header: 'Detail', width: 60, value: (c) => c.detail },
  { header: 'Finding ID', width: 20, value: (c) => c.findingId },
  { header: 'Source', width: 20, value: (c) => c.source },
];

/** The "Remediation verified" sheet: last review's decisions checked against this snapshot (only with --previous decisions). */
export function remediationTable(ctx: ReportContext): Table | null {
  const report = ctx.input.doc.remediation;
  if (!report) return null;
  return {
    sheet: 'Remediation verified',
    csv: null,
    columns: COLUMNS.map(({ header, width, date }) => ({ header, width, ...(date ? { date } : {}) })),
    count: report.checks.length,
    *rows() {
      for (const c of report.checks) yield COLUMNS.map((col) => col.value(c));
    },
  };
}
