// Shared by the browser tests and the benchmark: web/dist served on 127.0.0.1, and
// Debian chromium started headless with the flags this machine needs (playwright gives
// it a fresh --user-data-dir of its own).
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { join, extname, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
// The dashboard build served: web/dist, or another build to compare with it
// (`trunk build --release --dist /tmp/other`, then RAPPEL_DIST=/tmp/other).
export const DIST = process.env.RAPPEL_DIST ?? join(ROOT, 'web/dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves `dist` (web/dist unless said) on a free port of 127.0.0.1; resolves to
 * { server, base }. */
export async function serveDist(dist = DIST) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = join(dist, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/** Debian chromium, headless, no network but 127.0.0.1. */
export function launchChromium(extra = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...extra,
  });
}

/** The middle value of `xs` (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The bundle files of folder `dir` (the CSV tables, CODA and XML files; bank-truth.csv,
 * the generator's answer key, is none of them), sorted, as paths. */
export async function bundleFiles(dir) {
  return (await readdir(dir)).filter((f) => /\.(csv|cod|xml)$/.test(f) && f !== 'bank-truth.csv')
    .sort().map((f) => join(dir, f));
}

/** Chooses `files` in `page`'s upload input; resolves to the milliseconds until the tiles
 * show them (every file read, the status line empty, the tiles ready). */
export async function timeUpload(page, files) {
  const t0 = Date.now();
  await page.setInputFiles('[data-testid=upload]', files);
  await page.waitForFunction((n) => document.querySelector('[data-testid=source]').textContent.includes(`(${n})`) &&
    document.querySelector('[data-testid=status]').textContent === '' &&
    document.querySelector('[data-testid=tiles]').dataset.ready === 'true', files.length, { timeout: 300_000 });
  return Date.now() - t0;
}
