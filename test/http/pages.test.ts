import { describe, expect, it } from 'vitest';
import { HttpFailure } from '../../src/http/failure.js';
import { dialpadPages, dixaPages, type Page } from '../../src/http/pages.js';

const BASE = 'https://dev.dixa.io';
const resolve = (link: string): string => {
  const u = new URL(link, BASE);
  if (u.origin !== BASE) throw new Error(`other origin ${u.origin}`);
  return u.href;
};

/** A request function over a fixed map of URL -> body: what the iterator asked for, in order. */
function server(pages: Record<string, unknown>) {
  const asked: string[] = [];
  const get = async (url: string): Promise<unknown> => {
    asked.push(url);
    if (!(url in pages)) throw new Error(`unexpected ${url}`);
    return pages[url];
  };
  return { get, asked };
}

async function all(it: AsyncGenerator<Page>): Promise<Page[]> {
  const out: Page[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('dixaPages', () => {
  it('follows root-relative and absolute next links until absent', async () => {
    const s = server({
      [`${BASE}/v1/agents?pageLimit=2`]: { data: [1, 2], meta: { next: '/v1/agents?pageKey=A' } },
      [`${BASE}/v1/agents?pageKey=A`]: { data: [3, 4], meta: { previous: '/v1/agents?pageLimit=2', next: `${BASE}/v1/agents?pageKey=B` } },
      [`${BASE}/v1/agents?pageKey=B`]: { data: [5], meta: {} },
    });
    const pages = await all(dixaPages(s.get, '/v1/agents?pageLimit=2', { resolve, maxPages: 10, label: 'Dixa' }));
    expect(pages.flatMap((p) => p.items)).toEqual([1, 2, 3, 4, 5]);
    expect(s.asked).toHaveLength(3);
  });

  it("accepts the seed's nextPageToken, sent back as pageKey", async () => {
    const s = server({
      [`${BASE}/v1/agents`]: { data: [1], nextPageToken: 'T1' },
      [`${BASE}/v1/agents?pageKey=T1`]: { data: [2] },
    });
    const pages = await all(dixaPages(s.get, '/v1/agents', { resolve, maxPages: 10, label: 'Dixa' }));
    expect(pages.flatMap((p) => p.items)).toEqual([1, 2]);
  });

  it('ends with an error when a next link repeats, instead of looping', async () => {
    const s = server({
      [`${BASE}/v1/agents`]: { data: [1], meta: { next: '/v1/agents?pageKey=A' } },
      [`${BASE}/v1/agents?pageKey=A`]: { data: [2], meta: { next: '/v1/agents?pageKey=A' } },
    });
    const err = await all(dixaPages(s.get, '/v1/agents', { resolve, maxPages: 10, label: 'Dixa' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect((err as HttpFailure).kind).toBe('pagination');
    expect((err as Error).message).toMatch(/repeats an earlier page/);
    expect(s.asked).toHaveLength(2);
  });

  it('ends with an error past the page bound', async () => {
    let n = 0;
    const get = async (): Promise<unknown> => ({ data: [n], meta: { next: `/v1/agents?pageKey=${++n}` } });
    const err = await all(dixaPages(get, '/v1/agents', { resolve, maxPages: 5, label: 'Dixa' })).catch((e: unknown) => e);
    expect((err as HttpFailure).kind).toBe('pagination');
    expect(n).toBe(5);
  });

  it('refuses a next link to another origin and a body without data', async () => {
    const s = server({ [`${BASE}/v1/agents`]: { data: [1], meta: { next: 'https://evil.example/v1/agents?pageKey=A' } } });
    await expect(all(dixaPages(s.get, '/v1/agents', { resolve, maxPages: 5, label: 'Dixa' }))).rejects.toThrow(/other origin/);
    const t = server({ [`${BASE}/v1/agents`]: { items: [] } });
    await expect(all(dixaPages(t.get, '/v1/agents', { resolve, maxPages: 5, label: 'Dixa' }))).rejects.toThrow(/no "data" array/);
  });
});

describe('dialpadPages', () => {
  const DP = 'https://dialpad.com';
  const dpResolve = (link: string): string => new URL(link, DP).href;

  it('follows cursor, sends limit <= 100 and the params', async () => {
    const s = server({
      [`${DP}/api/v2/users?state=all&limit=100`]: { items: [1, 2], cursor: 'c1' },
      [`${DP}/api/v2/users?state=all&limit=100&cursor=c1`]: { items: [3], cursor: null },
    });
    const pages = await all(dialpadPages(s.get, '/api/v2/users', { state: 'all' }, { resolve: dpResolve, maxPages: 10, label: 'Dialpad', limit: 500 }));
    expect(pages.flatMap((p) => p.items)).toEqual([1, 2, 3]);
  });

  it('treats a missing items array as empty and ends on a repeated cursor', async () => {
    const s = server({
      [`${DP}/api/v2/numbers`]: { cursor: 'x' },
      [`${DP}/api/v2/numbers?cursor=x`]: { items: [1], cursor: 'x' },
    });
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const p of dialpadPages(s.get, '/api/v2/numbers', {}, { resolve: dpResolve, maxPages: 10, label: 'Dialpad' })) seen.push(...p.items);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1]);
    expect((err as HttpFailure).kind).toBe('pagination');
  });
});
