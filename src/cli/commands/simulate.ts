import type { Argv } from 'yargs';
import { demoFixtureDir, loadDemoFixture } from '../../demo/fixtures.js';
import { startDemoSimulators } from '../../pipeline/demo.js';
import { VENDORS } from '../../model/common.js';
import { vendorModule } from '../../vendors/registry.js';
import { createOutput } from '../output.js';
import { flag } from './args.js';
import type { CommandSpec } from './types.js';

export const simulateCommand: CommandSpec = {
  command: 'simulate',
  describe: 'Serve the Dixa and Dialpad simulators with the demo organisation, for manual use (Ctrl-C stops)',
  builder: (y: Argv) =>
    y
      .option('dixa-port', { type: 'number', default: 0, describe: 'Port for the Dixa simulator (0 = a free one)' })
      .option('dialpad-port', { type: 'number', default: 0, describe: 'Port for the Dialpad simulator (0 = a free one)' })
      .example('$0 simulate --dixa-port 8101 --dialpad-port 8102', 'Then: curl -H "Authorization: <demo token>" http://127.0.0.1:8101/v1/agents'),
  handler: async (argv) => {
    const output = createOutput({ quiet: flag(argv, 'quiet'), verbose: flag(argv, 'verbose') });
    const fx = await loadDemoFixture(demoFixtureDir('demo'));
    const sims = await startDemoSimulators(fx, Object.fromEntries(VENDORS.map((v) => [v, Number(argv[`${v}-port`]) || 0])));
    // Handlers first, then the banner: a caller that stops us as soon as it reads the banner must find them installed.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    // The demo tokens are fake and public (fixtures/demo); printing them is the point of this command.
    output.data(
      [
        ...VENDORS.map((v) => `${`${vendorModule(v).label} simulator:`.padEnd(20)} ${sims.urls[v]}   token ${sims.tokens[v]}`),
        '',
        ...VENDORS.map((v) => `curl -s -H 'Authorization: ${vendorModule(v).authorization(sims.tokens[v])}' '${sims.urls[v]}${vendorModule(v).doctorProbes[1]?.path ?? ''}'`),
        '',
        `${VENDORS.map((v) => `${vendorModule(v).tokenEnv}=${sims.tokens[v]}`).join(' ')} access-audit run ${VENDORS.map((v) => `${vendorModule(v).urlFlag} ${sims.urls[v]}`).join(' ')} \\`,
        `  --idp ${fx.paths.idpUsers} --assignments ${fx.paths.assignments} --config ${fx.paths.config} --exceptions ${fx.paths.exceptions} --as-of ${fx.meta.asOf}`,
        '',
        'Ctrl-C stops the simulators.',
      ].join('\n'),
    );
    await stopped;
    await sims.close();
    return 0;
  },
};
