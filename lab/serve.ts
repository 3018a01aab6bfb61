/**
 * Serves the built lab (lab/dist) on localhost and prints its address: `npm start`. A plain static file
 * server: the lab needs no special headers. PORT picks the port (default 5173; the next free one if taken).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export const LAB_DIST = fileURLToPath(new URL('./dist/', import.meta.url));

/** A server for `root`, answering 404 outside it or for a missing file. */
export function labServer(root = LAB_DIST): Server {
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(resolve(root)) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
}

/** Listens on `port` or, when it is taken, the next ones; resolves with the port in use. */
export function listen(server: Server, port: number, tries = 20): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && tries > 1) done(listen(server, port + 1, tries - 1));
      else fail(error);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(LAB_DIST, 'index.html'))) {
    console.error('lab/dist has no index.html: build the lab first (npm run build:lab)');
    process.exit(2);
  }
  const port = await listen(labServer(), Number(process.env.PORT ?? 5173));
  console.log(`downhill lab: http://127.0.0.1:${port}/`);
}
