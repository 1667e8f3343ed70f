import type { Argv } from 'yargs';

/** A subcommand: its yargs definition and a handler that returns the process exit code. */
export interface CommandSpec {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  handler: (argv: Record<string, unknown>) => Promise<number>;
}
