import { describe, expect, it } from 'vitest';
import { acct, audit, cfg, exceptionsOf, idpFile, ownerOf, person, snap } from './helpers.js';
import { buildIdentityIndex, correlateAccount, matchOptionsFrom } from '../../src/audit/correlate.js';

describe('correlation: each account gets exactly one owner state', () => {
  it('primary_email: the account primary equals an identity primary', () => {
    const r = audit({ snapshot: snap({ dixa: { accounts: [acct('dixa', 'a1', 'ann@example.com')] } }), identities: [person('ann@example.com')] });
    expect(ownerOf(r, 'dixa', 'a1')).toEqual({ state: 'matched', identityId: '00uann@example.com', rule: 'primary_email', key: 'ann@example.com' });
  });

  it('primary beats alias: a primary match wins over another identity holding the address as an alias', () => {
    const owner = person('ann@example.com', { id: 'owner' });
    const aliasHolder = person('other@example.com', { id: 'alias', emails: ['other@example.com', 'ann@example.com'] });
    const r = audit({ snapshot: snap({ dixa: { accounts: [acct('dixa', 'a1', 'ann@example.com')] } }), identities: [aliasHolder, owner] });
    expect(ownerOf(r, 'dixa', 'a1')).toMatchObject({ state: 'matched', identityId: 'owner', rule: 'primary_email' });
  });

  it('any_email: Dixa additionalEmails against IdP secondary emails, login and smtp: proxy addresses', () => {
    const ids = [
      person('p1@example.com', { id: 'sec', emails: ['p1@example.com', 'p1.alt@example.com'] }),
      person('p2@example.com', { id: 'login', login: 'p2.login@example.com' }),
      person('p3@example.com', { id: 'proxy', emails: ['p3@example.com', 'SMTP:p3.proxy@example.com', 'x500:/o=ExchangeLabs/cn=p3'] }),
    ];
    const accounts = [
      acct('dixa', 'a1', 'nobody@elsewhere.com', { emails: ['nobody@elsewhere.com', 'p1.alt@example.com'] }),
      acct('dialpad', 'u2', 'p2.login@example.com'),
      acct('dialpad', 'u3', 'p3.proxy@example.com'),
    ];
    const r = audit({ snapshot: snap({ dixa: { accounts: [accounts[0]!] }, dialpad: { accounts: accounts.slice(1) } }), identities: ids });
    expect(ownerOf(r, 'dixa', 'a1')).toEqual({ state: 'matched', identityId: 'sec', rule: 'any_email', key: 'p1.alt@example.com' });
    expect(ownerOf(r, 'dialpad', 'u2')).toMatchObject({ state: 'matched', identityId: 'login', rule: 'any_email' });
    expect(ownerOf(r, 'dialpad', 'u3')).toMatchObject({ state: 'matched', identityId: 'proxy', rule: 'any_email', key: 'p3.proxy@example.com' });
  });

  it('two distinct candidates are ambiguous, with the candidates listed; never a guess', () => {
    const a = person('a@example.com', { id: 'A', emails: ['a@example.com', 'support@example.com'] });
    const b = person('b@example.com', { id: 'B', emails: ['b@example.com', 'support@example.com'] });
    const r = audit({ snapshot: snap({ dixa: { accounts: [acct('dixa', 'x', 'support@example.com')] } }), identities: [b, a] });
    expect(ownerOf(r, 'dixa', 'x')).toEqual({ state: 'ambiguous', candidates: ['A', 'B'], key: 'support@example.com' });
  });

  it('two identities with the same primary email are ambiguous at the primary_email rule', () => {
    const r = audit({
      snapshot: snap({ dixa: { accounts: [acct('dixa', 'x', 'dup@example.com')] } }),
      identities: [person('dup@example.com', { id: 'D1' }), person('DUP@example.com', { id: 'D2' })],
    });
    expect(ownerOf(r, 'dixa', 'x')).toEqual({ state: 'ambiguous', candidates: ['D1', 'D2'], key: 'dup@example.com' });
  });

  it('domain_alias: an acquired domain matches the current one, only when configured', () => {
    const ids = [person('carl@example.com', { id: 'carl' })];
    const s = snap({ dialpad: { accounts: [acct('dialpad', 'u1', 'Carl@OldCo.io')] } });
    expect(ownerOf(audit({ snapshot: s, identities: ids }), 'dialpad', 'u1').state).toBe('unmatched');
    const r = audit({ snapshot: s, identities: ids, config: cfg({ correlation: { domainAliases: { 'OLDCO.io': 'example.com' } } }) });
    expect(ownerOf(r, 'dialpad', 'u1')).toEqual({ state: 'matched', identityId: 'carl', rule: 'domain_alias', key: 'carl@example.com' });
  });

  it('domain_alias also rewrites the identity side (an IdP alias on the acquired domain)', () => {
    const ids = [person('dora@example.com', { id: 'dora', emails: ['dora@example.com', 'd.ora@oldco.io'] })];
    const s = snap({ dialpad: { accounts: [acct('dialpad', 'u1', 'd.ora@example.com')] } });
    const r = audit({ snapshot: s, identities: ids, config: cfg({ correlation: { domainAliases: { 'oldco.io': 'example.com' } } }) });
    expect(ownerOf(r, 'dialpad', 'u1')).toMatchObject({ state: 'matched', identityId: 'dora', rule: 'domain_alias' });
  });

  it('an exact match wins over a domain-alias match', () => {
    const ids = [person('eve@example.com', { id: 'new' }), person('eve@oldco.io', { id: 'old' })];
    const s = snap({ dixa: { accounts: [acct('dixa', 'a1', 'eve@oldco.io')] } });
    const r = audit({ snapshot: s, identities: ids, config: cfg({ correlation: { domainAliases: { 'oldco.io': 'example.com' } } }) });
    expect(ownerOf(r, 'dixa', 'a1')).toMatchObject({ state: 'matched', identityId: 'old', rule: 'primary_email' });
  });

  it('normalises trim, case and Unicode NFC', () => {
    const composed = 'jos\u00e9@example.com';
    const decomposed = ' JOSE\u0301@Example.COM ';
    const r = audit({ snapshot: snap({ dixa: { accounts: [acct('dixa', 'a1', decomposed)] } }), identities: [person(composed, { id: 'jose' })] });
    expect(ownerOf(r, 'dixa', 'a1')).toMatchObject({ state: 'matched', identityId: 'jose', rule: 'primary_email' });
  });

  it('+tags and dots are not stripped unless configured', () => {
    const ids = [person('fay@example.com', { id: 'fay' })];
    const s = snap({ dixa: { accounts: [acct('dixa', 'a1', 'fay+dixa@example.com'), acct('dixa', 'a2', 'f.ay@example.com')] } });
    const plain = audit({ snapshot: s, identities: ids });
    expect(ownerOf(plain, 'dixa', 'a1').state).toBe('unmatched');
    expect(ownerOf(plain, 'dixa', 'a2').state).toBe('unmatched');
    const r = audit({ snapshot: s, identities: ids, config: cfg({ correlation: { stripPlusTags: true, stripDots: true } }) });
    expect(ownerOf(r, 'dixa', 'a1')).toMatchObject({ state: 'matched', identityId: 'fay' });
    // Both accounts now belong to fay: two live accounts.
    expect(r.findings.filter((f) => f.rule === 'DUPLICATE_ACCOUNT').map((f) => f.accountId)).toEqual(expect.arrayContaining(['a1', 'a2']));
  });

  it('display-name equality is only a suggestion on an unmatched account', () => {
    const ids = [person('gina.ray@example.com', { id: 'gina', displayName: 'Gina Ray' })];
    const r = audit({ snapshot: snap({ dixa: { accounts: [acct('dixa', 'a1', 'gina@personal.net', { displayName: 'gina  RAY' })] } }), identities: ids });
    expect(ownerOf(r, 'dixa', 'a1')).toEqual({ state: 'unmatched', suggestions: ['gina'] });
    expect(r.findings.find((f) => f.rule === 'ORPHANED_ACCOUNT')?.evidence['owner']).toEqual({ state: 'unmatched', nameSuggestions: ['gina'] });
  });

  it('identities of every status are considered (a deprovisioned owner is still the owner)', () => {
    const r = audit({
      snapshot: snap({ dixa: { accounts: [acct('dixa', 'a1', 'left@example.com')] } }),
      identities: [person('left@example.com', { status: 'deprovisioned', rawStatus: 'DEPROVISIONED' })],
    });
    expect(ownerOf(r, 'dixa', 'a1').state).toBe('matched');
  });

  it('a service/shared/break-glass exception makes the account excluded; accepted-risk does not', () => {
    const s = snap({ dixa: { accounts: [acct('dixa', 'svc', 'bot@example.com'), acct('dixa', 'risk', 'r@example.com')] } });
    const exceptions = exceptionsOf([
      { id: 'EX-1', kind: 'service', scope: { vendor: 'dixa', email: 'BOT@example.com' }, rules: ['ORPHANED_ACCOUNT'], reason: 'integration', approver: 'ciso' },
      { id: 'EX-2', kind: 'accepted-risk', scope: { vendor: 'dixa', accountId: 'risk' }, rules: ['*'], reason: 'r', approver: 'ciso' },
    ]);
    const r = audit({ snapshot: s, identities: [person('r@example.com')], exceptions });
    expect(ownerOf(r, 'dixa', 'svc')).toEqual({ state: 'excluded', exceptionId: 'EX-1', reason: 'service: integration' });
    expect(ownerOf(r, 'dixa', 'risk').state).toBe('matched');
  });

  it('uses indexes: identities with no email still correlate nothing and do not crash', () => {
    const opts = matchOptionsFrom(cfg());
    const index = buildIdentityIndex([person(null, { id: 'noemail', displayName: '' })], opts);
    const owner = correlateAccount(acct('dixa', 'a', 'z@example.com'), index, opts, null);
    expect(owner.owner).toEqual({ state: 'unmatched', suggestions: [] });
  });

  it('every account of the snapshot appears once in correlations', () => {
    const s = snap({ dixa: { accounts: [acct('dixa', 'b', 'b@x.com'), acct('dixa', 'a', 'a@x.com'), acct('dixa', 'a', 'a@x.com')] }, dialpad: { accounts: [acct('dialpad', '1', 'a@x.com')] } });
    const r = audit({ snapshot: s, idp: idpFile([person('a@x.com')]) });
    expect(r.correlations.map((c) => `${c.vendor}:${c.accountId}:${c.owner.state}`)).toEqual(['dixa:a:matched', 'dixa:b:unmatched', 'dialpad:1:matched']);
  });
});

describe('correlation configuration', () => {
  it('a configured immutable id finds nothing (neither vendor carries one) and email rules still decide', () => {
    const r = audit({ snapshot: snap({ dixa: { accounts: [acct('dixa', 'E123', 'ann@example.com')] } }), identities: [person('ann@example.com', { id: 'ann', employeeId: 'E123' })], config: cfg({ correlation: { immutableId: 'employeeId' } }) });
    expect(ownerOf(r, 'dixa', 'E123')).toMatchObject({ state: 'matched', identityId: 'ann', rule: 'primary_email' });
  });

  it('an invalid entitlement regex is bad input (exit 3) naming the config key', () => {
    expect(() => audit({ snapshot: snap({}), config: cfg({ entitlements: { dixa: { apps: ['(dixa'] } } }) })).toThrow(/config entitlements\.dixa\.apps\[0\]: invalid regular expression/);
  });
});
