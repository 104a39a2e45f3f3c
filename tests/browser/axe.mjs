#!/usr/bin/env node
// Accessibility + hygiene check of a built site in headless Chromium.
//
//   node axe.mjs --dir OUT --port P --paths /en/,/es/ [--screenshots SHOTDIR]
//
// Serves OUT on http://127.0.0.1:P/, opens every path at a desktop (1280x900)
// and a phone (375x812, isMobile) viewport, and for each page records:
//   - axe-core violations (WCAG 2.0/2.1/2.2 A + AA rules),
//   - requests to any host other than 127.0.0.1:P (they are blocked, not sent),
//   - same-host responses >= 400 and failed same-host requests (broken assets),
//   - uncaught page errors and console errors.
// Prints ONE JSON object on stdout ({"results":[...]}) and a readable summary
// on stderr. Exit codes: 0 all clean, 1 problems found, 2 harness failure,
// 3 Chromium or node_modules missing.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serveDir } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false },
  { name: 'phone', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
];

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const NAV_TIMEOUT_MS = 30_000;

function usage(msg) {
  if (msg) process.stderr.write(`axe.mjs: ${msg}\n`);
  process.stderr.write(
    'usage: node axe.mjs --dir OUT --port P --paths /en/,/es/,... [--screenshots SHOTDIR]\n',
  );
  process.exit(2);
}

function missing(msg) {
  process.stderr.write(`axe.mjs: ${msg}\n`);
  process.exit(3);
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = a.match(/^--(dir|port|paths|screenshots)(?:=(.*))?$/);
    if (!m) usage(`unknown argument: ${a}`);
    let v = m[2];
    if (v === undefined) {
      v = argv[++i];
      if (v === undefined) usage(`missing value for --${m[1]}`);
    }
    opts[m[1]] = v;
  }
  if (!opts.dir) usage('--dir is required');
  if (!opts.port) usage('--port is required');
  if (!opts.paths) usage('--paths is required');
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) usage(`bad --port: ${opts.port}`);
  const paths = opts.paths
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length === 0) usage('--paths is empty');
  for (const p of paths) if (!p.startsWith('/')) usage(`path must start with '/': ${p}`);
  return { dir: path.resolve(opts.dir), port, paths, screenshots: opts.screenshots };
}

function findChromium() {
  const candidates = [];
  if (process.env.PUENTE_CHROMIUM) candidates.push(process.env.PUENTE_CHROMIUM);
  candidates.push('/usr/bin/chromium');
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    candidates.push(path.join(dir, 'chromium'), path.join(dir, 'chromium-browser'));
  }
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch {
      /* try next */
    }
  }
  return null;
}

