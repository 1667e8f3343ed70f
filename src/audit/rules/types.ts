import type { Severity } from '../../model/common.js';
import type { RuleCode } from '../../model/finding.js';
import type { AuditContext, Draft } from '../context.js';

/** What a rule is, beside its evaluation (the shape of a Prowler check's metadata file). */
export interface RuleMeta {
  code: RuleCode;
  defaultSeverity: Severity;
  title: string;
  rationale: string;
  remediation: string;
}

/**
 * A rule: metadata and a pure function of the audit context. Phase 1 rules see only the model; phase 2 rules
 * (SEAT_SHORTFALL, EXCEPTION_EXPIRED) also see phase 1 findings after exceptions were applied.
 */
export interface Rule {
  meta: RuleMeta;
  phase: 1 | 2;
  evaluate(ctx: AuditContext, earlier: readonly Draft[]): Draft[];
}
