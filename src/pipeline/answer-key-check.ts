import type { FindingsDocument } from '../model/finding.js';

export interface ExpectedFinding {
  rule: string;
  subject: string;
  severity: string;
  suppressed: boolean;
  vendor?: string | null;
  accountId?: string | null;
  identityEmail?: string | null;
  exception?: string | null;
}

/** The fields a finding must agree on with its answer-key entry, beyond rule and subject. */
const COMPARED = ['severity', 'suppressed', 'vendor', 'accountId', 'identityEmail', 'exception'] as const;

export interface AnswerKeyComparison {
  expected: number;
  found: number;
  /** Expected but not produced (recall misses). */
  missing: ExpectedFinding[];
  /** Produced but not expected (precision misses). */
  unexpected: ExpectedFinding[];
  /** Same rule and subject, but a compared field (severity, suppression, vendor, account, identity, exception) differs. */
  mismatched: Array<{ expected: ExpectedFinding; actual: ExpectedFinding }>;
  precision: number;
  recall: number;
}

/** Compares an audit's findings with a demo answer key by (rule, subject). */
export function compareWithAnswerKey(doc: FindingsDocument, expected: ExpectedFinding[]): AnswerKeyComparison {
  const key = (f: { rule: string; subject: string }) => `${f.rule}\u001f${f.subject}`;
  const want = new Map(expected.map((e) => [key(e), e]));
  const got = new Map(
    doc.findings.map((f) => [
      key(f),
      { rule: f.rule, subject: f.subject, severity: f.severity, suppressed: f.suppressed, vendor: f.vendor, accountId: f.accountId, identityEmail: f.identityEmail, exception: f.exception },
    ]),
  );
  const missing = [...want.entries()].filter(([k]) => !got.has(k)).map(([, v]) => v);
  const unexpected = [...got.entries()].filter(([k]) => !want.has(k)).map(([, v]) => v);
  const mismatched: AnswerKeyComparison['mismatched'] = [];
  for (const [k, e] of want) {
    const a = got.get(k);
    // Fields the key leaves out are not compared (older keys carried only severity and suppression).
    if (a && COMPARED.some((field) => e[field] !== undefined && (a[field] ?? null) !== (e[field] ?? null))) mismatched.push({ expected: e, actual: a });
  }
  const truePositives = got.size - unexpected.length;
  return {
    expected: want.size,
    found: got.size,
    missing,
    unexpected,
    mismatched,
    precision: got.size === 0 ? 1 : truePositives / got.size,
    recall: want.size === 0 ? 1 : truePositives / want.size,
  };
}
