export interface EmailNormalization {
  stripPlusTags: boolean;
  stripDots: boolean;
}

/**
 * Canonical form for matching: trim, Unicode NFC, lower case. `+tags` and dots are kept unless the config
 * says otherwise: for most corporate domains `a.b@` and `ab@` are different people.
 */
export function normalizeEmail(raw: string, opts: EmailNormalization = { stripPlusTags: false, stripDots: false }): string {
  let email = raw.trim().normalize('NFC').toLowerCase();
  if (email.startsWith('mailto:')) email = email.slice('mailto:'.length);
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  let local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (opts.stripPlusTags) local = local.replace(/\+.*$/, '');
  if (opts.stripDots) local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

/** A usable email: one @, non-empty local part and a dotted domain, no spaces. */
export function isUsableEmail(raw: string | null | undefined): boolean {
  if (!raw) return false;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim());
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}
