/** UTC timestamp safe for folder names: 2026-11-23T08-15-02Z */
export function folderTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}
