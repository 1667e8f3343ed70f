import { join } from 'node:path';
import type { Vendor } from '../model/common.js';
import { folderTimestamp } from '../util/time.js';
import { vendorModule } from '../vendors/registry.js';
import type { DoctorCheck } from './check.js';
import { checkConfig, checkExceptions, checkIdpExport, checkOutputFolder } from './file-checks.js';
import { checkVendor } from './vendor-checks.js';
import type { CommandInput } from '../output-folder/guard.js';

export interface DoctorInput {
  configPath: string | undefined;
  vendors: Vendor[];
  /** --dixa-url style overrides; the config's base URL otherwise. */
  baseUrls: Partial<Record<Vendor, string>>;
  env: NodeJS.ProcessEnv;
  idpPath: string | undefined;
  assignmentsPath: string | undefined;
  exceptionsPath: string | undefined;
  outDir: string | undefined;
  snapshotDir: string | undefined;
  allowInsecureHttp?: boolean;
  now: () => Date;
}

/**
 * Everything a run needs, checked without writing anything and with GET requests only: the config, each vendor's
 * base URL, token and its kind, the clock, the IdP and assignments exports, the exceptions file, the output folders.
 */
export async function runDoctor(input: DoctorInput): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const { check, config } = await checkConfig(input.configPath);
  checks.push(check);
  for (const vendor of input.vendors) {
    const mod = vendorModule(vendor);
    const baseUrl = input.baseUrls[vendor] ?? (config ? mod.baseUrl(config) : mod.documentedBaseUrl);
    checks.push(...(await checkVendor(mod, baseUrl, input.env[mod.tokenEnv]?.trim() || undefined, input.now, input.allowInsecureHttp ?? false)));
  }
  const idp = await checkIdpExport('IdP export', '--idp', input.idpPath, config, true);
  if (idp) checks.push(idp);
  const assignments = await checkIdpExport('Assignments export', '--assignments', input.assignmentsPath, config, false);
  if (assignments) checks.push(assignments);
  const fromConfig = input.exceptionsPath === undefined && config?.exceptionsFile !== undefined;
  const exceptions = await checkExceptions(input.exceptionsPath ?? config?.exceptionsFile, fromConfig ? '$.exceptionsFile' : undefined, input.now());
  if (exceptions) checks.push(exceptions);
  const stamp = folderTimestamp(input.now());
  const inputs: CommandInput[] = [
    ...(input.configPath ? [{ flag: '--config', path: input.configPath, type: 'file' as const }] : []),
    ...(input.idpPath ? [{ flag: '--idp', path: input.idpPath, type: 'file' as const }] : []),
    ...(input.assignmentsPath ? [{ flag: '--assignments', path: input.assignmentsPath, type: 'file' as const }] : []),
    ...(input.exceptionsPath ? [{ flag: '--exceptions', path: input.exceptionsPath, type: 'file' as const }] : []),
  ];
  const snapshotDir = input.snapshotDir ?? join('snapshots', stamp);
  checks.push(await checkOutputFolder('Snapshot folder', snapshotDir, { flag: '--snapshot-dir', kind: 'snapshot', replace: 'never', inputs }));
  checks.push(
    await checkOutputFolder('Output folder', input.outDir ?? join('reports', stamp), {
      flag: '--out',
      kind: 'report',
      replace: 'own',
      inputs: [{ flag: '--snapshot-dir', path: snapshotDir, type: 'folder' }, ...inputs],
    }),
  );
  return checks;
}

/** One line per check: ✓ what was found, or ✗ what was found and the fix. */
export function renderDoctor(checks: readonly DoctorCheck[]): string {
  const lines = checks.map((c) => (c.ok ? `✓ ${c.check}: ${c.detail}` : `✗ ${c.check}: ${c.detail}. Fix: ${c.fix ?? ''}`));
  const failed = checks.filter((c) => !c.ok).length;
  lines.push(failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`);
  return lines.join('\n');
}
