import { Severity } from '../model/common.js';
import { RULE_CODES, type FindingsSummary } from '../model/finding.js';
import type { NormalizedSnapshot } from '../model/snapshot.js';
import type { AuditResult } from './audit.js';

/**
 * Counts for findings.json. byRule, bySeverity and byVendor count unsuppressed findings (what needs action);
 * total/suppressed say how many were set aside by exceptions. Every rule, severity and reviewed vendor has a key,
 * so the shape does not change with the data. byVendor uses `none` for findings about no vendor.
 */
export function buildSummary(result: AuditResult, snapshot: NormalizedSnapshot): FindingsSummary {
  const byRule: Record<string, number> = Object.fromEntries(RULE_CODES.map((r) => [r, 0]));
  const bySeverity: Record<string, number> = Object.fromEntries(Severity.options.map((s) => [s, 0]));
  // A vendor left out of the review (--vendors) gets no key: a 0 would read as "reviewed, nothing found".
  const byVendor: Record<string, number> = Object.fromEntries([...result.vendors.map((v) => [v, 0] as [string, number]), ['none', 0]]);
  let suppressed = 0;
  for (const f of result.findings) {
    if (f.suppressed) {
      suppressed++;
      continue;
    }
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    const v = f.vendor ?? 'none';
    byVendor[v] = (byVendor[v] ?? 0) + 1;
  }
  const accounts: Record<string, number> = Object.fromEntries(result.vendors.map((v) => [v, 0]));
  for (const c of result.correlations) accounts[c.vendor] = (accounts[c.vendor] ?? 0) + 1;
  let complete = true;
  for (const v of result.vendors) if (snapshot.vendors[v]?.complete === false) complete = false;
  const owners: Record<string, number> = { matched: 0, unmatched: 0, ambiguous: 0, excluded: 0 };
  for (const c of result.correlations) owners[c.owner.state] = (owners[c.owner.state] ?? 0) + 1;
  return {
    total: result.findings.length,
    unsuppressed: result.findings.length - suppressed,
    suppressed,
    byRule,
    bySeverity,
    byVendor,
    identities: result.identities.length,
    accounts,
    owners,
    complete,
    ...(result.resolved ? { resolved: result.resolved.length } : {}),
  };
}
