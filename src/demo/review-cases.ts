import type { ExpectedReview } from './answer-key.js';
import type { OrgBuilder, Person } from './generate.js';

/** People this file adds to the organisation (taken from the baseline budget, so `people` stays the row count). */
export const REVIEW_CASE_PEOPLE = 9;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The review campaign's planted cases: the configured reviewers (default, two app owners, privileged access), a
 * founder who manages herself, a report of the founder, a manager who left with a report, and a manager reference
 * that resolves to nobody. Returns the `review` config block and the reviewer each planted account must get.
 */
export function plantReviewCases(b: OrgBuilder): { config: Record<string, unknown>; expected: ExpectedReview[] } {
  const person = (first: string, last: string, department: string, extra: { dixa?: boolean; dialpad?: boolean; status?: 'active' | 'deprovisioned' } = {}): Person =>
    b.newPerson({ first, last, department, status: extra.status ?? 'active', dixa: extra.dixa ?? false, dialpad: extra.dialpad ?? false });
  const email = (p: Person): string => p.row.primaryEmail.toLowerCase();
  const agent = (p: Person): string =>
    b.addAgent({ first: p.row.firstName, last: p.row.lastName, email: email(p), seen: true, createdDaysAgo: b.rng.int(200, 1200), teams: 1, queues: 1 });
  const user = (p: Person): string =>
    b.addDialpadUser({ first: p.row.firstName, last: p.row.lastName, emails: [email(p)], state: 'active', office: p.officeName, addedDaysAgo: b.rng.int(200, 1200), numbers: 1 });

  const itLead = person('Ivo', 'Marsh', 'IT');
  const dixaOwner = person('Priya', 'Raman', 'Support');
  const dialpadOwner = person('Tomas', 'Lund', 'Operations');
  const security = person('Selma', 'Okoye', 'IT');
  for (const p of [itLead, dixaOwner, dialpadOwner, security]) p.row.managerEmail = '';

  const founder = person('Astrid', 'Holm', 'Sales', { dixa: true, dialpad: true });
  founder.row.managerEmail = founder.row.primaryEmail;
  const founderAgent = agent(founder);
  const founderUser = user(founder);

  const report = person('Noor', 'Haddad', 'Sales', { dixa: true });
  report.row.managerEmail = founder.row.primaryEmail;
  const reportAgent = agent(report);

  const leftManager = person('Rolf', 'Baker', 'Operations', { status: 'deprovisioned' });
  leftManager.row.managerEmail = '';
  const orphanedReport = person('Lena', 'Voss', 'Operations', { dialpad: true });
  orphanedReport.row.managerEmail = leftManager.row.primaryEmail;
  const orphanedReportUser = user(orphanedReport);

  const ghostManaged = person('Kai', 'Moreno', 'Support', { dixa: true });
  // An Okta user id in the Manager column that is nobody's id in the export.
  ghostManaged.row.managerEmail = '00u0nobody0here000x7';
  const ghostAgent = agent(ghostManaged);

  const config = {
    appOwners: { dixa: email(dixaOwner), dialpad: email(dialpadOwner) },
    defaultReviewer: email(itLead),
    privilegedReviewer: email(security),
    dueDays: 14,
  };
  const expected: ExpectedReview[] = [
    { vendor: 'dixa', accountId: founderAgent, reviewer: email(dixaOwner), assignedBy: 'app_owner', why: 'the founder manages herself: no self-review, so the Dixa app owner' },
    { vendor: 'dialpad', accountId: founderUser, reviewer: email(dialpadOwner), assignedBy: 'app_owner', why: 'the founder manages herself: no self-review, so the Dialpad app owner' },
    { vendor: 'dixa', accountId: reportAgent, reviewer: email(founder), assignedBy: 'manager', why: 'the manager (the founder) is active in the IdP' },
    { vendor: 'dialpad', accountId: orphanedReportUser, reviewer: email(dialpadOwner), assignedBy: 'app_owner', why: 'the manager left (deprovisioned): the Dialpad app owner' },
    { vendor: 'dixa', accountId: ghostAgent, reviewer: email(dixaOwner), assignedBy: 'app_owner', why: 'the Manager cell names a user id nobody has: the Dixa app owner' },
  ];
  expected.sort((x, y) => cmp(x.vendor, y.vendor) || cmp(x.accountId, y.accountId));
  return { config, expected };
}
