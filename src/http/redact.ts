/**
 * Every form in which a secret could leak into text: as is, URL-encoded, JSON-escaped, and base64 (of itself and of the
 * `bearer:<token>` pair Dixa's Exports API uses for Basic auth).
 */
export function secretForms(secret: string): string[] {
  if (secret.length < 4) return [secret].filter((s) => s.length > 0);
  // Inside a JSON string the bytes may be escaped: `"` and `\` always, `/` as `\/` by some encoders (PHP's
  // json_encode by default). A vendor echoing the token through such an encoder must still be caught in raw bytes.
  const inJson = JSON.stringify(secret).slice(1, -1);
  const forms = new Set<string>([secret, encodeURIComponent(secret), inJson, inJson.replace(/\//g, '\\/')]);
  for (const s of [secret, `bearer:${secret}`, `Bearer ${secret}`]) {
    forms.add(Buffer.from(s).toString('base64'));
    forms.add(Buffer.from(s).toString('base64url'));
  }
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

/** Replaces every form of every secret with [redacted]. Applied to each message that leaves the HTTP layer. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of secretForms(secret)) out = out.split(form).join('[redacted]');
  }
  return out;
}
