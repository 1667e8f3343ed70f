import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { getResponse, type RequestHandler } from 'msw';

/**
 * Socket-level faults a handler can ask for with a response header the adapter strips before sending.
 * msw alone cannot express them, and the collectors must meet them over real sockets.
 */
export const SIM_TRUNCATE_HEADER = 'x-sim-truncate-after-bytes';

/** One request as the simulator received it: what a test reads to prove which calls a command made. */
export interface SimRequestRecord {
  method: string;
  /** Path with query, an `apikey` parameter masked (the token never sits in a test's memory dump). */
  path: string;
  /** Arrival, ms since the epoch. */
  at: number;
  /** The body as sent (UTF-8 text, its first 64 KiB); undefined when the request had none. */
  body: string | undefined;
  /** The status answered; null while unanswered, or when the connection was reset without an answer. */
  status: number | null;
}

/** Bodies the log keeps: enough for any call the plan makes, bounded against a hostile client. */
const LOGGED_BODY_BYTES = 64 * 1024;
/** Request bodies the simulators read at most (`simulate` listens for curl too): larger ones get 413, unread. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export interface SimulatorServer {
  /** Base URL to give the client, e.g. http://127.0.0.1:43121 */
  url: string;
  port: number;
  server: Server;
  /** Prepend handlers for the rest of this server's life (msw's server.use). */
  use(...handlers: RequestHandler[]): void;
  /** Drop handlers added with use(). */
  resetHandlers(): void;
  /** Every request received, oldest first, rejected ones included. */
  requests: SimRequestRecord[];
  /**
   * The first request from index `since` of the log on (default 0) that `match` accepts: one already received, or the
   * next to arrive. Resolves on arrival, before the answer: a test can kill a client while its call is in flight.
   */
  waitForRequest(match: (r: SimRequestRecord) => boolean, since?: number): Promise<SimRequestRecord>;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** The vendor's production origin the handlers are written against, e.g. https://dev.dixa.io */
  origin: string;
  handlers: RequestHandler[];
  port?: number;
  host?: string;
}

/**
 * Serves msw request handlers on a real node:http server (DESIGN.md section 8): msw 2 cannot intercept the undici
 * package on Node 20, so the product's own client must talk to the simulator over real sockets.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<SimulatorServer> {
  const base = [...opts.handlers];
  let extra: RequestHandler[] = [];
  const requests: SimulatorServer['requests'] = [];
  const waiters = new Set<{ match: (r: SimRequestRecord) => boolean; resolve: (r: SimRequestRecord) => void }>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const record: SimRequestRecord = { method: req.method ?? 'GET', path: maskApiKey(req.url ?? '/'), at: Date.now(), body: undefined, status: null };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    handle(req, res, [...extra, ...base], opts.origin, record, () => {
      for (const w of waiters) {
        if (!w.match(record)) continue;
        waiters.delete(w);
        w.resolve(record);
      }
    }).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `simulator error: ${String(err)}` }));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Loopback only: simulators are never reachable from another machine.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    port,
    server,
    requests,
    waitForRequest: (match, since = 0) => {
      const seen = requests.slice(since).find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.add({ match, resolve }));
    },
    use: (...handlers) => {
      extra = [...handlers, ...extra];
    },
    resetHandlers: () => {
      extra = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function maskApiKey(path: string): string {
  return path.replace(/([?&]apikey=)[^&#]*/gi, '$1***');
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: RequestHandler[],
  origin: string,
  record: SimRequestRecord,
  received: () => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY_BYTES) {
      received();
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ message: `request body over ${MAX_REQUEST_BODY_BYTES} bytes` }));
      record.status = 413;
      req.socket.destroySoon();
      return;
    }
    chunks.push(chunk as Buffer);
  }
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  if (body) record.body = body.subarray(0, LOGGED_BODY_BYTES).toString('utf8');
  // Matchers may look at the body: they run once it is read.
  received();
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  const method = req.method ?? 'GET';
  const request = new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(body && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
  });
  const response = await getResponse(handlers, request);
  if (!response) {
    res.writeHead(501, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `no simulator route for ${method} ${req.url ?? '/'}` }));
    return;
  }
  if (response.type === 'error') {
    // HttpResponse.error(): a network error, i.e. the connection is reset.
    req.socket.destroy();
    return;
  }
  const truncateAfter = response.headers.get(SIM_TRUNCATE_HEADER);
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (key !== SIM_TRUNCATE_HEADER) outHeaders[key] = value;
  });
  res.writeHead(response.status, outHeaders);
  // A truncated answer never finishes: its status is still what the client saw.
  record.status = response.status;
  if (!response.body) {
    res.end();
    return;
  }
  if (truncateAfter !== null) {
    // Send part of the body, then drop the connection: a truncated response.
    const full = Buffer.from(await response.arrayBuffer());
    res.write(full.subarray(0, Number(truncateAfter)));
    res.flushHeaders();
    setImmediate(() => req.socket.destroy());
    return;
  }
  const stream = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
