import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { badInput } from '../errors.js';
import { describeZodIssue } from '../config/load.js';
import type { DialpadState } from '../vendors/dialpad/simulator/state.js';
import type { DixaState } from '../vendors/dixa/simulator/state.js';
import { readJsonFile } from '../util/json-file.js';
import { JsonReadError } from '../util/json-split.js';
import { DEMO_FILES } from './constants.js';

/** The part of demo.json a demo run needs. */
export const DemoMetaFile = z.looseObject({
  generatorVersion: z.string(),
  seed: z.number().int(),
  people: z.number().int().positive(),
  asOf: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO date-time'),
  idpFormat: z.string(),
});
export type DemoMetaFile = z.infer<typeof DemoMetaFile>;

const DixaStateFile = z.looseObject({
  organization: z.looseObject({ id: z.string(), name: z.string() }),
  agents: z.array(z.looseObject({ id: z.string(), email: z.string() })),
  presence: z.array(z.looseObject({ userId: z.string() })),
  teams: z.array(z.looseObject({ id: z.string(), name: z.string(), memberIds: z.array(z.string()) })),
  queues: z.array(z.looseObject({ queue: z.looseObject({ id: z.string(), name: z.string() }), members: z.array(z.looseObject({ agentId: z.string() })) })),
  endUsers: z.array(z.looseObject({ id: z.string() })),
});
const DialpadStateFile = z.looseObject({
  company: z.looseObject({ id: z.string(), name: z.string() }),
  users: z.array(z.looseObject({ id: z.string() })),
  offices: z.array(z.looseObject({ id: z.string() })),
  availableLicenses: z.record(z.string(), z.looseObject({})),
  callcenters: z.array(z.looseObject({ id: z.string() })),
  operators: z.record(z.string(), z.looseObject({ userIds: z.array(z.string()), roomIds: z.array(z.string()) })),
  numbers: z.array(z.looseObject({ number: z.string(), status: z.string() })),
});

export interface DemoFixture {
  dir: string;
  meta: DemoMetaFile;
  dixa: DixaState;
  dialpad: DialpadState;
  /** Absolute paths of the inputs a demo run passes to the audit. */
  paths: { idpUsers: string; assignments: string; config: string; exceptions: string; answerKey: string };
}

/**
 * The committed demo folder (`fixtures/<name>`) of this installation, found by walking up from this module to the
 * package root: the same code runs from src/demo (tsx) and from dist/src/demo (the built CLI, which ships fixtures/demo).
 */
export function demoFixtureDir(name: 'demo' | 'demo-alt' = 'demo'): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures', name, DEMO_FILES.meta))) return join(dir, 'fixtures', name);
    const parent = dirname(dir);
    if (parent === dir) throw badInput(`demo organisation fixtures/${name} not found beside the installed package`);
    dir = parent;
  }
}

/** A demo file, streamed (every top-level array record by record: a million-person state is past V8's longest string). */
async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await readJsonFile(path, { arrays: [['*']] });
  } catch (err) {
    if (err instanceof JsonReadError) throw badInput(`demo file ${path}: ${err.kind === 'malformed' ? err.message : `cannot be read: ${err.message}`}`);
    throw badInput(`demo file ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badInput(describeZodIssue(`demo file ${path}`, parsed.error));
  return parsed.data;
}

/** Loads a demo folder written by writeOrg: meta, both simulator states (checked at the top level) and input paths. */
export async function loadDemoFixture(dir: string): Promise<DemoFixture> {
  const abs = resolve(dir);
  const meta = await readJson(join(abs, DEMO_FILES.meta), DemoMetaFile);
  // The looser file schemas check what a simulator indexes on; the full shapes are the generator's contract.
  const dixa = (await readJson(join(abs, DEMO_FILES.dixaState), DixaStateFile)) as unknown as DixaState;
  const dialpad = (await readJson(join(abs, DEMO_FILES.dialpadState), DialpadStateFile)) as unknown as DialpadState;
  return {
    dir: abs,
    meta,
    dixa,
    dialpad,
    paths: {
      idpUsers: join(abs, DEMO_FILES.idpUsers),
      assignments: join(abs, DEMO_FILES.assignments),
      config: join(abs, DEMO_FILES.config),
      exceptions: join(abs, DEMO_FILES.exceptions),
      answerKey: join(abs, DEMO_FILES.answerKey),
    },
  };
}
