import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { sampleDialpadState, sampleDixaState } from '../simulator/sample-state.js';
import { collect, DIALPAD_TOKEN, DIXA_TOKEN, expectNoSecrets } from './helpers.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Sample company with a desktop-only user whose app registered long ago and a user with no device at all. */
function state() {
  const s = sampleDialpadState(120);
  const devices = s.devices ?? [];
  const deskOnly = s.users[1]?.id ?? '';
  const noDevice = s.users[2]?.id ?? '';
  s.devices = devices.filter((d) => !(d.user_id === deskOnly && d.type === 'iphone') && d.user_id !== noDevice);
  const desk = s.devices.find((d) => d.user_id === deskOnly);
  if (desk) desk.date_registered = '2023-03-01T08:00:00';
  return { s, deskOnly, noDevice };
}

describe('Dialpad device registrations as an activity signal', () => {
  it('lists every device of the company in cursor pages without user_id, and derives each user\'s last use; the manifest names the signals', async () => {
    const { s, deskOnly, noDevice } = state();
    const dialpad = await startDialpadSimulator(s, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    const dixa = await startDixaSimulator(sampleDixaState(6), { tokens: [DIXA_TOKEN], rateLimit: false });
    running.push(dialpad, dixa);
    const result = await collect({ vendors: ['dixa', 'dialpad'], baseUrls: { dialpad: dialpad.url, dixa: dixa.url } });
    const p = result.snapshot.vendors.dialpad;
    if (!p?.complete) throw new Error(p?.incompleteReasons.join('\n') ?? 'dialpad missing');
    const listing = p.listings.find((l) => l.name === 'devices');
    expect(listing?.items).toBe(s.devices?.length);
    // The simulator's default page is 25 devices: one request per page, none per user.
    expect(listing?.pages).toBe(Math.ceil((s.devices?.length ?? 0) / 25));
    expect(listing?.requests).toBe(listing?.pages);
    const log = JSON.parse(readFileSync(join(result.dir, 'raw/dialpad/requests.json'), 'utf8')) as Array<{ url: string }>;
    expect(log.filter((e) => e.url.includes('/userdevices')).every((e) => !e.url.includes('user_id='))).toBe(true);

    const manifest = JSON.parse(readFileSync(join(result.dir, 'manifest.json'), 'utf8')) as { vendors: Record<string, { activitySignals?: string[] }> };
    expect(manifest.vendors.dialpad?.activitySignals).toEqual(['users.date_first_login', 'userdevices.date_registered']);
    expect(manifest.vendors.dixa?.activitySignals).toEqual(['presence.lastSeen']);

    const byId = new Map(p.accounts.map((a) => [a.id, a]));
    expect(byId.get(deskOnly)?.activity).toMatchObject({ state: 'used', lastUsedAt: '2023-03-01T08:00:00', signal: 'userdevices.date_registered' });
    expect(byId.get(noDevice)?.activity).toMatchObject({ state: 'unknown', note: expect.stringContaining('no registered device') });
    // Users with a phone (blank date_registered) beside the desktop app: unknown, never inactive.
    const withPhone = s.users[4]?.id ?? '';
    expect(byId.get(withPhone)?.activity).toMatchObject({ state: 'unknown', note: expect.stringContaining('iphone') });
    // Never signed in (no date_first_login): `never`, counted from date_added.
    const never = s.users.find((u) => !u.date_first_login);
    expect(byId.get(never?.id ?? '')?.activity).toMatchObject({ state: 'never', signal: 'users.date_first_login', since: never?.date_added });
    const agent = result.snapshot.vendors.dixa?.accounts.find((a) => a.status === 'active');
    expect(agent?.activity).toMatchObject({ state: 'used', signal: 'presence.lastSeen', lastUsedAt: agent?.lastSeen });
    expectNoSecrets(result.dir, result.failures);
  });

  it('a key refused the company-wide listing: a caveat, the snapshot stays complete, the device signal is not used', async () => {
    const { s, deskOnly } = state();
    const dialpad = await startDialpadSimulator(s, { tokens: [DIALPAD_TOKEN], rateLimit: false, faults: [{ kind: 'server-error', status: 403, path: '/api/v2/userdevices', times: 100 }] });
    running.push(dialpad);
    const result = await collect({ vendors: ['dialpad'], baseUrls: { dialpad: dialpad.url } });
    const p = result.snapshot.vendors.dialpad;
    expect(p?.complete).toBe(true);
    expect(p?.listings.find((l) => l.name === 'devices')?.reason).toMatch(/403.*not used as an activity signal/);
    expect(p?.activitySignals).toEqual(['users.date_first_login']);
    expect(p?.accounts.find((a) => a.id === deskOnly)?.activity).toMatchObject({ state: 'unknown', note: expect.stringContaining('not read') });
  });

  it('a device listing that breaks off part-way makes the snapshot incomplete and drops every device (half a list could hide the latest use)', async () => {
    const { s, deskOnly } = state();
    const dialpad = await startDialpadSimulator(s, { tokens: [DIALPAD_TOKEN], rateLimit: false, faults: [{ kind: 'server-error', status: 503, path: '/api/v2/userdevices', afterRequests: 1, times: 100 }] });
    running.push(dialpad);
    const result = await collect({ vendors: ['dialpad'], baseUrls: { dialpad: dialpad.url } });
    const p = result.snapshot.vendors.dialpad;
    expect(p?.complete).toBe(false);
    expect(p?.incompleteReasons.join('\n')).toMatch(/devices/);
    expect(p?.activitySignals).toEqual(['users.date_first_login']);
    expect(p?.accounts.find((a) => a.id === deskOnly)?.activity?.state).toBe('unknown');
  });
});
