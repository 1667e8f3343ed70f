import { request } from 'undici';

export interface JsonReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One real HTTP request with undici; the body read as text and parsed when it is JSON. */
export async function call(
  base: string,
  path: string,
  opts: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'; headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonReply> {
  const res = await request(new URL(path, base), {
    method: opts.method ?? 'GET',
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}
