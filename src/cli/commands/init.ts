import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { z } from 'zod';
import { ExceptionsFile } from '../../audit/exceptions.js';
import { Config, DEFAULT_CONFIG } from '../../config/schema.js';
import { badInput } from '../../errors.js';
import { VENDORS } from '../../model/common.js';
import { writeFileAtomic, writeFileAtomicExclusive } from '../../util/atomic.js';
import { vendorModule } from '../../vendors/registry.js';
import { createOutput } from '../output.js';
import { flag, str } from './args.js';
import type { CommandSpec } from './types.js';

export const EXCEPTIONS_FILE = 'exceptions.json';

/**
 * The example a user edits: every section present with its default, plus placeholders that need their data.
 * It never lowers a severity: a starter config that turned PRIVILEGED_ACCOUNT into info would keep `--fail-on high`
 * from ever tripping on an admin outside the admin groups. How to change a severity is in the schema's description.
 */
export function exampleConfig(schemaFile: string): Record<string, unknown> {
  const d = DEFAULT_CONFIG;
  return {
    $schema: `./${schemaFile}`,
    vendors: d.vendors,
    idp: { format: 'auto' },
    entitlements: Object.fromEntries(VENDORS.map((v) => [v, { apps: [`^${v}`], groups: [`${vendorModule(v).label} Users`] }])),
    correlation: { domainAliases: { 'oldco.example': 'example.com' }, stripPlusTags: false, stripDots: false },
    adminGroups: ['SaaS Admins'],
    thresholds: d.thresholds,
    exceptionsFile: EXCEPTIONS_FILE,
    plan: { destructiveCapPercent: d.plan.destructiveCapPercent, invites: d.plan.invites },
    failOn: d.failOn,
  };
}

/** An exceptions file with none in force and one worked example that is checked but never applied. */
export function exampleExceptions(): Record<string, unknown> {
  const vendor = VENDORS[0] ?? 'dixa';
  return {
    $comment:
      'Approved exceptions: each suppresses the listed rules for one account or identity until it expires. "$example" shows the shape and is never applied; copy it into "exceptions" to use it. See README.md "Exceptions".',
    $example: {
      id: 'EXC-001',
      kind: 'service',
      scope: { vendor, email: 'support-integration@example.com' },
      rules: ['ORPHANED_ACCOUNT'],
      reason: 'Integration account of the support tooling, owned by the CS operations team',
      approver: 'security@example.com',
      expires: '2027-06-30',
    },
    exceptions: [],
  };
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

export const initCommand: CommandSpec = {
  command: 'init',
  describe: 'Write a starter config, its JSON Schema and an empty exceptions.json',
  builder: (y: Argv) =>
    y
      .option('out', { type: 'string', default: 'access-audit.config.json', describe: 'Where to write the config' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing config and schema (never exceptions.json)' })
      .example('$0 init', 'Writes access-audit.config.json, access-audit.schema.json and exceptions.json in the current folder'),
  handler: async (argv) => {
    const output = createOutput({ quiet: flag(argv, 'quiet'), verbose: flag(argv, 'verbose') });
    const out = str(argv, 'out') ?? 'access-audit.config.json';
    const schemaPath = join(dirname(out), 'access-audit.schema.json');
    const exceptionsPath = join(dirname(out), EXCEPTIONS_FILE);
    if (!flag(argv, 'force')) {
      const present = [];
      for (const p of [out, schemaPath]) if (await exists(p)) present.push(p);
      if (present.length > 0) throw badInput(`${present.join(' and ')} already exist${present.length === 1 ? 's' : ''}`, 'pass --force to overwrite them, or --out another path');
    }
    const example = exampleConfig(basename(schemaPath));
    Config.parse(example); // the example must always be a valid config
    const exceptions = exampleExceptions();
    ExceptionsFile.parse(exceptions);
    if (flag(argv, 'force')) await writeFileAtomic(out, JSON.stringify(example, null, 2) + '\n');
    else if (!(await writeFileAtomicExclusive(out, JSON.stringify(example, null, 2) + '\n'))) throw badInput(`${out} already exists`, 'pass --force to overwrite it');
    await writeFileAtomic(schemaPath, JSON.stringify(z.toJSONSchema(Config, { io: 'input' }), null, 2) + '\n');
    // The exceptions file holds approvals people wrote: never replaced, not even with --force.
    const wroteExceptions = await writeFileAtomicExclusive(exceptionsPath, JSON.stringify(exceptions, null, 2) + '\n');
    output.info(`Wrote ${out} and ${schemaPath}; ${wroteExceptions ? `wrote an empty ${exceptionsPath}` : `kept the existing ${exceptionsPath}`}.`);
    output.info('Edit the entitlements (which IdP apps/groups grant a seat), domain aliases and admin groups; see README.md "Config file".');
    output.info('Then check everything before a run: access-audit doctor --config ' + out + ' --idp <users export>');
    return 0;
  },
};
