// End-to-end live reload: open a page served by `puente serve` in headless Chromium, edit the
// Markdown file on disk, and wait for the page to show the new text without any reload from
// this script (the page's own live-reload script must do it).
//
// usage: node reload.mjs --url URL --file PATH --from TEXT --to TEXT
// Exit 0 when the new text appeared, 1 when it did not within 20 s, 3 when Chromium is missing.

import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) {
    process.stderr.write(`reload.mjs: missing --${name}\n`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

const url = arg('url');
const file = arg('file');
const from = arg('from');
const to = arg('to');
const executablePath = process.env.PUENTE_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  process.stderr.write(`reload.mjs: Chromium not found at ${executablePath}\n`);
  process.exit(3);
}
const { chromium } = require('playwright-core');
const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
let ok = false;
try {
  const page = await browser.newPage();
  let navigations = 0;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations += 1; });
  await page.goto(url, { waitUntil: 'load' });
  const before = await page.textContent('body');
  if (!before.includes(from)) throw new Error(`the page does not show "${from}" before the edit`);
  // Give the live-reload script a moment to connect before the edit.
  await page.waitForTimeout(300);
  const source = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, source.replace(from, to));
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    try {
      const text = await page.textContent('body', { timeout: 1000 });
      if (text.includes(to)) { ok = true; break; }
    } catch { /* the page is reloading */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(JSON.stringify({ ok, navigations, ms: Date.now() - started }) + '\n');
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
