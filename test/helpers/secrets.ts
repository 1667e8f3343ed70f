import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { secretForms } from '../../src/http/redact.js';

function escapeMarkup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Every form in which a token could leak: as is, `Bearer <token>`, URL-encoded, base64 / base64url (of itself,
 * of "bearer:<t>" and of "Bearer <t>"), HTML/XML-escaped (summary.html, the workbook's XML), JSON-escaped (also with
 * "/" as "\\/"), and its
 * first and last 12 characters (a message cut short in the middle of a token).
 */
export function leakForms(token: string): string[] {
  const forms = new Set<string>([...secretForms(token), `Bearer ${token}`, escapeMarkup(token), JSON.stringify(token).slice(1, -1), token.replace(/\//g, '\\/'), token.slice(0, 12), token.slice(-12)]);
  return [...forms].filter((f) => f.length >= 8);
}

export interface Haystack {
  name: string;
  text: string;
}

/** Every file under dir (dot-folders too), as text; an .xlsx is unzipped and each part scanned (its XML is compressed). */
export async function filesAsText(dir: string): Promise<Haystack[]> {
  const out: Haystack[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const bytes = readFileSync(path);
    out.push({ name: path, text: bytes.toString('latin1') });
    if (e.name.endsWith('.xlsx')) {
      const zip = await JSZip.loadAsync(bytes);
      for (const part of Object.values(zip.files)) if (!part.dir) out.push({ name: `${path}!${part.name}`, text: await part.async('string') });
    }
  }
  return out;
}

/** The (name, form) pairs found: empty when nothing leaked. */
export function findLeaks(haystacks: Haystack[], tokens: string[]): string[] {
  const found: string[] = [];
  for (const token of tokens) {
    for (const form of leakForms(token)) {
      for (const h of haystacks) if (h.text.includes(form)) found.push(`${h.name}: contains a form of a token (${form.slice(0, 5)}...)`);
    }
  }
  return found;
}
