/** Exit codes: a contract (DESIGN.md section 7). */
export const ExitCode = {
  OK: 0,
  FINDINGS: 1,
  INCOMPLETE: 2,
  BAD_INPUT: 3,
  INTERNAL: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

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
    return oneLine(this.hint ? `${this.message} (${this.hint})` : this.message);
  }
  /** Every line to print: the message, then each detail, each escaped to one line. */
  lines(): string[] {
    return [this.line(), ...this.details.map((d) => `  ${oneLine(d)}`)];
  }
}

const CONTROL: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters and Unicode line separators as visible escapes (`\n`, `\u0000`). */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => CONTROL[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function badInput(message: string, hint?: string): AuditError {
  return new AuditError(message, hint === undefined ? { exitCode: ExitCode.BAD_INPUT } : { exitCode: ExitCode.BAD_INPUT, hint });
}

/**
 * Problems of one input file as an error: the first problem on the message line (`file: $.path: what`), each further
 * one on a line of its own, so the user fixes them all in one go.
 */
export function badInputProblems(subject: string, problems: readonly string[], hint?: string): AuditError {
  const opts = hint === undefined ? {} : { hint };
  const [first = 'invalid', ...rest] = problems;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more below)`;
  return new AuditError(`${subject}: ${first}${more}`, { exitCode: ExitCode.BAD_INPUT, ...opts, details: rest });
}
