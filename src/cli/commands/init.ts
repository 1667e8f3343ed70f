import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { z } from 'zod';
import { Config } from '../../config/schema.js';
import { badInput } from '../../errors.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { createOutput } from '../output.js';
import { flag, str } from './args.js';
import type { CommandSpec } from './types.js';

/** The example a user edits: every section present with its default, plus the placeholders that need their data. */
export function exampleConfig(schemaFile: string): Record<string, unknown> {
  return {
    $schema: `./${schemaFile}`,
    vendors: {
      dixa: { baseUrl: 'https://dev.dixa.io', rateLimit: { perSecond: 10, burst: 4 }, pageLimit: 100, concurrency: 4 },
      dialpad: { baseUrl: 'https://dialpad.com', rateLimit: { perSecond: 20, burst: 20 }, pageLimit: 100, concurrency: 8 },
    },
    idp: { format: 'auto' },
    entitlements: {
      dixa: { apps: ['^dixa'], groups: ['Dixa Agents'] },
      dialpad: { apps: ['^dialpad'], groups: ['Dialpad Users'] },
    },
    correlation: { domainAliases: { 'oldco.example': 'example.com' }, stripPlusTags: false, stripDots: false },
    adminGroups: ['SaaS Admins'],
    thresholds: { inviteMaxAgeDays: 14, retentionDays: 30 },
    exceptionsFile: 'exceptions.json',
    plan: { destructiveCapPercent: 10, invites: 'cancel' },
    severity: { PRIVILEGED_ACCOUNT: 'info' },
    failOn: 'high',
  };
}

export const initCommand: CommandSpec = {
  command: 'init',
  describe: 'Write an example access-audit.config.json (with its JSON Schema, for editor completion) to edit',
  builder: (y: Argv) =>
    y
      .option('out', { type: 'string', default: 'access-audit.config.json', describe: 'Where to write the config' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' })
      .example('$0 init', 'Writes access-audit.config.json and access-audit.schema.json in the current folder'),
  handler: async (argv) => {
    const output = createOutput({ quiet: flag(argv, 'quiet'), verbose: flag(argv, 'verbose') });
    const out = str(argv, 'out') ?? 'access-audit.config.json';
    const schemaPath = join(dirname(out), 'access-audit.schema.json');
    if (!flag(argv, 'force') && (await stat(out).then(() => true, () => false))) {
      throw badInput(`${out} already exists`, 'pass --force to overwrite, or --out another path');
    }
    const example = exampleConfig(basename(schemaPath));
    Config.parse(example); // the example must always be a valid config
    await writeFileAtomic(schemaPath, JSON.stringify(z.toJSONSchema(Config, { io: 'input' }), null, 2) + '\n');
    await writeFileAtomic(out, JSON.stringify(example, null, 2) + '\n');
    output.info(`Wrote ${out} and ${schemaPath}. Edit the entitlements (which IdP apps/groups grant a seat), domain aliases and admin groups; see README.md "Config file".`);
    return 0;
  },
};
