import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/errors.js';
import { escapeLine, escapeLines, TerminalText } from '../../src/util/terminal-text.js';

const HOSTILE = 'a\u001b[2J\rb\u0007\u001b]8;;http://x\u0007c\u009b\u0085\u202e\u2067\u200f\u2028\u2029\u007f\t\nz';

describe('terminal text', () => {
  it('shows every C0/C1 control, DEL, line separator and bidi control as a visible escape', () => {
    expect(escapeLine(HOSTILE)).toBe('a\\u001b[2J\\rb\\u0007\\u001b]8;;http://x\\u0007c\\u009b\\u0085\\u202e\\u2067\\u200f\\u2028\\u2029\\u007f\\t\\nz');
    expect(oneLine(HOSTILE)).toBe(escapeLine(HOSTILE));
    expect(escapeLines('one\ntwo\r\nthree\u001b')).toBe('one\ntwo\\r\nthree\\u001b');
  });

  it('leaves a JSON document the same document (its escapes are JSON escapes)', () => {
    const value = { s: HOSTILE, list: [HOSTILE, 'é ü ß 日本'], n: 1 };
    const text = JSON.stringify(value, null, 2);
    // JSON.stringify leaves C1, DEL, U+2028/2029 and bidi controls raw; escapeLines does not.
    expect(text).toContain('\u009b');
    const safe = escapeLines(text);
    expect(safe).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202e]/);
    expect(JSON.parse(safe)).toEqual(value);
  });

  it('keeps only its own colours: span text is escaped, styles are added when colour is on', () => {
    const t = TerminalText.of([[{ style: 'high', text: `x${HOSTILE}` }, ' tail']], true).rendered;
    expect(t.startsWith('\u001b[31mxa\\u001b[2J')).toBe(true);
    expect(t.endsWith('\u001b[0m tail')).toBe(true);
    expect(TerminalText.of([[{ style: 'high', text: 'x' }]], false).rendered).toBe('x');
  });
});
