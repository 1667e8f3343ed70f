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

  constructor(identities: readonly Identity[]) {
    // First row wins on a duplicate key, like correlation's first match: the index never guesses between two.
    const put = <V>(map: Map<string, V>, key: string | null, value: V): void => {
      if (key && !map.has(key)) map.set(key, value);
    };
    for (const i of identities) {
      for (const e of i.emails) put(this.byEmail, normalizeEmail(e), i);
      if (i.primaryEmail) put(this.byEmail, normalizeEmail(i.primaryEmail), i);
      put(this.byLogin, i.login ? i.login.trim().toLowerCase() : null, i);
      put(this.byEmployeeId, i.employeeId?.trim() || null, i);
      put(this.byId, i.id, i);
      const name = i.displayName.trim();
      if (name !== '') this.byName.set(name, this.byName.has(name) ? null : i);
    }
  }

  resolve(reference: string): Identity | null {
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
