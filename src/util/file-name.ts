/**
 * How findings and reports name an input file (issue 14's path rule): its base name, beside its SHA-256. The path
 * as typed on the command line is kept in the run block (findings.json, run.json) only, so two runs given the same
 * files by relative and by absolute paths write the same findings and reports.
 */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}
