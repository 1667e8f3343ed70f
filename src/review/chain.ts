import type { Identity } from '../model/index.js';
import type { AssignedBy } from './model.js';
import type { PersonIndex } from './people.js';

export interface Candidate {
  by: AssignedBy;
  /** The reference as written (manager cell, config value). */
  reference: string;
}

export interface Assignment {
  reviewer: string | null;
  reviewerName: string | null;
  assignedBy: AssignedBy | null;
  notes: string[];
}

const LINK: Record<AssignedBy, string> = {
  privileged: 'privileged-access reviewer',
  manager: 'manager',
  app_owner: 'app owner',
  default: 'default reviewer',
};

/**
 * Walks the candidates in order and takes the first that is an active person of the IdP export and not the subject
 * itself; every candidate passed over leaves a note saying why (independence is shown, not assumed).
 */
export function assignReviewer(people: PersonIndex, candidates: readonly Candidate[], isSelf: (person: Identity) => boolean, preface: readonly string[] = []): Assignment {
  const notes = [...preface];
  for (const c of candidates) {
    const person = people.resolve(c.reference);
    const link = LINK[c.by];
    if (!person) {
      notes.push(`${link} "${c.reference}" resolves to nobody in the IdP export`);
      continue;
    }
    const who = people.keyOf(person);
    if (person.status !== 'active') {
      notes.push(`${link} ${who} is not active in the IdP (${person.status})`);
      continue;
    }
    if (isSelf(person)) {
      notes.push(`${link} ${who} owns this account (no self-review)`);
      continue;
    }
    return { reviewer: who, reviewerName: person.displayName || who, assignedBy: c.by, notes };
  }
  notes.push('unassigned: no link of the reviewer chain can review it');
  return { reviewer: null, reviewerName: null, assignedBy: null, notes };
}
