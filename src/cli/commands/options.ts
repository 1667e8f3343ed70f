import type { Argv } from 'yargs';

/** Options shared by every command. */
export function globalOptions(y: Argv): Argv {
  return y
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Print details of each step' });
}

export function vendorOptions(y: Argv): Argv {
  return y
    .option('vendors', { type: 'string', default: 'dixa,dialpad', describe: 'Vendors to snapshot/audit, comma separated' })
    .option('dixa-url', { type: 'string', describe: 'Dixa API base URL (default https://dev.dixa.io)' })
    .option('dialpad-url', { type: 'string', describe: 'Dialpad API base URL (default https://dialpad.com; sandbox https://sandbox.dialpad.com)' })
    .option('allow-insecure-http', { type: 'boolean', default: false, describe: 'Allow a plain http:// base URL to a host that is not loopback (the token travels in clear text)' });
}

export function auditOptions(y: Argv): Argv {
  return y
    .option('idp', { type: 'string', describe: 'IdP users export (CSV): Okta, Entra/M365, Google, JumpCloud, OneLogin or mapped CSV' })
    .option('assignments', { type: 'string', describe: 'App assignments export saying who is entitled to Dixa/Dialpad' })
    .option('config', { type: 'string', describe: 'access-audit.config.json' })
    .option('exceptions', { type: 'string', describe: 'Exceptions file (JSON)' })
    .option('previous', { type: 'string', describe: "An earlier run's output folder, for the diff" })
    .option('applied', { type: 'string', array: true, describe: 'The --out folder of `apply --execute` for the --previous review (repeatable): cited on Remediation verified' })
    .option('fail-on', {
      type: 'string',
      choices: ['critical', 'high', 'medium', 'low', 'info', 'none'],
      describe: 'Exit 1 when a finding at or above this severity is not suppressed (default high)',
    })
    .option('as-of', { type: 'string', describe: "Reference time for ages and expiries (default: the snapshot's end time)" })
    .option('split-by', {
      type: 'string',
      choices: ['reviewer'],
      describe: 'Also write one workbook per reviewer (campaign/ in the output folder) with campaign-manifest.json',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' });
}
