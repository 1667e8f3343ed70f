/**
 * Human output goes to stderr, data (--json) to stdout. One place decides verbosity so commands stay quiet
 * under --quiet and progress is never mixed into machine-readable output.
 */
export interface Output {
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  info(line: string): void;
  detail(line: string): void;
  warn(line: string): void;
  data(text: string): void;
}

export function createOutput(opts: { quiet?: boolean | undefined; verbose?: boolean | undefined }): Output {
  const quiet = opts.quiet ?? false;
  const verbose = opts.verbose ?? false;
  // https://no-color.org: any non-empty NO_COLOR disables colour.
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  return {
    quiet,
    verbose,
    color,
    info: (line) => {
      if (!quiet) process.stderr.write(line + '\n');
    },
    detail: (line) => {
      if (verbose && !quiet) process.stderr.write(line + '\n');
    },
    warn: (line) => process.stderr.write(line + '\n'),
    data: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  };
}
