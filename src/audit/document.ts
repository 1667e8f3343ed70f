import { join } from 'node:path';
import { FindingsDocument, type RunInfo } from '../model/finding.js';
import type { NormalizedSnapshot } from '../model/snapshot.js';
import { badInput } from '../errors.js';
import { readJsonFile } from '../util/json-file.js';
import { JsonReadError } from '../util/json-split.js';
import type { AuditResult } from './audit.js';
import { jsonPath } from './exceptions.js';
import { buildSummary } from './summary.js';

/** findings.json (DESIGN.md section 6) from an audit result. */
export function buildFindingsDocument(result: AuditResult, run: RunInfo, snapshot: NormalizedSnapshot): FindingsDocument {
  return {
    schemaVersion: 1,
    run,
    asOf: result.asOf,
    summary: buildSummary(result, snapshot),
    notEvaluated: result.notEvaluated,
    findings: result.findings,
    ...(result.resolved ? { resolved: result.resolved } : {}),
    unusedExceptions: result.unusedExceptions,
    licenceWaste: result.licenceWaste,
    ...(result.remediation ? { remediation: result.remediation } : {}),
    ...(result.previousRun ? { previousRun: result.previousRun } : {}),
  };
}

/** The findings.json of an earlier run folder (--previous), validated. */
export async function loadFindingsDocument(dir: string): Promise<FindingsDocument> {
  const path = join(dir, 'findings.json');
  let raw: unknown;
  try {
    // Streamed, a finding at a time: the findings of a large organisation are past V8's longest string.
    raw = await readJsonFile(path, { arrays: [['findings'], ['resolved']] });
  } catch (err) {
    if (err instanceof JsonReadError) throw badInput(`${path}: ${err.kind === 'malformed' ? err.message : `cannot be read: ${err.message}`}`);
    const code = (err as NodeJS.ErrnoException).code;
    throw badInput(`--previous ${dir}: cannot read ${path} (${code ?? 'error'})`, 'give the --out folder of an earlier run');
  }
  const parsed = FindingsDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(`${path}: ${issue ? jsonPath(issue.path) : '(root)'}: ${issue?.message ?? 'not a findings document'}`);
  }
  return parsed.data;
}
