/** File names inside a snapshot folder. */
export const MANIFEST_FILE = 'manifest.json';
export const NORMALIZED_FILE = 'normalized.json';

/** A path segment safe on every filesystem, derived from a vendor id (uuid, int64 text) for raw file names. */
export function safeSegment(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return cleaned.length === 0 ? '_' : cleaned.slice(0, 120);
}
