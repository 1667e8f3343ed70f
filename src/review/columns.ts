import type { FindingTask, ReviewRow } from './model.js';

/**
 * CONTRACT between the Review sheet writer and `plan --decisions`: sheet named exactly `Review`, row 1 the header,
 * columns found by these titles. Decision columns stand right after the account's identity; `checked` columns are
 * read-only in spirit: read back and compared with review-campaign.json, an edit rejects the row.
 */
export const REVIEW_SHEET = 'Review';
export const REVIEW_ID = 'Review ID';
export const INPUT_COLUMNS = ['Decision', 'Reviewer', 'Date', 'Justification'] as const;

export interface ReviewColumn {
  header: string;
  width: number;
  value: (r: ReviewRow) => string | null;
  /** Compared on read-back: the reviewer may not change it. */
  checked?: boolean;
  input?: boolean;
  /** ISO text the workbook writes as a typed date cell (the CSV and read-back keep the text). */
  date?: 'date' | 'datetime';
}

const text = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);

export function findingsText(r: ReviewRow): string | null {
  return text(r.findings.map((f) => `${f.rule} (${f.severity}${f.suppressed ? ', suppressed' : ''})`).join('; '));
}

export const REVIEW_COLUMNS: readonly ReviewColumn[] = [
  { header: REVIEW_ID, width: 20, value: (r) => r.reviewId },
  { header: 'Vendor', width: 9, value: (r) => r.vendor, checked: true },
  { header: 'Account ID', width: 22, value: (r) => r.accountId, checked: true },
  { header: 'Account Email', width: 30, value: (r) => text(r.accountEmail), checked: true },
  { header: 'Display Name', width: 24, value: (r) => text(r.displayName) },
  { header: 'Decision', width: 12, value: () => null, input: true },
  { header: 'Reviewer', width: 28, value: () => null, input: true },
  { header: 'Date', width: 12, value: () => null, input: true, date: 'date' },
  { header: 'Justification', width: 40, value: () => null, input: true },
  { header: 'Assigned Reviewer', width: 28, value: (r) => text(r.reviewer) ?? 'UNASSIGNED', checked: true },
  { header: 'Recommendation', width: 14, value: (r) => r.recommendation, checked: true },
  { header: 'Recommendation Reason', width: 50, value: (r) => r.recommendationReason },
  { header: 'Findings', width: 40, value: findingsText, checked: true },
  { header: 'Owner Name', width: 24, value: (r) => text(r.ownerName) },
  { header: 'Owner Email', width: 30, value: (r) => text(r.ownerEmail), checked: true },
  { header: 'Owner IdP Status', width: 14, value: (r) => text(r.ownerStatus), checked: true },
  { header: 'Owner Department', width: 18, value: (r) => text(r.ownerDepartment) },
  { header: 'Owner State', width: 12, value: (r) => r.ownerState, checked: true },
  { header: 'Account Status', width: 12, value: (r) => r.accountStatus, checked: true },
  { header: 'Admin', width: 7, value: (r) => (r.admin ? 'yes' : 'no'), checked: true },
  { header: 'Roles', width: 20, value: (r) => text(r.roles.join('; ')) },
  { header: 'Holds', width: 40, value: (r) => text(r.holds), checked: true },
  { header: 'Created', width: 21, date: 'datetime', value: (r) => text(r.createdAt) },
  { header: 'Last Seen', width: 21, date: 'datetime', value: (r) => text(r.lastSeen) },
  { header: 'First Login', width: 21, date: 'datetime', value: (r) => text(r.firstLogin) },
  { header: 'Assigned By', width: 14, value: (r) => text(r.assignedBy) },
  { header: 'Reviewer Chain', width: 60, value: (r) => text(r.chainNotes.join('; ')) },
  { header: 'Previous Decision', width: 12, value: (r) => text(r.previous?.decision) },
  { header: 'Previous Reviewer', width: 28, value: (r) => text(r.previous?.reviewer) },
  { header: 'Previous Date', width: 12, date: 'date', value: (r) => text(r.previous?.date) },
];

/** Findings-sheet context for a reviewer's findings without an account: who is assigned. */
export function taskReviewerText(t: FindingTask | undefined): string | null {
  return t ? (t.reviewer ?? 'UNASSIGNED') : null;
}
