import { describe, expect, it } from 'vitest';
import { cleanCell, parseBoolean, parseDate, splitProxyAddresses } from '../../src/idp/values.js';
import { dedupeHeader, locateHeader, sniffDelimiter } from '../../src/idp/header.js';
import { mapStatus } from '../../src/idp/status.js';

describe('parseDate: each source format to ISO UTC', () => {
  it.each([
    ['2024-05-01T08:30:00.000Z', '2024-05-01T08:30:00.000Z'], // Okta / OneLogin / JumpCloud
    ['2024-05-01T10:30:00+02:00', '2024-05-01T08:30:00.000Z'],
    ['2020-05-23 19:59:00Z', '2020-05-23T19:59:00.000Z'], // M365 When created
    ['2024/04/10 04:05:20', '2024-04-10T04:05:20.000Z'], // Google Last Sign In
    ['8/19/2021 1:25:31 PM', '2021-08-19T13:25:31.000Z'], // Entra createdDateTime
    ['12/31/2022 12:05 AM', '2022-12-31T00:05:00.000Z'],
    ['19/08/2021 13:25', '2021-08-19T13:25:00.000Z'], // re-saved by non-US Excel: day first when unambiguous
    ['01.02.2021 08:00', '2021-02-01T08:00:00.000Z'], // German Excel
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
  ])('%s -> %s', (raw, iso) => {
    expect(parseDate(raw)).toEqual({ ok: true, iso });
  });

  it.each(['Never logged in', '', 'never', ' -- '])('"%s" means no date, not a bad one', (raw) => {
    expect(parseDate(raw)).toEqual({ ok: true, iso: null });
  });

  it.each(['yesterday', '2024/13/45 99:00:00', '2023-02-30', '13:00 PM 1/1/2020', '1/2/2020 13:00 PM', '45123'])('"%s" is invalid', (raw) => {
    expect(parseDate(raw)).toEqual({ ok: false });
  });
});

describe('parseBoolean: localized spellings Excel leaves behind', () => {
  it.each(['TRUE', 'True', 'true', 'VRAI', 'WAHR', 'VERDADEIRO', 'yes', '1'])('%s is true', (v) => expect(parseBoolean(v)).toBe(true));
  it.each(['FALSE', 'False', 'FAUX', 'FALSCH', 'FALSO', 'no', '0'])('%s is false', (v) => expect(parseBoolean(v)).toBe(false));
  it.each(['', 'Maybe', 'Development'])('%s is neither', (v) => expect(parseBoolean(v)).toBeNull());
});

describe('cells', () => {
  it('removes the quote injection defences add, keeps leading zeros and other text', () => {
    expect(cleanCell("'00042")).toBe('00042');
    expect(cleanCell("'=HYPERLINK(1)")).toBe('=HYPERLINK(1)');
    expect(cleanCell("'+4512345678")).toBe('+4512345678');
    expect(cleanCell(" O'Brien ")).toBe("O'Brien");
    expect(cleanCell("'quoted'")).toBe("'quoted'");
    expect(cleanCell(undefined)).toBe('');
  });

  it('splits M365 proxy addresses on + only where a new PREFIX: starts', () => {
    expect(splitProxyAddresses('SMTP:a.b@x.com+smtp:a+tag@x.com+SIP:a@x.com+smtp:c@x.com')).toEqual([
      { primary: true, address: 'a.b@x.com' },
      { primary: false, address: 'a+tag@x.com' },
      { primary: false, address: 'c@x.com' },
    ]);
    expect(splitProxyAddresses('')).toEqual([]);
    expect(splitProxyAddresses('["SMTP:a@x.com","smtp:b+c@x.com","X500:/o=x"]')).toEqual([
      { primary: true, address: 'a@x.com' },
      { primary: false, address: 'b+c@x.com' },
    ]);
  });
});

describe('header', () => {
  it('sniffs the delimiter counting outside quotes only', () => {
    expect(sniffDelimiter('"Doe, J";"Smith, K";x')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('a,b;c,d')).toBe(',');
    expect(sniffDelimiter('single')).toBe(',');
    expect(sniffDelimiter('a|b|c')).toBe('|');
  });

  it('suffixes duplicate names and names empty cells by position', () => {
    expect(dedupeHeader(['Department', 'department', 'Department (2)', ''])).toEqual({
      names: ['Department', 'department (3)', 'Department (2)', 'column 4'],
      duplicates: [{ index: 1, original: 'department', renamed: 'department (3)' }],
    });
  });

  it('skips sep=, version and #TYPE lines and title lines before the header', () => {
    const known = new Set(['email', 'status']);
    const text = 'sep=;\r\n#TYPE System.Object\r\nQuarterly report\r\n\r\nEmail;Status\r\na@x.com;Active\r\n';
    const loc = locateHeader(text, known);
    expect(loc).toMatchObject({ delimiter: ';', line: 'Email;Status', lineOffset: 4, preamble: ['sep=;', '#TYPE System.Object'] });
    expect(text.slice(loc?.skipChars)).toMatch(/^Email;Status/);
    expect(locateHeader('\n\n  \n', known)).toBeNull();
  });
});

describe('status vocabularies', () => {
  it('accepts Okta API values and console labels alike', () => {
    expect(mapStatus('okta', 'DEPROVISIONED')).toEqual(mapStatus('okta', 'Deactivated'));
    expect(mapStatus('okta', 'Pending User Action')).toEqual({ status: 'active', condition: 'pending_activation' });
    expect(mapStatus('okta', 'LOCKED_OUT')).toEqual({ status: 'active', condition: 'locked_out' });
    expect(mapStatus('okta', 'ON_LEAVE')).toBeNull();
  });
  it('maps OneLogin codes and labels', () => {
    expect(mapStatus('onelogin', '2')).toEqual({ status: 'suspended', condition: null });
    expect(mapStatus('onelogin', 'Awaiting password reset')).toEqual({ status: 'active', condition: 'password_reset' });
    expect(mapStatus('onelogin', '6')).toBeNull();
  });
});
