import { parse } from 'lossless-json';

const INTEGER = /^-?\d+$/;
/** Any run of 16 or more digits: the only texts where an integer can lie beyond 2^53 (9007199254740992). */
const LONG_DIGITS = /\d{16}/;

/**
 * Integers a double cannot hold keep the digits as written, as a string; every other number is a plain number.
 * Vendors document int64 ids as JSON integers (Dialpad's UserProto.id); JSON.parse would round 9007199254740993 to
 * ...992, a different account.
 */
function readNumber(text: string): number | string {
  if (INTEGER.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  return Number(text);
}

/**
 * JSON.parse, except that integers beyond 2^53 come back as their digits (a string). Texts without a long digit run
 * take JSON.parse's fast path. A duplicate key keeps the last value, as JSON.parse does.
 */
export function parseJsonKeepingIntegers(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  return parse(text, null, { parseNumber: readNumber, onDuplicateKey: (info) => info.newValue });
}
