import type { Finding, FindingsDocument } from '../model/finding.js';
import type { NotEvaluatedList } from './notEvaluated.js';
import { compareFindings } from './findings.js';

export interface DiffResult {
  /** Previous findings that are gone now and whose rule was evaluated this time. */
  resolved: Finding[];
  /** Previous findings that are gone but whose rule (for that vendor) was not evaluated: neither resolved nor persisting. */
  notReassessed: Finding[];
}

const MAX_IDS_IN_REASON = 10;

/**
 * Marks each current finding `new` or `persisting` (by id) and sorts out the previous run's findings that are gone.
 * A rule that could not be evaluated this time proves nothing about what it found last time: those findings are
 * not "resolved"; they are named in the not-evaluated entry's reason and returned as `notReassessed`.
 */
export function diffAgainst(current: Finding[], previous: FindingsDocument, notEvaluated: NotEvaluatedList): DiffResult {
  const before = new Set(previous.findings.map((f) => f.id));
  const now = new Set(current.map((f) => f.id));
  for (const f of current) f.diff = before.has(f.id) ? 'persisting' : 'new';
  const resolved: Finding[] = [];
  const notReassessed: Finding[] = [];
  for (const old of previous.findings) {
    if (now.has(old.id)) continue;
    const copy: Finding = { ...old };
    delete copy.diff;
    (notEvaluated.has(old.rule, old.vendor) ? notReassessed : resolved).push(copy);
  }
  resolved.sort(compareFindings);
  notReassessed.sort(compareFindings);
  const groups = new Map<string, Finding[]>();
  for (const f of notReassessed) {
    const key = `${f.rule}|${f.vendor ?? ''}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [f]);
    else list.push(f);
  }
  for (const list of groups.values()) {
    const first = list[0] as Finding;
    const ids = list.slice(0, MAX_IDS_IN_REASON).map((f) => f.id).join(', ');
    const more = list.length > MAX_IDS_IN_REASON ? ` and ${list.length - MAX_IDS_IN_REASON} more` : '';
    notEvaluated.annotate(first.rule, first.vendor, `${list.length} finding(s) of the previous run not reassessed (neither resolved nor persisting): ${ids}${more}`);
  }
  return { resolved, notReassessed };
}
