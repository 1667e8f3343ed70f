/**
 * Text bound for a terminal. Vendor and IdP strings reach stderr/stdout in error messages, notes and summaries; a
 * raw ESC, CSI, OSC 8 hyperlink, BEL, lone CR or bidi override in them could move the cursor, clear the screen,
 * hide text or reorder it ("ALL CHECKS PASSED" printed over an INCOMPLETE warning). Every such character is shown
 * as a visible escape instead.
 */

/**
 * C0 controls, DEL, C1 controls, the Unicode line/paragraph separators, and the bidi controls (LRM/RLM/ALM,
 * embeddings and overrides U+202A-202E, isolates U+2066-2069).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The escape forms (`\n`, `\r`, `\t`, `\u001b`) are also JSON string escapes, and in JSON text these characters can
 * only occur inside strings: escaping a JSON document gives the same document.
 */
function visible(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line: every unsafe character escaped, line breaks included. */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Several lines: line feeds are kept, every other unsafe character (lone CR included) is escaped. */
export function escapeLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, visible);
}

/** ANSI SGR styles the tool itself uses; the only escape sequences it ever prints. */
export const STYLES = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
} as const;
export type Style = keyof typeof STYLES;
const RESET = '\u001b[0m';

/** A piece of a line: text (escaped when rendered), optionally painted in one of the tool's own styles. */
export type Span = string | { style: Style; text: string };

/**
 * Text already made safe: built only from spans whose text was escaped, so the writer prints it as it is and the
 * only escape sequences in it are the tool's own colours.
 */
export class TerminalText {
  readonly rendered: string;
  private constructor(rendered: string) {
    this.rendered = rendered;
  }

  /** Lines of spans; colour only when `color` (a TTY without NO_COLOR). */
  static of(lines: readonly (readonly Span[])[], color: boolean): TerminalText {
    const text = lines
      .map((spans) =>
        spans
          .map((s) => {
            if (typeof s === 'string') return escapeLine(s);
            const safe = escapeLine(s.text);
            return color ? `${STYLES[s.style]}${safe}${RESET}` : safe;
          })
          .join(''),
      )
      .join('\n');
    return new TerminalText(text);
  }

  toString(): string {
    return this.rendered;
  }
}
