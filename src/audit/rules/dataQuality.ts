import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import type { Finding } from '../../model/finding.js';
import type { Identity, IdpReadResult } from '../../model/identity.js';
import type { Account } from '../../model/account.js';
import type { AuditContext } from '../context.js';
import { findingId } from '../findings.js';
import { fileName as basename } from '../../util/file-name.js';

export const dataQuality: Rule = {
  meta: {
    code: 'DATA_QUALITY',
    defaultSeverity: 'low',
    title: 'IdP export row that cannot be trusted',
    rationale: 'A row without a usable email, a duplicate address or an unknown status cannot be reconciled reliably; every conclusion about that person rests on it.',
    remediation: 'Fix the record in the IdP (address, status) and export again.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    const bySubject = new Map<string, Finding>();
    const sources: Array<[string, IdpReadResult]> = [['idp', ctx.idp], ...(ctx.assignments ? [['assignments', ctx.assignments] as [string, IdpReadResult]] : [])];
    for (const [role, result] of sources) {
      for (const note of result.notes) {
        const file = basename(note.source.file || result.file);
        // Keyed on content, not on the file's name or the row's position (issue 14): a renamed export or a row
        // added above keeps the same id, so the diff against last quarter reports no false new/resolved pair.
        const subject = `idp:${role}:${note.key ?? `row-number:${note.source.row}`}:${note.kind}`;
        const detail = { kind: note.kind, message: note.message, column: note.column, value: note.value };
        const existing = bySubject.get(subject);
        if (existing) {
          // Two notes of one kind on one row share a subject (and so an id): one finding carrying both.
          (existing.evidence['notes'] as unknown[]).push(detail);
          continue;
        }
        const finding: Finding = {
          id: findingId('DATA_QUALITY', subject),
          rule: 'DATA_QUALITY',
          severity: 'low',
          vendor: null,
          accountId: null,
          accountEmail: null,
          identityId: null,
          identityEmail: null,
          subject,
          title: `${file} row ${note.source.row}: ${note.message}`,
          evidence: {
            file,
            sha256: result.sha256,
            input: role,
            format: result.format,
            row: note.source.row,
            kind: note.kind,
            column: note.column,
            value: note.value,
            message: note.message,
            notes: [detail],
          },
          suppressed: false,
          exception: null,
        };
        bySubject.set(subject, finding);
        out.push({ finding, vendor: null, account: null, identityIdx: null });
      }
    }
    out.push(...lookalikeFindings(ctx));
    return out;
  },
};

/**
 * An account address equal to an identity's only after compatibility normalisation or case folding (the Kelvin
 * sign in `\u212Aate@`, a fullwidth letter, a ligature): not treated as the same person, so the account stays
 * unmatched, and the pair is named here for someone to fix the address that is wrong.
 */
function lookalikeFindings(ctx: AuditContext): Draft[] {
  const out: Draft[] = [];
  for (const view of ctx.vendors) {
    view.owners.forEach((owner, pos) => {
      if (!owner.lookalikes || owner.lookalikes.length === 0) return;
      const account = view.accounts[pos] as Account;
      const first = owner.lookalikes[0]!;
      const identity = ctx.index.identities[first.identityIdx] as Identity;
      const subject = `${view.vendor}:${account.id}:lookalike_email`;
      const pairs = owner.lookalikes.map((l) => ({
        accountEmail: l.accountEmail,
        identityEmail: l.identityEmail,
        identityId: (ctx.index.identities[l.identityIdx] as Identity).id,
        accountCodePoints: codePoints(l.accountEmail),
        identityCodePoints: codePoints(l.identityEmail),
      }));
      const finding: Finding = {
        id: findingId('DATA_QUALITY', subject),
        rule: 'DATA_QUALITY',
        severity: 'low',
        vendor: view.vendor,
        accountId: account.id,
        accountEmail: first.accountEmail,
        identityId: identity.id,
        identityEmail: first.identityEmail,
        subject,
        title: `${view.vendor} account ${account.id}: address ${JSON.stringify(first.accountEmail)} only looks like the IdP's ${JSON.stringify(first.identityEmail)} (not matched)`,
        evidence: { kind: 'lookalike_email', message: 'equal only after Unicode compatibility normalisation or case folding: not the same address', pairs },
        suppressed: false,
        exception: null,
      };
      out.push({ finding, vendor: view.vendor, account, identityIdx: first.identityIdx });
    });
  }
  return out;
}

/** Non-ASCII characters as U+XXXX, so a reader can see which character differs. */
function codePoints(text: string): string[] {
  return [...text].filter((c) => c.charCodeAt(0) >= 0x80).map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}
