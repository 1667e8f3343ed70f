import { ExitCode } from '../errors.js';
import { SEVERITY_RANK, type Severity } from '../model/common.js';
import type { FindingsDocument } from '../model/finding.js';

export type FailOn = Severity | 'none';

/**
 * The run's exit code (DESIGN.md section 7). An incomplete source outranks findings: an auditor must not
 * read "1 finding" as the whole truth when a listing could not be read.
 */
export function exitCodeFor(doc: FindingsDocument, failOn: FailOn): number {
  if (!doc.summary.complete) return ExitCode.INCOMPLETE;
  if (failOn === 'none') return ExitCode.OK;
  const threshold = SEVERITY_RANK[failOn];
  const failing = doc.findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= threshold);
  return failing ? ExitCode.FINDINGS : ExitCode.OK;
}
