import { escapeLine, escapeLines, TerminalText } from '../util/terminal-text.js';

/**
 * Human output goes to stderr, data (--json) to stdout. One place decides verbosity so commands stay quiet
 * under --quiet and progress is never mixed into machine-readable output.
 *
 * It is also the one place where text reaches the terminal, so it is where vendor and IdP strings lose their
 * power over it: a plain string is printed as ONE line with every control character escaped (a line break from
 * data cannot forge a line of its own); a TerminalText was escaped span by span when it was built and carries
 * only the tool's own colours. data() keeps line feeds (JSON and multi-line text) and escapes the rest, which
 * leaves a JSON document the same document.
 */
export interface Output {
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  info(line: string | TerminalText): void;
  detail(line: string | TerminalText): void;
  warn(line: string | TerminalText): void;
  data(text: string): void;
}

/** What the writer prints for a line: escaped when it is a plain string. */
export function terminalLine(line: string | TerminalText): string {
  return line instanceof TerminalText ? line.rendered : escapeLine(line);
}

export function createOutput(opts: { quiet?: boolean | undefined; verbose?: boolean | undefined }): Output {
  const quiet = opts.quiet ?? false;
  const verbose = opts.verbose ?? false;
  // https://no-color.org: any non-empty NO_COLOR disables colour.
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  const err = (line: string | TerminalText): void => {
    const text = terminalLine(line);
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  };
  return {
    quiet,
    verbose,
    color,
    info: (line) => {
      if (!quiet) err(line);
    },
    detail: (line) => {
      if (verbose && !quiet) err(line);
    },
    warn: err,
    data: (text) => {
      const safe = escapeLines(text);
      process.stdout.write(safe.endsWith('\n') ? safe : safe + '\n');
    },
  };
}
