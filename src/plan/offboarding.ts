import type { Account, VendorSnapshot } from '../model/index.js';
import { dialpadHeldRemovals, dialpadRevokeAccess } from './dialpad.js';
import { dixaMemberRemovals, dixaRevokeAccess } from './dixa.js';
import type { Step } from './steps.js';

/**
 * What a reviewer's Revoke on an account means in the vendor: the playbook's full removal for a live account, the
 * removal of what it still holds for an account that is already deactivated. Always stage `on_revoke`: nothing here
 * runs without the decision. An incomplete snapshot gives no destructive step (DESIGN.md section 9).
 */
export function offboardingSteps(vs: VendorSnapshot, account: Account, subjectIds: string[], retentionDays: number, generatedAt: string): Step[] {
  const steps =
    account.status === 'deactivated'
      ? account.vendor === 'dixa'
        ? dixaMemberRemovals(vs, account, subjectIds, 'on_revoke')
        : dialpadHeldRemovals(vs, account, subjectIds, 'on_revoke')
      : account.vendor === 'dixa'
        ? dixaRevokeAccess(vs, account, subjectIds, 'on_revoke')
        : dialpadRevokeAccess(vs, account, subjectIds, 'on_revoke', retentionDays, generatedAt);
  if (!vs.complete && steps.some((s) => s.destructive)) return [];
  return steps;
}
