import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, cfg, keys, ownerOf, person, snap } from './helpers.js';

/**
 * An account address equal to an IdP address only after Unicode compatibility normalisation or case folding is not
 * the same person: the account stays unmatched (ORPHANED_ACCOUNT), its evidence marks the look-alike, and a
 * DATA_QUALITY lookalike_email finding names the pair. Plain case and NFC differences still match.
 */
describe('look-alike emails', () => {
  const ids = [
    person('kate@example.com'),
    person('fiona@example.com'),
    person('strasse@example.com'),
    person('kira@example.com'),
    person('jos\u00e9@example.com'),
    person('\u212Aen@example.com'),
  ];
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'd-kelvin', '\u212Aate@example.com'), // Kelvin sign, lower-cases to k
        acct('dixa', 'd-fullwidth', '\uff46iona@example.com'), // fullwidth f
        acct('dixa', 'd-ligature', '\ufb01ona@example.com'), // fi ligature
        acct('dixa', 'd-sharp-s', 'stra\u00dfe@example.com'),
        acct('dixa', 'd-dotless', 'k\u0131ra@example.com'), // dotless i
        acct('dixa', 'd-nfd', 'JOSE\u0301@Example.com'), // decomposed, upper case: same address
        acct('dixa', 'd-same-kelvin', '\u212Aen@EXAMPLE.com'), // written as the IdP writes it
        acct('dixa', 'd-ken', 'ken@example.com'), // the IdP has only the Kelvin form
      ],
    },
  });
  const r = audit({ snapshot: s, identities: ids, config: cfg() });

  it('does not match a look-alike; plain case and NFC differences, and the very same characters, still match', () => {
    for (const id of ['d-kelvin', 'd-fullwidth', 'd-ligature', 'd-sharp-s', 'd-dotless', 'd-ken']) expect(ownerOf(r, 'dixa', id).state).toBe('unmatched');
    expect(ownerOf(r, 'dixa', 'd-nfd')).toMatchObject({ state: 'matched', rule: 'primary_email' });
    expect(ownerOf(r, 'dixa', 'd-same-kelvin')).toMatchObject({ state: 'matched', rule: 'primary_email' });
  });

  it('raises one DATA_QUALITY lookalike_email finding per account naming the pair, and marks the orphan evidence', () => {
    const dq = byRule(r, 'DATA_QUALITY');
    expect(dq.map((f) => f.subject).sort()).toEqual(
      ['d-dotless', 'd-fullwidth', 'd-kelvin', 'd-ken', 'd-ligature', 'd-sharp-s'].map((id) => `dixa:${id}:lookalike_email`),
    );
    const kelvin = dq.find((f) => f.accountId === 'd-kelvin')!;
    expect(kelvin).toMatchObject({ vendor: 'dixa', accountEmail: '\u212Aate@example.com', identityEmail: 'kate@example.com', severity: 'low' });
    expect(kelvin.evidence['kind']).toBe('lookalike_email');
    expect(kelvin.evidence['pairs']).toEqual([
      { accountEmail: '\u212Aate@example.com', identityEmail: 'kate@example.com', identityId: ids[0]!.id, accountCodePoints: ['U+212A'], identityCodePoints: [] },
    ]);
    const orphan = byRule(r, 'ORPHANED_ACCOUNT').find((f) => f.accountId === 'd-kelvin')!;
    expect(orphan.evidence['owner']).toMatchObject({ state: 'unmatched', lookalikeEmails: [{ accountEmail: '\u212Aate@example.com', identityEmail: 'kate@example.com' }] });
    expect(keys(r)).not.toContain('DATA_QUALITY dixa:d-nfd:lookalike_email');
  });
});
