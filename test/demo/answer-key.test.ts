import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AnswerKey, loadAnswerKey } from '../../src/demo/answer-key.js';
import { generateOrg, writeOrg } from '../../src/demo/generate.js';
import { DEMO_IDP_FORMATS } from '../../src/demo/idp-export.js';
import { DEMO_PROFILE_DIRS } from '../../src/demo/profiles.js';
import { RULE_CODES } from '../../src/model/finding.js';
import { AuditError } from '../../src/errors.js';
import { stableId } from '../../src/util/hash.js';
import { normalizeEmail } from '../../src/util/email.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import { referenceAudit, type RefFinding } from './reference-audit.js';

const root = join(import.meta.dirname, '..', '..');
const key = (f: RefFinding): string => `${f.rule} ${f.subject} ${f.severity} ${f.suppressed ? 'suppressed' : 'open'}`;

function loadDir(dir: string): { answer: AnswerKey; dixa: DixaState; dialpad: DialpadState; idp: string; exceptions: { exceptions: Array<{ id: string }> } } {
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  return {
    answer: AnswerKey.parse(JSON.parse(read('answer-key.json'))),
    dixa: JSON.parse(read('dixa-state.json')) as DixaState,
    dialpad: JSON.parse(read('dialpad-state.json')) as DialpadState,
    idp: read('idp-users.csv'),
    exceptions: JSON.parse(read('exceptions.json')) as { exceptions: Array<{ id: string }> },
  };
}

describe.each(Object.entries(DEMO_PROFILE_DIRS))('answer key of %s', (name, rel) => {
  const dir = join(root, rel);
  const { answer, dixa, dialpad, idp, exceptions } = loadDir(dir);

  it('equals an independent reading of docs/rules.md over the written files (every finding, nothing else)', () => {
    const reference = referenceAudit(dir).map(key).sort();
    expect(reference).toEqual(answer.expected.map(key).sort());
  });

  it('every subject names an account, identity, office, exception or IdP row that exists', () => {
    const accountIds = new Set([...dixa.agents.map((a) => `dixa:${a.id}`), ...dixa.endUsers.map((e) => `dixa:${e.id}`), ...dialpad.users.map((u) => `dialpad:${u.id}`)]);
    const offices = new Set(dialpad.offices.map((o) => `dialpad:office:${o.id}`));
    const excIds = new Set(exceptions.exceptions.map((e) => `exception:${e.id}`));
    const rows = parse(idp, { bom: true, columns: true }) as Array<Record<string, string>>;
    const emails = new Set(rows.flatMap((r) => Object.values(r)).filter((v) => v.includes('@')).map((v) => normalizeEmail(v.replace(/^smtp:/i, ''))));
    for (const f of answer.expected) {
      const s = f.subject;
      if (f.rule === 'MISSING_SEAT') expect(emails.has(s.replace(/^(dixa|dialpad):identity:/, '')), s).toBe(true);
      else if (f.rule === 'SEAT_SHORTFALL') expect(offices.has(s), s).toBe(true);
      else if (f.rule === 'EXCEPTION_EXPIRED') expect(excIds.has(s), s).toBe(true);
      else if (f.rule === 'DATA_QUALITY') {
        const m = /^idp:idp:(email:(.+)|row:[0-9a-f]{16}):(no_email|duplicate_email|unknown_status)$/.exec(s);
        expect(m, s).not.toBeNull();
        if (m?.[2] !== undefined) expect(emails.has(m[2]), s).toBe(true);
      } else {
        expect(accountIds.has(s), s).toBe(true);
        expect(f.accountId && s.endsWith(`:${f.accountId}`), s).toBeTruthy();
      }
      expect(f.id).toBe(stableId('F', f.rule, s));
    }
  });

  it('look-alikes are not among the expected findings, and no finding is listed twice', () => {
    const subjects = new Set(answer.expected.map((f) => f.subject));
    for (const l of answer.lookAlikes) expect(subjects.has(l.subject), l.subject).toBe(false);
    expect(new Set(answer.expected.map((f) => f.id)).size).toBe(answer.expected.length);
  });

  it('is sorted like findings.json: severity, rule, vendor (null last), id', () => {
    const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
    for (let i = 1; i < answer.expected.length; i++) {
      const a = answer.expected[i - 1];
      const b = answer.expected[i];
      if (!a || !b) continue;
      const order = rank[b.severity] - rank[a.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.vendor === b.vendor ? 0 : a.vendor === null ? 1 : b.vendor === null ? -1 : a.vendor < b.vendor ? -1 : 1) || (a.id < b.id ? -1 : 1);
      expect(order, `${a.id} before ${b.id}`).toBeLessThan(0);
    }
  });

  it('suppressed findings name an exception of exceptions.json, open ones none', () => {
    const ids = new Set(exceptions.exceptions.map((e) => e.id));
    for (const f of answer.expected) {
      if (f.suppressed) expect(ids.has(f.exception ?? ''), f.subject).toBe(true);
      else expect(f.exception).toBeNull();
    }
  });
});

describe('default demo coverage', () => {
  const { answer } = loadDir(join(root, 'fixtures/demo'));
  it('plants every rule code at least twice', () => {
    // REVOCATION_NOT_DONE needs a previous review: it is planted in the demo's second quarter (src/demo/remediation-round.ts,
    // test/demo/remediation-round.test.ts), never in a first run.
    for (const rule of RULE_CODES.filter((r) => r !== 'REVOCATION_NOT_DONE')) expect(answer.expected.filter((f) => f.rule === rule).length, rule).toBeGreaterThanOrEqual(2);
  });
  it('has critical orphaned admins, suppressed service/shared accounts and all three data-quality kinds', () => {
    expect(answer.expected.some((f) => f.rule === 'ORPHANED_ACCOUNT' && f.severity === 'critical')).toBe(true);
    expect(answer.expected.filter((f) => f.rule === 'ORPHANED_ACCOUNT' && f.suppressed).length).toBeGreaterThanOrEqual(2);
    for (const kind of ['no_email', 'duplicate_email', 'unknown_status']) expect(answer.expected.some((f) => f.subject.endsWith(`:${kind}`)), kind).toBe(true);
  });
});

describe('answer keys of every IdP format agree with the reference reading', () => {
  for (const idpFormat of DEMO_IDP_FORMATS) {
    it(idpFormat, async () => {
      const dir = await mkdtemp(join(tmpdir(), `demo-${idpFormat}-`));
      try {
        const org = generateOrg({ seed: 5, people: 200, asOf: '2026-03-01T00:00:00Z', idpFormat, copies: 2 });
        await writeOrg(org, dir);
        expect(referenceAudit(dir).map(key).sort()).toEqual(org.answerKey.expected.map(key).sort());
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('loadAnswerKey', () => {
  it('loads a committed key', async () => {
    const k = await loadAnswerKey(join(root, 'fixtures/demo/answer-key.json'));
    expect(k.seed).toBe(42);
    expect(k.expected.length).toBeGreaterThan(0);
  });
  it('names the file and the JSON path of a bad key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'key-'));
    try {
      const path = join(dir, 'answer-key.json');
      await writeFile(path, JSON.stringify({ schemaVersion: 1, generatorVersion: 'x', seed: 1, asOf: 'x', idpFormat: 'x', expected: [{ rule: 'NOPE' }], lookAlikes: [] }));
      await expect(loadAnswerKey(path)).rejects.toThrow(AuditError);
      await expect(loadAnswerKey(path)).rejects.toThrow(/answer key .*answer-key\.json: \$\.expected\[0\]/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
