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

/** Notes in `page` when files are chosen in its upload input, for [`uploadPhases`]. */
export async function watchPhases(page) {
  await page.evaluate(() => {
    window.__chosen = undefined;
    document.querySelector('[data-testid=upload]').addEventListener('change', () => {
      window.__chosen = performance.now();
    }, { capture: true });
  });
}

/** The milliseconds of each phase of the upload just timed in `page` (after
 * [`watchPhases`] and [`timeUpload`]), from the page's own marks in the performance
 * timeline (rappel:reading, checking, computing: made when the work enters each phase;
 * the status line shows a phase only at the next pause between slices, up to a slice
 * later): the files handed to the page (until the core reads the first table), the
 * tables read, the checks (with the bank statements' matching, when there are some, and
 * the portfolio's indexing until the KPIs start), the KPIs until the tiles show (now).
 * A phase not marked (a build without the marks) is undefined. */
export async function uploadPhases(page) {
  return page.evaluate(() => {
    const at = { chosen: window.__chosen, shown: performance.now() };
    for (const m of performance.getEntriesByType('mark')) {
      const phase = m.name.replace(/^rappel:/, '');
      if (phase !== m.name && m.startTime >= at.chosen && !(phase in at)) at[phase] = m.startTime;
    }
    const span = (a, b) => (at[a] !== undefined && at[b] !== undefined ? Math.round(at[b] - at[a]) : undefined);
    return { files: span('chosen', 'reading'), read: span('reading', 'checking'), checks: span('checking', 'computing'), kpis: span('computing', 'shown') };
  });
}

/** The median of each phase of `runs` (each from [`uploadPhases`]); '-' for a phase
 * never marked. */
export function medianPhases(runs) {
  return Object.fromEntries(['files', 'read', 'checks', 'kpis'].map((k) => {
    const ms = runs.map((r) => r[k]).filter((x) => x !== undefined);
    return [k, ms.length ? median(ms) : '-'];
  }));
}

/** The KPI tiles' test ids, each with its key in `rappel kpis`'s JSON. */
export const TILES = { 'kpi-dso': 'dso', 'kpi-cei': 'cei', 'kpi-bad-debt': 'bad_debt_ratio', 'kpi-overdue': 'overdue_percent', 'kpi-overdue-60': 'overdue_60_percent' };

/** The five values `page` shows, parsed from its number format (`decimalComma`: nl/fr),
 * once the tiles show the KPIs of the data and period on the page (they are computed a
 * slice at a time); `null` for a tile showing "—". */
export async function shownTiles(page, decimalComma = false) {
  await page.waitForSelector('[data-testid=tiles][data-ready=true]', { timeout: 60_000 });
  const out = {};
  for (const id of Object.keys(TILES)) {
    const text = (await page.locator(`[data-testid=${id}] .value`).innerText()).trim();
    const plain = decimalComma ? text.replaceAll('.', '').replace(',', '.') : text.replaceAll(',', '');
    out[id] = text === '—' ? null : plain;
  }
  return out;
}

/** The five values of `rappel kpis`'s JSON (`json`), keyed as [`shownTiles`] keys them. */
export function tilesOf(json) {
  return Object.fromEntries(Object.entries(TILES).map(([id, key]) => [id, json[key]]));
}
