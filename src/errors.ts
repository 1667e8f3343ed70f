import { escapeLine } from './util/terminal-text.js';

/** Exit codes: a contract (DESIGN.md section 7). */
export const ExitCode = {
  OK: 0,
  FINDINGS: 1,
  INCOMPLETE: 2,
  BAD_INPUT: 3,
  INTERNAL: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A file with hundreds of problems still prints one readable line. */
const MAX_DETAILS_SHOWN = 20;

/**
 * An error the user can act on: thrown once, printed once (one line) at the top of the CLI.
 * Anything that is not an AuditError is a bug and exits 4.
 */
export class AuditError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | null;
  /** Further problems of the same input, one line each (a config with three mistakes names all three at once). */
  readonly details: readonly string[];
  constructor(message: string, options: { exitCode?: ExitCode; hint?: string; cause?: unknown; details?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuditError';
    this.exitCode = options.exitCode ?? ExitCode.BAD_INPUT;
    this.hint = options.hint ?? null;
    this.details = options.details ?? [];
  }
  /**
   * The single line printed to stderr. Messages quote what the user gave us (a JSON key, a parser's excerpt of the
   * file), which may hold line breaks or terminal control characters: those are escaped, so it stays one line.
   */
  line(): string {
    const shown = this.details.slice(0, MAX_DETAILS_SHOWN);
    const more = this.details.length - shown.length;
    const all = [this.message, ...shown, ...(more > 0 ? [`and ${more} more`] : [])].join('; ');
    return oneLine(this.hint ? `${all} (${this.hint})` : all);
  }
  /**
   * What to print: one line, whatever the number of problems (a script reading the first stderr line gets all of
   * them; a config with three mistakes names all three at once).
   */
  lines(): string[] {
    return [this.line()];
  }
}

/** C0/C1 controls, Unicode line separators and bidi controls as visible escapes (`\n`, `\u001b`): see terminal-text.ts. */
export function oneLine(text: string): string {
  return escapeLine(text);
}

export function badInput(message: string, hint?: string): AuditError {
  return new AuditError(message, hint === undefined ? { exitCode: ExitCode.BAD_INPUT } : { exitCode: ExitCode.BAD_INPUT, hint });
}

/**
 * Problems of one input file as an error: every problem on the one line (`file: $.path: what; $.other: what`), so
 * the user fixes them all in one go.
 */
export function badInputProblems(subject: string, problems: readonly string[], hint?: string): AuditError {
  const opts = hint === undefined ? {} : { hint };
  const [first = 'invalid', ...rest] = problems;
  return new AuditError(`${subject}: ${first}`, { exitCode: ExitCode.BAD_INPUT, ...opts, details: rest });
}
