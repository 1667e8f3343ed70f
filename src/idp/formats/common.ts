import type { IdentityCondition } from '../../model/identity.js';
import { isUsableEmail } from '../../util/email.js';
import { mapStatus, UNKNOWN, type StatusVerdict, type StatusVocabulary } from '../status.js';
import { collectEmails, parseBoolean, parseDate } from '../values.js';
import type { IdentityDraft, RowContext } from './types.js';

/** `lastLogin` as ISO text; an unparseable value is noted and dropped. */
export function readDate(ctx: RowContext, col: number | undefined): string | null {
  if (col === undefined) return null;
  const raw = ctx.cell(col);
  const parsed = parseDate(raw);
  if (parsed.ok) return parsed.iso;
  ctx.note('invalid_date', `unparseable date "${raw}"`, col, raw);
  return null;
}

/** Status word of a vendor vocabulary; unknown (and empty) values are noted, never guessed. */
export function readStatus(ctx: RowContext, col: number | undefined, vocabulary: StatusVocabulary): { verdict: StatusVerdict; raw: string } {
  const raw = ctx.cell(col);
  const verdict = raw === '' ? null : mapStatus(vocabulary, raw);
  if (verdict) return { verdict, raw };
  ctx.note('unknown_status', raw === '' ? 'empty status' : `unknown status "${raw}"`, col, raw);
  return { verdict: UNKNOWN, raw };
}

/**
 * A boolean status column (Entra `accountEnabled`, M365 `Block credential`, JumpCloud `suspended`), in any of the
 * spellings Excel leaves behind. Anything else is an unknown status.
 */
export function readBooleanStatus(ctx: RowContext, col: number | undefined, ifTrue: StatusVerdict, ifFalse: StatusVerdict): { verdict: StatusVerdict; raw: string } {
  const raw = ctx.cell(col);
  const b = parseBoolean(raw);
  if (b === true) return { verdict: ifTrue, raw };
  if (b === false) return { verdict: ifFalse, raw };
  ctx.note('unknown_status', raw === '' ? 'empty status' : `unknown status "${raw}" (expected a boolean)`, col, raw);
  return { verdict: UNKNOWN, raw };
}

/** A boolean flag that only adds a condition; an unreadable flag is ignored (the status column decides). */
export function flag(ctx: RowContext, col: number | undefined): boolean {
  return col !== undefined && parseBoolean(ctx.cell(col)) === true;
}

export function joinName(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join(' ');
}

export function emailOrNull(v: string): string | null {
  return isUsableEmail(v) ? v : null;
}

export interface IdentityParts {
  id?: string;
  /** Candidates for the primary address, best first; the first usable one wins. */
  primary: string[];
  others?: string[];
  login?: string;
  displayName: string;
  verdict: StatusVerdict;
  rawStatus: string;
  condition?: IdentityCondition | null;
  employeeId?: string;
  department?: string;
  manager?: string;
  lastLogin?: string | null;
  groups?: string[];
}

const orNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/** Assemble an identity: emails de-duplicated primary first, id falling back to the primary email, then the row. */
export function makeIdentity(ctx: RowContext, p: IdentityParts): IdentityDraft {
  const emails = collectEmails(p.others ? [...p.primary, ...p.others] : p.primary);
  // Primary candidates come first, so the first address is the primary when it came from a primary candidate.
  const first = emails[0];
  const primaryEmail = first !== undefined && p.primary.some((c) => c.trim() === first) ? first : null;
  const id = orNull(p.id) ?? primaryEmail ?? orNull(p.login) ?? `row:${ctx.line}`;
  return {
    id,
    primaryEmail,
    emails,
    login: orNull(p.login),
    displayName: p.displayName || primaryEmail || orNull(p.login) || '',
    status: p.verdict.status,
    rawStatus: p.rawStatus,
    condition: p.verdict.condition ?? p.condition ?? null,
    employeeId: orNull(p.employeeId),
    department: orNull(p.department),
    manager: orNull(p.manager),
    lastLogin: p.lastLogin ?? null,
    groups: p.groups ?? [],
  };
}
