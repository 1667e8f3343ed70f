import { describe, expect, it } from 'vitest';
import { HttpFailure } from '../../src/http/failure.js';
import { dialpadPages } from '../../src/http/pages.js';

const opts = { resolve: (p: string) => new URL(p, 'https://dialpad.example').href, maxPages: 1000, label: 'Dialpad' };

async function drain(bodies: (n: number) => unknown): Promise<{ pages: number; error: unknown }> {
  let n = 0;
  let pages = 0;
  try {
    for await (const _page of dialpadPages(async () => bodies(n++), '/api/v2/users', {}, opts)) pages += 1;
    return { pages, error: null };
  } catch (error) {
    return { pages, error };
  }
}

describe('Dialpad pages: loops by items and malformed cursors', () => {
  it('fresh cursors over the same users end at the first repeated page', async () => {
    const r = await drain((n) => ({ items: [{ id: '1' }, { id: '2' }], cursor: `c${n}` }));
    expect(r.pages).toBe(1);
    expect(r.error).toBeInstanceOf(HttpFailure);
    expect((r.error as HttpFailure).message).toMatch(/page 2 repeats the items of page 1/);
  });

  it('a page whose ids were all listed before (in another order, other fields) is a loop too', async () => {
    const r = await drain((n) => ({ items: n === 0 ? [{ id: '1', v: 0 }, { id: '2', v: 0 }] : [{ id: '2', v: n }, { id: '1', v: n }], cursor: `c${n}` }));
    expect((r.error as HttpFailure).message).toMatch(/page 2 repeats items already listed on earlier pages/);
  });

  it('a cursor that is not a string is malformed, not the end of the listing', async () => {
    const r = await drain(() => ({ items: [{ id: '1' }], cursor: { next: 'x' } }));
    expect(r.pages).toBe(1);
    expect((r.error as HttpFailure).kind).toBe('pagination');
    expect((r.error as HttpFailure).message).toMatch(/malformed cursor \{"next":"x"\} \(not a string\)/);
  });

  it('distinct pages still read to the end', async () => {
    const r = await drain((n) => ({ items: [{ id: `u${n}` }], ...(n < 4 ? { cursor: `c${n}` } : {}) }));
    expect(r).toEqual({ pages: 5, error: null });
  });
});
