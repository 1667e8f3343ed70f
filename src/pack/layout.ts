import { z } from 'zod';

/** The pack's own members: its manifest and, when signed, the Ed25519 signature of the manifest's exact bytes. */
export const PACK_MANIFEST = 'manifest.json';
export const PACK_SIGNATURE = 'manifest.sig';
export const REVIEW_PREFIX = 'review/';
export const SNAPSHOT_PREFIX = 'snapshot/';

/**
 * Bounds on what is packed and on what is read back from a pack (a pack is hostile input to `verify`: a zip bomb
 * or a million members must fail fast with one line, not exhaust memory).
 */
export const PACK_LIMITS = {
  maxMembers: 20_000,
  maxMemberBytes: 512 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxArchiveBytes: 2 * 1024 * 1024 * 1024,
  maxNameLength: 512,
} as const;

/**
 * Fixed member time (local fields, as zip stores them): fflate writes DOS times from local-time getters, so a Date
 * built from local fields gives the same bytes in every time zone.
 */
export const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

export const PackEntry = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });

export const PackManifest = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('access-audit-evidence-pack'),
  toolVersion: z.string(),
  runId: z.string(),
  snapshotSha256: z.string().nullable(),
  /** Every member but the manifest and its signature, by path inside the archive. */
  members: z.record(z.string(), PackEntry),
});
export type PackManifest = z.infer<typeof PackManifest>;

/**
 * A member name that can only ever mean a path below the pack's root: forward slashes, no empty, `.` or `..`
 * segment, no drive letter, no control characters. Members are never extracted by name, but a name that could
 * escape a folder is a sign of a crafted archive and is refused.
 */
export function isSafeMemberName(name: string): boolean {
  if (name.length === 0 || name.length > PACK_LIMITS.maxNameLength) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:]/.test(name)) return false;
  if (name.startsWith('/')) return false;
  return name.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && seg !== '__proto__');
}
