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

/**
 * An error the user can act on: thrown once, printed once (one line) at the top of the CLI.
 * Anything that is not an AuditError is a bug and exits 4.
 */
export class AuditError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | null;
  constructor(message: string, options: { exitCode?: ExitCode; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuditError';
    this.exitCode = options.exitCode ?? ExitCode.BAD_INPUT;
    this.hint = options.hint ?? null;
  }
  /**
   * The single line printed to stderr. Messages quote what the user gave us (a JSON key, a parser's excerpt of the
   * file), which may hold line breaks or terminal control characters: those are escaped, so it stays one line.
   */
  line(): string {
    return oneLine(this.hint ? `${this.message} (${this.hint})` : this.message);
  }
}

/** C0/C1 controls, Unicode line separators and bidi controls as visible escapes (`\n`, `\u001b`): see terminal-text.ts. */
export function oneLine(text: string): string {
  return escapeLine(text);
}

export function badInput(message: string, hint?: string): AuditError {
  return new AuditError(message, hint === undefined ? { exitCode: ExitCode.BAD_INPUT } : { exitCode: ExitCode.BAD_INPUT, hint });
}
