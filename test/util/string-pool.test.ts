import { describe, expect, it } from 'vitest';
import { StringPool } from '../../src/util/string-pool.js';

describe('StringPool', () => {
  it('gives back an equal text, keeps one entry per distinct text, and stops growing at its bound', () => {
    const pool = new StringPool(3);
    expect(['ACTIVE', 'ACTIVE', 'SUSPENDED', 'ACTIVE'].map((s) => pool.share(s))).toEqual(['ACTIVE', 'ACTIVE', 'SUSPENDED', 'ACTIVE']);
    expect(pool.size).toBe(2);
    for (let i = 0; i < 10; i++) expect(pool.share(`value ${i}`)).toBe(`value ${i}`);
    expect(pool.size).toBe(3);
    expect(pool.shareOrNull(null)).toBeNull();
    expect(pool.shareOrNull('ACTIVE')).toBe('ACTIVE');
  });
});
