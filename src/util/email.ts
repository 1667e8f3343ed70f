export interface EmailNormalization {
  stripPlusTags: boolean;
  stripDots: boolean;
}

/**
 * A character that survives compatibility normalisation and case folding unchanged: not a look-alike of another
 * one (the Kelvin sign K U+212A, fullwidth letters, ligatures, the long s, dotless i, sharp s).
 */
function isPlainChar(c: string): boolean {
  if (c.charCodeAt(0) < 0x80) return true;
  const lower = c.toLowerCase();
  return c.normalize('NFKC') === c && lower.toUpperCase().toLowerCase() === lower;
}

/**
 * ASCII only: every character is plain and NFC and NFKC leave the text as it is. Nearly every address is, and
 * skipping the per-character walk and the ICU calls for it made address keys the audit's largest cost (issue 19).
 */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * True when every character of the address is plain. Only such an address is compared after NFC and lower case;
 * another one is compared as written (ASCII letters lower-cased), so `\u212Aate@` is not `kate@` (docs/rules.md).
 */
export function isPlainAddress(raw: string): boolean {
  if (!NON_ASCII.test(raw)) return true;
  for (const c of raw.trim()) if (!isPlainChar(c)) return false;
  return true;
}

/**
 * Canonical form for matching: trim, Unicode NFC, lower case for a plain address; for an address with a
 * look-alike character (isPlainAddress false), trim and ASCII lower case only, so that it matches only itself.
 * `+tags` and dots are kept unless the config says otherwise: for most corporate domains `a.b@` and `ab@` are
 * different people.
 */
export function normalizeEmail(raw: string, opts: EmailNormalization = { stripPlusTags: false, stripDots: false }): string {
  let email = !NON_ASCII.test(raw)
    ? raw.trim().toLowerCase()
    : isPlainAddress(raw)
      ? raw.trim().normalize('NFC').toLowerCase()
      : raw.trim().replace(/[A-Z]+/g, (m) => m.toLowerCase());
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

/**
 * The form two look-alike addresses share: compatibility normalisation (NFKC) and full case folding (upper then
 * lower case: ß and ss, ı and i, K and k meet), then the usual canonical form. Never used to match: only to name a
 * pair that looks the same and is not (DATA_QUALITY lookalike_email).
 */
export function emailSkeleton(raw: string, opts?: EmailNormalization): string {
  const folded = !NON_ASCII.test(raw) ? raw.trim().toLowerCase() : raw.trim().normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return normalizeEmail(folded, opts);
}
