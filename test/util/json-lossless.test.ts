import fc from 'fast-check';
import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { parseJsonKeepingIntegers } from '../../src/util/json-lossless.js';

/** The reference: lossless-json over the whole text, as every reader did before JSON.parse was tried first. */
function reference(text: string): unknown {
  const readNumber = (t: string): number | string => {
    if (/^-?\d+$/.test(t)) {
      const n = Number(t);
      return Number.isSafeInteger(n) ? n : t;
    }
    return Number(t);
  };
  return parse(text, null, { parseNumber: readNumber, onDuplicateKey: (info) => info.newValue });
}

const bigInteger = fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map((n) => ({ __raw: n.toString() }));
/** JSON text with integer literals of up to 23 digits, long digit runs inside strings, floats and nesting. */
const jsonText = fc
  .jsonValue()
  .chain((v) => fc.tuple(fc.constant(v), fc.array(fc.oneof(bigInteger, fc.stringMatching(/^[0-9]{14,20}$/), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 4 })))
  .map(([v, extras]) => JSON.stringify({ v, extras }).replace(/\{"__raw":"(-?\d+)"\}/g, '$1'));

describe('parseJsonKeepingIntegers', () => {
  it('gives what lossless-json gives on any text, big integer literals or not', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(parseJsonKeepingIntegers(text)).toEqual(reference(text));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps an integer past 2^53 as its digits, in an object, an array or alone', () => {
    expect(parseJsonKeepingIntegers('{"id": 9007199254740993, "n": [1, 12345678901234567890]}')).toEqual({ id: '9007199254740993', n: [1, '12345678901234567890'] });
    expect(parseJsonKeepingIntegers('-9007199254740993')).toBe('-9007199254740993');
    expect(parseJsonKeepingIntegers('9007199254740991')).toBe(9007199254740991);
  });

  it('leaves a 16-digit id written as a string a string, and a large float a number', () => {
    expect(parseJsonKeepingIntegers('{"id": "4000799493932379", "x": 1e300, "y": 12345678901234567.5}')).toEqual({ id: '4000799493932379', x: 1e300, y: Number('12345678901234567.5') });
  });

  it('refuses text that is not JSON with the message lossless-json gives when a long digit run is in it', () => {
    const text = '{"id": 1234567890123456789, }';
    expect(() => reference(text)).toThrow();
    let expected = '';
    try {
      reference(text);
    } catch (err) {
      expected = (err as Error).message;
    }
    expect(() => parseJsonKeepingIntegers(text)).toThrow(expected);
  });

  it('keeps the last of repeated keys, in place, and a __proto__ key as an own property', () => {
    const text = '{"a": 1, "b": 2, "a": 12345678901234567890, "__proto__": {"x": 1}, "z": "1234567890123456"}';
    const value = parseJsonKeepingIntegers(text) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['a', 'b', '__proto__', 'z']);
    expect(value['a']).toBe('12345678901234567890');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual(reference(text));
  });
});
