import type { Identity } from '../model/index.js';
import { normalizeEmail } from '../util/email.js';

/**
 * The IdP's people, indexed once so a manager or configured reviewer resolves in O(1). A reference resolves by, in
 * order: any email, login, employee id, user id, then exact display name (only when one person has that name: a
 * shared name is no reference to anyone).
 */
export class PersonIndex {
  private readonly byEmail = new Map<string, Identity>();
  private readonly byLogin = new Map<string, Identity>();
  private readonly byEmployeeId = new Map<string, Identity>();
  private readonly byId = new Map<string, Identity>();
  private readonly byName = new Map<string, Identity | null>();
  /** Each person's emails, normalized, without repeats: primary last unless it is also listed. */
  private readonly emails = new Map<Identity, readonly string[]>();
  private readonly resolved = new Map<string, Identity | null>();
  private readonly keys = new Map<Identity, string>();

  constructor(identities: readonly Identity[]) {
    // First row wins on a duplicate key, like correlation's first match: the index never guesses between two.
    const put = <V>(map: Map<string, V>, key: string | null, value: V): void => {
      if (key && !map.has(key)) map.set(key, value);
    };
    for (const i of identities) {
      const emails = new Set<string>();
      for (const e of i.emails) emails.add(normalizeEmail(e));
      if (i.primaryEmail) emails.add(normalizeEmail(i.primaryEmail));
      for (const e of emails) put(this.byEmail, e, i);
      if (!this.emails.has(i)) this.emails.set(i, [...emails]);
      put(this.byLogin, i.login ? i.login.trim().toLowerCase() : null, i);
      put(this.byEmployeeId, i.employeeId?.trim() || null, i);
      put(this.byId, i.id, i);
      const name = i.displayName.trim();
      if (name !== '') this.byName.set(name, this.byName.has(name) ? null : i);
    }
  }

  /** The person's emails (address list, then primary), normalized, each once: shared, never to be changed. */
  emailsOf(i: Identity): readonly string[] {
    let emails = this.emails.get(i);
    if (!emails) {
      emails = [...new Set([...i.emails, ...(i.primaryEmail ? [i.primaryEmail] : [])].map((e) => normalizeEmail(e)))];
      this.emails.set(i, emails);
    }
    return emails;
  }

  /** reviewerKey, worked out once per person. */
  keyOf(i: Identity): string {
    let key = this.keys.get(i);
    if (key === undefined) this.keys.set(i, (key = reviewerKey(i)));
    return key;
  }

  /** A reference (manager cell, configured reviewer) to the person it names; each distinct reference is resolved once. */
  resolve(reference: string): Identity | null {
    let found = this.resolved.get(reference);
    if (found === undefined) this.resolved.set(reference, (found = this.lookup(reference)));
    return found;
  }

  private lookup(reference: string): Identity | null {
    const raw = reference.trim();
    if (raw === '') return null;
    return (
      (raw.includes('@') ? this.byEmail.get(normalizeEmail(raw)) : undefined) ??
      this.byLogin.get(raw.toLowerCase()) ??
      this.byEmployeeId.get(raw) ??
      this.byId.get(raw) ??
      this.byName.get(raw) ??
      null
    );
  }
}

/** The key a person is known by in the campaign: their primary email (normalized), else their IdP id. */
export function reviewerKey(i: Identity): string {
  return i.primaryEmail ? normalizeEmail(i.primaryEmail) : i.id;
}
