import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a hostile Dixa-shaped server answers for one request; undefined falls back to a well-behaved empty answer. */
export type HostileRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | void;

export interface HostileServer {
  url: string;
  /** Request paths (with query) in arrival order. */
  paths: string[];
  close(): Promise<void>;
}

/** Answers a JSON body. */
export function json(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * A node:http server on 127.0.0.1 that speaks just enough Dixa (organization, agents, presence, teams, queues) for a
 * snapshot to run, and lets each test replace any answer with a hostile one. Real sockets: the product's own undici
 * client talks to it as to a vendor.
 */
export async function startHostileDixa(route: HostileRoute, opts: { prefix?: string } = {}): Promise<HostileServer> {
  const paths: string[] = [];
  const prefix = opts.prefix ?? '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    paths.push(`${url.pathname}${url.search}`);
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    if (route(req, res, url) === true) return;
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '(outside the prefix)';
    if (path === '/v1/organization') return json(res, { data: { id: 'org-1', name: 'Hostile Org' } });
    if (path === '/v1/agents/presence') return json(res, []);
    if (path === '/v1/agents' || path === '/v1/teams' || path === '/v1/queues') return json(res, { data: [] });
    if (/^\/v1\/(teams|queues)\/[^/]+\/(agents|members)$/.test(path)) return json(res, { data: [] });
    json(res, { message: 'Not Found' }, 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
