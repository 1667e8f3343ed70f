import { describe, expect, it } from 'vitest';
import { assignmentsFile, audit, byRule, idpFile, note, person, snap } from '../helpers.js';
import { findingId } from '../../../src/audit/findings.js';

describe('DATA_QUALITY', () => {
  it('one finding per note of the IdP file and of the assignments file, subject idp:<input>:<content key>:<kind>', () => {
    const idp = idpFile([person('a@example.com')], {
      notes: [note('no_email', 4, undefined, undefined, 'row:0123456789abcdef'), note('duplicate_email', 7, undefined, undefined, 'email:b@example.com'), note('unknown_status', 7, undefined, undefined, 'email:b@example.com')],
    });
    const assignments = assignmentsFile([], [note('wrong_field_count', 12, 'C:\\exports\\assignments.csv')]);
    const r = audit({ snapshot: snap({}), idp, assignments });
    const found = byRule(r, 'DATA_QUALITY');
    expect(found.map((f) => f.subject).sort()).toEqual([
      'idp:assignments:row-number:12:wrong_field_count',
      'idp:idp:email:b@example.com:duplicate_email',
      'idp:idp:email:b@example.com:unknown_status',
      'idp:idp:row:0123456789abcdef:no_email',
    ]);
    const f = found.find((x) => x.subject.endsWith(':no_email'))!;
    expect(f.id).toBe(findingId('DATA_QUALITY', 'idp:idp:row:0123456789abcdef:no_email'));
    expect(f).toMatchObject({ severity: 'low', vendor: null, suppressed: false, title: 'okta-users.csv row 4: problem no_email' });
    // Files are named by base name and SHA-256 (the path as typed is in run.inputs only).
    expect(f.evidence).toMatchObject({ file: 'okta-users.csv', sha256: 'a'.repeat(64), row: 4, kind: 'no_email', input: 'idp' });
  });

  it('two notes of one kind on one row become one finding carrying both (ids stay unique)', () => {
    const idp = idpFile([], { notes: [note('invalid_date', 3, '/d/u.csv', 'bad Created'), note('invalid_date', 3, '/d/u.csv', 'bad Last Login')] });
    const found = byRule(audit({ snapshot: snap({}), idp }), 'DATA_QUALITY');
    expect(found).toHaveLength(1);
    expect((found[0]!.evidence['notes'] as unknown[]).length).toBe(2);
  });
});
