// Serves OpenAPI documents with Stoplight Prism's own mock server (the packages `prism mock` is built from), several
// modes from one process: the CLI needs a process per document and per seed, each loading Prism and dereferencing
// the document again (about 10 s apiece on a loaded machine), so the conformance test would take minutes.
// Usage: node prism-serve.mjs '<json: [{name, document, dynamic, seed}]>'; prints one JSON line {name: baseUrl}
// once every server listens; exits when its stdin closes (the test process is gone) or on SIGTERM.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
const { createServer } = require('@stoplight/prism-http-server');
const { createLogger } = require('@stoplight/prism-core');

const servers = [];
async function main() {
  const specs = JSON.parse(process.argv[2] ?? '[]');
  const operationsOf = new Map();
  const logger = createLogger('CONFORMANCE', { level: 'error' });
  const urls = {};
  for (const spec of specs) {
    if (!operationsOf.has(spec.document)) operationsOf.set(spec.document, await getHttpOperationsFromSpec(spec.document));
    // The same configuration `prism mock` builds (prism-cli util/createServer.js).
    const server = createServer(operationsOf.get(spec.document), {
      cors: false,
      config: {
        validateRequest: true,
        validateResponse: true,
        checkSecurity: true,
        errors: false,
        upstreamProxy: undefined,
        isProxy: false,
        mock: { dynamic: spec.dynamic, ignoreExamples: false, seed: spec.seed ?? null },
      },
      components: { logger },
    });
    servers.push(server);
    urls[spec.name] = await server.listen(0, '127.0.0.1');
  }
  process.stdout.write(`${JSON.stringify(urls)}\n`);
}

function stop() {
  for (const s of servers) s.close().catch(() => undefined);
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
main().catch((err) => {
  process.stderr.write(`prism-serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
