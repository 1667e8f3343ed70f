/**
 * Writes a demo organisation (vendor simulator states, IdP exports, config, exceptions, answer key).
 *   node --import tsx scripts/generate-demo.ts --seed 42 --people 300 --out fixtures/demo [--idp-format okta-rockstar-users]
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { AuditError } from '../src/errors.js';
import { DEMO_AS_OF } from '../src/demo/constants.js';
import { generateOrg, writeOrg, type GenerateOptions } from '../src/demo/generate.js';
import { DEMO_IDP_FORMATS, type DemoIdpFormat } from '../src/demo/idp-export.js';
import { DEMO_PROFILES } from '../src/demo/profiles.js';

async function main(): Promise<number> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('generate-demo')
    .option('profile', { type: 'string', choices: Object.keys(DEMO_PROFILES), describe: 'A committed profile (demo, demo-alt): its options, overridable by the flags below' })
    .option('seed', { type: 'number', describe: 'PRNG seed (integer)' })
    .option('people', { type: 'number', describe: 'Rows of the IdP export' })
    .option('as-of', { type: 'string', describe: `Reference time (default ${DEMO_AS_OF})` })
    .option('idp-format', { type: 'string', choices: [...DEMO_IDP_FORMATS], describe: 'IdP users export format' })
    .option('copies', { type: 'number', describe: 'Repetitions of the planted-case catalogue (default max(2, people/150))' })
    .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
    .option('quiet', { type: 'boolean', default: false })
    .strict()
    .parse();

  const base: Partial<GenerateOptions> = argv.profile ? (DEMO_PROFILES[argv.profile] ?? {}) : {};
  const opts: GenerateOptions = {
    ...base,
    seed: argv.seed ?? base.seed ?? 42,
    people: argv.people ?? base.people ?? 300,
    asOf: argv['as-of'] ?? base.asOf ?? DEMO_AS_OF,
  };
  if (argv['idp-format']) opts.idpFormat = argv['idp-format'] as DemoIdpFormat;
  if (argv.copies !== undefined) opts.copies = argv.copies;

  const started = process.hrtime.bigint();
  const org = generateOrg(opts);
  const generated = process.hrtime.bigint();
  await writeOrg(org, argv.out);
  const written = process.hrtime.bigint();
  if (!argv.quiet) {
    const ms = (a: bigint, b: bigint): string => (Number(b - a) / 1e6).toFixed(0);
    console.log(
      `demo org written to ${argv.out}: ${org.meta.counts.identities} identities, ${org.meta.counts.dixaAgents} Dixa agents, ` +
        `${org.meta.counts.dialpadUsers} Dialpad users, ${org.meta.counts.expected} expected findings ` +
        `(generate ${ms(started, generated)} ms, write ${ms(generated, written)} ms)`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof AuditError) {
      console.error(`generate-demo: ${err.line()}`);
      process.exit(err.exitCode);
    }
    console.error(err);
    process.exit(4);
  },
);