// '/en/' -> 'en-home', '/' -> 'home', '/en/news/' -> 'en-news',
// '/en/about.html' -> 'en-about'.
export function shotName(urlPath, viewportName) {
  const segs = urlPath.split(/[?#]/)[0].split('/').filter(Boolean);
  if (segs.length) segs[segs.length - 1] = segs[segs.length - 1].replace(/\.html?$/i, '');
  if (urlPath.endsWith('/') && segs.length <= 1) segs.push('home');
  if (segs.length === 0) segs.push('home');
  const base = segs
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base || 'page'}-${viewportName}.png`;
}

function targetToString(t) {
  // axe targets are selectors, or arrays of selectors for shadow DOM / iframes.
  return Array.isArray(t) ? t.map(targetToString).join(' >>> ') : String(t);
}

async function checkPage(browser, origin, urlPath, vp, axeSource, screenshots) {
  const result = {
    path: urlPath,
    viewport: vp.name,
    violations: [],
    externalRequests: [],
    failedRequests: [],
    errors: [],
  };
  const context = await browser.newContext({
    viewport: vp.viewport,
    isMobile: vp.isMobile,
    hasTouch: vp.hasTouch,
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
  });
  // Lists are de-duplicated: Chromium may retry a blocked request.
  const add = (list, item) => {
    if (!list.includes(item)) list.push(item);
  };
  const badStatusUrls = new Set();
  const isLocal = (u) => {
    try {
      const url = new URL(u);
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
      return url.origin === origin;
    } catch {
      return false;
    }
  };
  // Never let a page reach the outside world: record and abort.
  await context.route('**/*', (route) => {
    if (isLocal(route.request().url())) return route.continue();
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  page.on('request', (req) => {
    if (!isLocal(req.url())) add(result.externalRequests, req.url());
  });
  page.on('response', (res) => {
    if (isLocal(res.url()) && res.status() >= 400) {
      badStatusUrls.add(res.url());
      add(result.failedRequests, `${res.status()} ${res.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // A >= 400 response is already recorded above (Chromium then also aborts it).
    if (isLocal(req.url()) && !req.url().startsWith('data:') && !badStatusUrls.has(req.url())) {
      add(result.failedRequests, `${req.failure()?.errorText || 'failed'} ${req.url()}`);
    }
  });
  page.on('pageerror', (err) => {
    add(result.errors, `pageerror: ${err && err.message ? err.message : String(err)}`);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // "Failed to load resource" repeats what the request lists above already say.
    if (msg.text().startsWith('Failed to load resource:')) return;
    const loc = msg.location();
    const where = loc && loc.url ? ` (${loc.url}${loc.lineNumber ? ':' + loc.lineNumber : ''})` : '';
    add(result.errors, `console.error: ${msg.text()}${where}`);
  });

  try {
    await page.goto(origin + urlPath, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    // Let late assets (lazy images, fonts) settle; never fail on this alone.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    await page.addScriptTag({ content: axeSource });
    const axeResults = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      AXE_TAGS,
    );
    result.violations = axeResults.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => targetToString(n.target)),
    }));
    if (screenshots) {
      await page.screenshot({
        path: path.join(screenshots, shotName(urlPath, vp.name)),
        fullPage: true,
      });
    }
  } catch (err) {
    add(result.errors, `harness: ${err && err.message ? err.message.split('\n')[0] : String(err)}`);
  } finally {
    await context.close().catch(() => {});
  }
  return result;
}

function isClean(r) {
  return (
    r.violations.length === 0 &&
    r.externalRequests.length === 0 &&
    r.failedRequests.length === 0 &&
    r.errors.length === 0
  );
}

function summarize(results) {
  const lines = [];
  for (const r of results) {
    const label = `${r.path} [${r.viewport}]`;
    if (isClean(r)) {
      lines.push(`ok    ${label}`);
      continue;
    }
    lines.push(`FAIL  ${label}`);
    for (const v of r.violations) {
      lines.push(`        axe ${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes.slice(0, 5)) lines.push(`            at ${n}`);
      if (v.nodes.length > 5) lines.push(`            ... and ${v.nodes.length - 5} more`);
    }
    for (const u of r.externalRequests) lines.push(`        external request: ${u}`);
    for (const f of r.failedRequests) lines.push(`        failed request: ${f}`);
    for (const e of r.errors) lines.push(`        error: ${e}`);
  }
  const bad = results.filter((r) => !isClean(r)).length;
  lines.push(`axe: ${results.length - bad} clean, ${bad} with problems (of ${results.length} page views)`);
  return lines.join('\n') + '\n';
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    missing(
      `cannot load playwright-core (${err.code || err.message}); ` +
        `run 'npm ci --prefix tests/browser' (looked in ${path.join(HERE, 'node_modules')})`,
    );
  }
  let axeSource;
  try {
    axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  } catch (err) {
    missing(`cannot load axe-core (${err.code || err.message}); run 'npm ci --prefix tests/browser'`);
  }
  const executablePath = findChromium();
  if (!executablePath) {
    missing(
      "Chromium not found (looked for $PUENTE_CHROMIUM, /usr/bin/chromium, chromium on PATH); " +
        "install it with 'apt-get install -y chromium'",
    );
  }
  if (!fs.existsSync(opts.dir) || !fs.statSync(opts.dir).isDirectory()) {
    usage(`--dir is not a directory: ${opts.dir}`);
  }
  if (opts.screenshots) fs.mkdirSync(opts.screenshots, { recursive: true });

  const origin = `http://127.0.0.1:${opts.port}`;
  const server = await serveDir(opts.dir, opts.port);
  let browser;
  const results = [];
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    for (const p of opts.paths) {
      for (const vp of VIEWPORTS) {
        results.push(await checkPage(browser, origin, p, vp, axeSource, opts.screenshots));
      }
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((r) => server.close(() => r()));
  }

  process.stdout.write(JSON.stringify({ results }, null, 2) + '\n');
  process.stderr.write(summarize(results));
  return results.every(isClean) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`axe.mjs: harness failure: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
