/**
 * Hostile and malformed files for every JSON/XLSX loader a user hands us: the config, the exceptions file and the
 * reviewer's decisions workbook. Contract (brief "Bad input"): a parsed value, or an AuditError with exit code 3 whose
 * message is ONE line naming the file (and, for a schema error, where in it); never another exception, never a
 * polluted prototype.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadExceptions } from '../../src/audit/exceptions.js';
import { loadConfig } from '../../src/config/load.js';
import { Config } from '../../src/config/schema.js';
import { AuditError } from '../../src/errors.js';
import { DECISION_COLUMNS, FINDINGS_SHEET, readDecisions } from '../../src/plan/decisions.js';
import { tempDir } from '../helpers/pipeline.js';

const dir = tempDir('aa-harden-loaders-');
let n = 0;
function fileWith(content: string | Uint8Array, ext = 'json'): string {
  const path = join(dir, `case-${n++}.${ext}`);
  writeFileSync(path, content);
  return path;
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: AuditError };

/** Runs a loader; anything thrown that is not an AuditError fails the property. */
async function outcome(path: string, load: (p: string) => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await load(path) };
  } catch (err) {
    if (!(err instanceof AuditError)) throw new Error(`not an AuditError for ${path}: ${String(err)}`, { cause: err });
    return { ok: false, err };
  }
}

/** The shared contract of a bad-input error. */
function expectBadInputLine(err: AuditError, path: string): void {
  expect(err.exitCode).toBe(3);
  expect(err.line()).toContain(path);
  // One line: no line break of any kind, and no raw control character a terminal would act on.
  // eslint-disable-next-line no-control-regex
  expect(err.line()).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
}

function expectPrototypesClean(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
}

// Keys a config really has, at several depths, beside hostile and random ones, so random objects often get past the
// root and fail (or pass) deep inside the schema.
const REAL_KEYS = [
  'vendors', 'dixa', 'dialpad', 'baseUrl', 'rateLimit', 'perSecond', 'burst', 'pageLimit', 'concurrency', 'idp', 'format', 'mapping', 'email',
  'entitlements', 'apps', 'groups', 'correlation', 'domainAliases', 'stripPlusTags', 'thresholds', 'inviteMaxAgeDays', 'plan', 'severity',
  'ORPHANED_ACCOUNT', 'failOn', 'adminGroups', 'exceptionsFile', '$schema', 'exceptions', 'id', 'kind', 'scope', 'vendor', 'accountId',
  'identityEmail', 'rules', 'reason', 'approver', 'expires',
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a\nb', 'tab\there', 'nul\u0000key', '\u001b[31mred', 'x\u2028y', ''];
const key = fc.oneof(fc.constantFrom(...REAL_KEYS), fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 }));
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom('dixa', 'high', 'critical', 'auto', 'https://dev.dixa.io', '2025-02-30', '2025-01-31', '*', 'service', 'accepted-risk', 'a@b.co', 'nul\u0000', 'line\nbreak', '\u001b[2J'),
  fc.integer({ min: -5, max: 2000 }),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 5 })),
}));

/** JSON text in which `__proto__` stays an own key (JSON.stringify of an object literal would drop it). */
const withProtoKey = (inner: string): string => `{"__proto__": ${inner}, "constructor": {"prototype": {"polluted": true}}}`;

const LOADERS = {
  config: (p: string) => loadConfig(p),
  exceptions: (p: string) => loadExceptions(p),
} as const;

