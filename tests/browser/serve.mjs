// Tiny static file server for browser tests (node:http only, no dependencies).
//
//   import { serveDir } from './serve.mjs';
//   const server = await serveDir('/path/to/public', 8080); // listens on 127.0.0.1
//   ...
//   server.close();
//
// `/x/` maps to `x/index.html`, unknown paths get a 404 (with the site's
// /404.html as body when it exists), and paths escaping `dir` are rejected.

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

async function isFile(p) {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p) {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Resolve a URL pathname to a file inside `root`.
 * Returns { file } on success, { status } otherwise.
 */
export async function resolveRequest(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };
  // Resolve against the root and make sure we stay inside it.
  const target = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (target !== root && !target.startsWith(root + path.sep)) return { status: 403 };

  if (decoded.endsWith('/')) {
    const index = path.join(target, 'index.html');
    return (await isFile(index)) ? { file: index } : { status: 404 };
  }
  if (await isFile(target)) return { file: target };
  // `/x` where x is a directory: redirect to `/x/` like most static hosts.
  if (await isDir(target) && (await isFile(path.join(target, 'index.html')))) {
    return { redirect: urlPath + '/' };
  }
  return { status: 404 };
}

/**
 * Serve `dir` on http://127.0.0.1:`port`/. Resolves with the listening
 * http.Server once it accepts connections.
 */
export async function serveDir(dir, port) {
  const root = path.resolve(dir);
  if (!(await isDir(root))) throw new Error(`serveDir: not a directory: ${root}`);
  const notFoundPage = path.join(root, '404.html');

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' });
        res.end();
        return;
      }
      const urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
      const r = await resolveRequest(root, urlPath);
      if (r.redirect) {
        res.writeHead(301, { Location: r.redirect });
        res.end();
        return;
      }
      if (r.file) {
        const body = await fs.readFile(r.file);
        res.writeHead(200, {
          'Content-Type': contentType(r.file),
          'Content-Length': body.length,
          'Cache-Control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      if (r.status === 404 && (await isFile(notFoundPage))) {
        const body = await fs.readFile(notFoundPage);
        res.writeHead(404, { 'Content-Type': CONTENT_TYPES['.html'], 'Content-Length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      const text = `${r.status} ${http.STATUS_CODES[r.status] || ''}\n`;
      res.writeHead(r.status, { 'Content-Type': CONTENT_TYPES['.txt'] });
      res.end(req.method === 'HEAD' ? undefined : text);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': CONTENT_TYPES['.txt'] });
      res.end(`500 ${err && err.message}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
