import { ExceptionsFile } from '../src/audit/exceptions.js';

/** `count` exceptions scoped to bench accounts and identities (half expired), so suppression is exercised. */
export function exceptionsOf(count: number): ExceptionsFile {
  const list = [];
  for (let i = 0; i < count; i++) {
    list.push(
      i % 2 === 0
        ? { id: `EX-${i}`, kind: 'accepted-risk', scope: { identityEmail: `user${i * 101}@example.com` }, rules: ['*'], reason: 'bench', approver: 'bench', ...(i % 4 === 0 ? { expires: '2025-01-01' } : {}) }
        : { id: `EX-${i}`, kind: 'service', scope: { vendor: 'dixa', email: `contractor${i}@agency.net` }, rules: ['ORPHANED_ACCOUNT'], reason: 'bench', approver: 'bench' },
    );
  }
  return ExceptionsFile.parse({ exceptions: list });
}
