#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { AuditError, ExitCode, oneLine } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';
import { globalOptions } from './commands/options.js';

const EPILOGUE = `Exit codes: 0 done, nothing at or above --fail-on; 1 findings at or above it; 2 a source was incomplete;
3 bad input or usage; 4 internal error.
Tokens come from the environment only: DIXA_API_TOKEN, DIALPAD_API_TOKEN.`;

/** Runs the CLI and returns the exit code; never throws. */
export async function main(args: string[]): Promise<number> {
  let exitCode: number = ExitCode.OK;
  let parser = globalOptions(yargs(args))
    .scriptName('access-audit')
    .version(TOOL_VERSION)
    .strict()
    .demandCommand(1, 'name a command: run, snapshot, audit, verify, idp, plan, init, doctor, simulate')
    .recommendCommands()
    .epilogue(EPILOGUE)
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      // yargs calls this for usage mistakes (msg) and for errors thrown by handlers (err). It goes on to run the
      // handler unless we throw, so a usage mistake becomes an AuditError here.
      if (err) throw err;
      let line = String(msg).replace(/\s*\n\s*/g, ' ').trim();
      // recommendCommands says only "Did you mean run?": name what was typed too.
      if (line.startsWith('Did you mean') && args[0]) line = `unknown command "${args[0]}". ${line}`;
      throw new AuditError(line, { exitCode: ExitCode.BAD_INPUT, hint: 'see access-audit --help' });
    });
  for (const spec of COMMANDS) {
    parser = parser.command(spec.command, spec.describe, (y) => spec.builder(y).strict(), async (argv) => {
      // Self-test of the internal-error boundary (exit 4, one line, no stack unless --verbose), for support and CI:
      // nothing else can make a correct build fail unexpectedly on demand.
      if (process.env.ACCESS_AUDIT_SELFTEST_CRASH === '1') throw new Error('self-test crash requested by ACCESS_AUDIT_SELFTEST_CRASH=1');
      exitCode = await spec.handler(argv as Record<string, unknown>);
    });
  }
  try {
    await parser.parseAsync();
  } catch (err) {
    return reportError(err, args.includes('--verbose') || args.includes('-v'));
  }
  return exitCode;
}

function reportError(err: unknown, verbose: boolean): number {
  if (err instanceof AuditError) {
    for (const line of err.lines()) process.stderr.write(`access-audit: ${line}\n`);
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  // A bug's message may quote data (a vendor field, a file's text): escaped like every other line.
  process.stderr.write(`access-audit: internal error: ${oneLine(e.message)}\n`);
  if (verbose && e.stack) process.stderr.write(e.stack.split('\n').map(oneLine).join('\n') + '\n');
  else process.stderr.write('access-audit: this is a bug; re-run with --verbose and report it\n');
  return ExitCode.INTERNAL;
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith('/access-audit')) {
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`access-audit: internal error: ${oneLine(String(err))}\n`);
      process.exitCode = ExitCode.INTERNAL;
    },
  );
}
