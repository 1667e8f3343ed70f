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
 * True when a parsed value holds a number that may have been rounded: an integer-valued double past 2^53. An integer
 * literal past 2^53 always parses to one (rounding never lands back inside the safe range); other literals that do
 * (1e300) are read the same by both parsers, so taking the slow path for them only costs time.
 */
function mayHoldRoundedInteger(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (Number.isInteger(v) && !Number.isSafeInteger(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item !== 'string' && typeof item !== 'boolean') stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const key in v) {
        const item = (v as Record<string, unknown>)[key];
        if (item !== null && typeof item !== 'string' && typeof item !== 'boolean') stack.push(item);
      }
    }
  }
  return false;
}

/**
 * JSON.parse, except that integers beyond 2^53 come back as their digits (a string). A duplicate key keeps the last
 * value, as JSON.parse does. JSON.parse reads every text first: a Dialpad record's 16-digit ids are strings, and
 * lossless-json builds each string a character at a time (slow, and a rope of one heap node per character that the
 * kept records then hold on to), so it runs only when a number was really rounded, or on text
 * JSON.parse refuses (its error message is the one callers have always shown).
 */
export function parseJsonKeepingIntegers(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseLossless(text);
  }
  if (mayHoldRoundedInteger(value)) return parseLossless(text);
  return value;
}

function parseLossless(text: string): unknown {
  return parse(text, null, { parseNumber: readNumber, onDuplicateKey: (info) => info.newValue });
}