describe.each(Object.entries(LOADERS))('%s loader on hostile JSON', (name, load) => {
  it('random JSON values: a parsed value or one bad-input line naming the file and the JSON path', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (value) => {
        const path = fileWith(JSON.stringify(value));
        const r = await outcome(path, load);
        if (!r.ok) {
          expectBadInputLine(r.err, path);
          // Valid JSON that fails the schema: the message says where ($... for the config, a key path or (root) for exceptions).
          if (name === 'config') expect(r.err.message).toMatch(/: \$/);
          else expect(r.err.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`));
        } else if (name === 'config') {
          Config.parse(r.value);
        }
        expectPrototypesClean();
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes and truncated JSON: bad input, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 60 }).map((s) => `{"exceptions": [${s}`)), async (bytes) => {
        const path = fileWith(bytes);
        const r = await outcome(path, load);
        if (!r.ok) expectBadInputLine(r.err, path);
      }),
      { numRuns: 200 },
    );
  });

  it('prototype keys, NUL bytes, deep nesting and huge strings', async () => {
    const cases: Array<[string, string]> = [
      ['__proto__ at the root', withProtoKey('{"polluted": true}')],
      ['__proto__ inside a record', '{"correlation": {"domainAliases": {"__proto__": "example.com"}}, "severity": {"__proto__": "low"}}'],
      ['__proto__ inside exceptions', '{"exceptions": [{"__proto__": {"isAdmin": true}, "id": "E1"}]}'],
      ['NUL in a key and a value', '{"adminGroups": ["a\\u0000b"], "nul\\u0000": 1}'],
      ['a raw NUL byte in the text', '{"adminGroups": ["a\u0000b"]}'],
      ['a line break inside an unknown key', '{"vendors": {"dixa": {"rate\\nLimit": 1}}}'],
      ['a line break inside a record key', '{"correlation": {"domainAliases": {"old\\nco.com": 5}}}'],
      ['a line break right where JSON breaks', '{\n"a":\n  nope\n}'],
      ['deep nesting', '['.repeat(50_000) + ']'.repeat(50_000)],
      ['deep nesting under a real key', `{"severity": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
      ['deep nesting in an object', `{"exceptions": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`],
      ['a 5 MB string', JSON.stringify({ exceptionsFile: 'x'.repeat(5_000_000), exceptions: [{ id: 'y'.repeat(1_000_000) }] })],
      ['a 1 MB unknown key', `{"${'k'.repeat(1_000_000)}": 1}`],
      ['a 1 MB unknown key beside valid content', `{"exceptions": [], "adminGroups": [], "${'k'.repeat(1_000_000)}": 1}`],
      ['a 1 MB unknown key inside an entry', `{"exceptions": [{"id": "E", "kind": "service", "scope": {"identityEmail": "a@b.co"}, "rules": ["*"], "reason": "r", "approver": "a", "${'k'.repeat(1_000_000)}": 1}]}`],
      ['a lone surrogate', '{"adminGroups": ["\\ud800"], "exceptions": "\\udfff"}'],
      ['empty file', ''],
      ['only a BOM', '\uFEFF'],
      ['null', 'null'],
      ['a bare string', '"config"'],
    ];
    for (const [label, text] of cases) {
      const path = fileWith(text);
      const r = await outcome(path, load);
      if (!r.ok) {
        expectBadInputLine(r.err, path);
        // The message names the problem without echoing megabytes of the file back at the user.
        expect(r.err.line().length, label).toBeLessThan(2_000);
      }
      expectPrototypesClean();
    }
  });
});

describe('config loader: what a prototype key turns into', () => {
  it('a "__proto__" domain alias is an ordinary alias, or refused; never the object prototype', async () => {
    const path = fileWith('{"correlation": {"domainAliases": {"__proto__": "example.com", "oldco.com": "example.com"}}}');
    const r = await outcome(path, loadConfig);
    if (r.ok) {
      const aliases = (r.value as Config).correlation.domainAliases;
      expect(Object.getPrototypeOf(aliases)).toBe(Object.prototype);
      expect(aliases['oldco.com']).toBe('example.com');
    } else {
      expectBadInputLine(r.err, path);
    }
    expectPrototypesClean();
  });
});

describe('decisions workbook reader on hostile workbooks', () => {
  type CellSpec = ExcelJS.CellValue;
  const cellValue: fc.Arbitrary<CellSpec> = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('=cmd|\' /C calc\'!A0', '+1+1', '@SUM(1)', 'Revoke', 'keep', 'EXCEPTION', '\u0000', 'a\nb'),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: false }),
    fc.constant({ formula: 'HYPERLINK("http://x","y")', result: 'y' } as CellSpec),
    fc.constant({ formula: '1/0', result: { error: '#DIV/0!' } } as CellSpec),
    fc.constant({ error: '#N/A' } as CellSpec),
    fc.constant({ richText: [{ text: 'Re' }, { text: 'voke', font: { bold: true } }] } as CellSpec),
    fc.constant({ text: 'click', hyperlink: 'javascript:alert(1)' } as CellSpec),
  );

  it('any cell types under the right headers: rows of strings, or one bad-input line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cellValue, { minLength: 5, maxLength: 5 }), { maxLength: 6 }), fc.boolean(), async (rows, shuffleHeader) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet(FINDINGS_SHEET);
        ws.addRow(shuffleHeader ? [...DECISION_COLUMNS].reverse() : [...DECISION_COLUMNS]);
        for (const row of rows) ws.addRow(row);
        const path = fileWith(new Uint8Array(await wb.xlsx.writeBuffer()), 'xlsx');
        const r = await outcome(path, readDecisions);
        if (!r.ok) {
          expectBadInputLine(r.err, path);
          return;
        }
        const read = r.value as Awaited<ReturnType<typeof readDecisions>>;
        for (const d of read.rows) {
          for (const v of [d.findingId, d.rawDecision, d.reviewer, d.justification]) expect(typeof v).toBe('string');
          expect(d.date === null || typeof d.date === 'string').toBe(true);
          expect([null, 'Keep', 'Revoke', 'Exception']).toContain(d.decision);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('random bytes, a zip that is not a workbook, headers missing: bad input naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const path = fileWith(bytes, 'xlsx');
        const r = await outcome(path, readDecisions);
        expect(r.ok).toBe(false);
        if (!r.ok) expectBadInputLine(r.err, path);
      }),
      { numRuns: 60 },
    );
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Findings\nx').addRow(['Finding ID']);
    const path = fileWith(new Uint8Array(await wb.xlsx.writeBuffer()), 'xlsx');
    const r = await outcome(path, readDecisions);
    expect(r.ok).toBe(false);
    if (!r.ok) expectBadInputLine(r.err, path);
  });
});

describe('IdP reader: a huge header cell', () => {
  it('the message quotes the header cut short, on one line', async () => {
    const { readIdpFile } = await import('../../src/idp/read.js');
    for (const [content, opts] of [
      [`${'x'.repeat(1_000_000)},b\n1,2\n`, {}],
      [`${'y'.repeat(1_000_000)},Status\n1,2\n`, { format: 'okta-rockstar-users' as const }],
    ] as const) {
      const path = fileWith(content, 'csv');
      const r = await outcome(path, (p) => readIdpFile(p, opts));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expectBadInputLine(r.err, path);
        expect(r.err.line().length).toBeLessThan(2_000);
      }
    }
  });
});
