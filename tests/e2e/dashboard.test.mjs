// The dashboard in a real browser: Debian chromium driven by playwright-core, pages
// served on 127.0.0.1 from web/dist (built by `trunk build --release`). Screenshots of
// the main screens are saved under tests/e2e/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, serveDist, launchChromium } from './serve.mjs';

const SHOTS = join(import.meta.dirname, 'screenshots');
const RAPPEL = process.env.RAPPEL_BIN ?? join(ROOT, 'target/debug/rappel');

let server, base, browser, profile;
const requests = [];

before(async () => {
  ({ server, base } = await serveDist());
  base = base.replace(/\/$/, '');
  profile = await mkdtemp(join(tmpdir(), 'rappel-chromium-'));
  // playwright starts chromium with a fresh --user-data-dir of its own; the profile
  // folder below holds its downloads.
  browser = await launchChromium({ downloadsPath: profile });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** A fresh page that records console errors, page errors and every request. */
async function open(lang = 'en') {
  const context = await browser.newContext({ locale: lang, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !errors.includes(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  const started = Date.now();
  await page.goto(base + '/');
  await page.waitForSelector('[data-testid=tiles][data-ready=true]', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=tiles]').dataset.period !== '');
  return { page, context, errors, loadMs: Date.now() - started };
}

/** `rappel kpis` (on the demo unless `source` is given) for a period, as JSON. */
/** Uploads the files at `paths` into `page` with the CPU slowed down 4× (a slow laptop)
 *  and gives every frame painted until the page is done: the gap since the frame before,
 *  the file progress bars (value, max) and the status line. */
async function uploadSlowly(page, paths) {
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = () => {
      const t = performance.now();
      const bars = [...document.querySelectorAll('[data-testid=file-progress]')].map((b) => [b.value, b.max]);
      const status = document.querySelector('[data-testid=status]').textContent;
      window.__frames.push({ gap: t - last, bars, status });
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.setInputFiles('[data-testid=upload]', paths);
  await page.waitForFunction((n) => document.querySelector('[data-testid=source]').textContent.includes(`(${n})`) &&
    document.querySelector('[data-testid=status]').textContent === '', paths.length, { timeout: 180_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return page.evaluate(() => window.__frames);
}

function cli(from, to, source = ['--demo']) {
  return JSON.parse(execFileSync(RAPPEL, ['kpis', ...source, '--from', from, '--to', to], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

/** The rows of a downloaded CSV (BOM removed). */
function csvLines(file) {
  return file.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
}

const TILES = { 'kpi-dso': 'dso', 'kpi-cei': 'cei', 'kpi-bad-debt': 'bad_debt_ratio', 'kpi-overdue': 'overdue_percent', 'kpi-overdue-60': 'overdue_60_percent' };

/** The five displayed values, parsed from the page's number format, once the tiles show
 * the KPIs of the data and period on the page (they are computed a slice at a time). */
async function tiles(page, decimalComma) {
  await page.waitForSelector('[data-testid=tiles][data-ready=true]', { timeout: 60_000 });
  const out = {};
  for (const id of Object.keys(TILES)) {
    const text = (await page.locator(`[data-testid=${id}] .value`).innerText()).trim();
    const plain = decimalComma ? text.replaceAll('.', '').replace(',', '.') : text.replaceAll(',', '');
    out[id] = text === '—' ? null : plain;
  }
  return out;
}

function expected(json) {
  return Object.fromEntries(Object.entries(TILES).map(([id, key]) => [id, json[key]]));
}

test('the demo opens on the five KPI tiles, equal to `rappel kpis` on the same portfolio', async () => {
  const { page, context, errors, loadMs } = await open('en');
  assert.equal(await page.inputValue('[data-testid=period-from]'), '2026-06-01');
  assert.equal(await page.inputValue('[data-testid=period-to]'), '2026-06-30');
  const json = cli('2026-06-01', '2026-06-30');
  assert.deepEqual(await tiles(page, false), expected(json));
  // The DSO tile also gives the net figure (receivables less unapplied cash).
  const net = await page.locator('[data-testid=kpi-dso-net]').innerText();
  assert.equal(net, `${json.dso_net} days net of unapplied cash`);
  await page.screenshot({ path: join(SHOTS, 'overview-en.png'), fullPage: true });
  assert.deepEqual(errors, []);
  console.log(`navigation to KPI tiles: ${loadMs} ms`);
  await context.close();
});

test('a period change recomputes every tile', async () => {
  const { page, context, errors } = await open('en');
  await page.fill('[data-testid=period-from]', '2026-03-01');
  await page.fill('[data-testid=period-to]', '2026-05-31');
  await page.locator('[data-testid=period-to]').dispatchEvent('change');
  await page.locator('[data-testid=period-from]').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-testid=tiles]').dataset.period === '2026-03-01/2026-05-31');
  assert.deepEqual(await tiles(page, false), expected(cli('2026-03-01', '2026-05-31')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bigger demo is made in slices with a progress bar; the page keeps painting', async () => {
  const { page, context, errors } = await open('en');
  // Record every progress value shown and every animation frame painted while the
  // 250 k-invoice demo is made (a smaller one is made within a slice or two).
  await page.evaluate(() => {
    window.__progress = [];
    window.__frames = 0;
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid=progress]');
      if (p && p.hasAttribute('value')) window.__progress.push(Number(p.getAttribute('value')));
    }).observe(document.querySelector('[data-testid=status]'), { subtree: true, childList: true, attributes: true });
    const tick = () => { window.__frames += 1; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  // The CPU slowed down (as on a slow laptop) while the progress is photographed: on
  // this machine the whole load takes about half a second.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  await page.selectOption('[data-testid=demo-size]', '2');
  await page.waitForSelector('[data-testid=progress][value]', { timeout: 10_000 });
  await page.screenshot({ path: join(SHOTS, 'demo-progress.png') });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.waitForSelector('[data-testid=tiles][data-ready=true]', { timeout: 60_000 });
  const { progress, frames } = await page.evaluate(() => ({ progress: window.__progress, frames: window.__frames }));
  // The generation's progress is painted between slices of ~80 ms (how many depends on
  // the machine): seen part-way, only growing, never past the size asked for.
  const distinct = [...new Set(progress)];
  assert.ok(distinct.some((v) => v > 0 && v < 250000), `progress values seen: ${progress}`);
  assert.deepEqual(distinct, [...distinct].sort((a, b) => a - b), 'progress only grows');
  assert.ok(distinct.every((v) => v <= 250000), `progress values seen: ${progress}`);
  assert.ok(frames >= distinct.length, `${frames} frames painted for ${distinct.length} slices`);
  assert.equal(await page.locator('[data-testid=status]').innerText(), '');
  // The tiles are those of `rappel kpis` on the same generated portfolio.
  const dir = await mkdtemp(join(tmpdir(), 'rappel-250k-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '10000', '--invoices', '250000'], { stdio: 'ignore' });
  assert.deepEqual(await tiles(page, false), expected(cli('2026-06-01', '2026-06-30', ['--data', dir])));
  await rm(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the language switch translates, formats numbers and is remembered', async () => {
  const { page, context, errors } = await open('en');
  await page.selectOption('[data-testid=lang]', 'nl');
  await page.waitForFunction(() => document.querySelector('[data-testid=kpi-overdue] h2').textContent === 'Vervallen');
  const nl = await tiles(page, true);
  assert.deepEqual(nl, expected(cli('2026-06-01', '2026-06-30')));
  assert.match(await page.locator('[data-testid=kpi-dso] .value').innerText(), /^\d+,\d\d$/);
  await page.screenshot({ path: join(SHOTS, 'overview-nl.png'), fullPage: true });
  await page.reload();
  await page.waitForSelector('[data-testid=tiles][data-ready=true]');
  assert.equal(await page.inputValue('[data-testid=lang]'), 'nl');
  await page.selectOption('[data-testid=lang]', 'fr');
  await page.waitForFunction(() => document.querySelector('[data-testid=kpi-overdue] h2').textContent === 'Échu');
  await page.screenshot({ path: join(SHOTS, 'overview-fr.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the segment filter shows the segment values and a target is kept', async () => {
  const { page, context, errors } = await open('en');
  const segment = await page.locator('[data-testid=segment] option').nth(1).getAttribute('value');
  await page.selectOption('[data-testid=segment]', segment);
  const json = cli('2026-06-01', '2026-06-30');
  const seg = json.segments.find((s) => s.segment === segment);
  await page.waitForFunction(
    (v) => document.querySelector('[data-testid=kpi-dso] .value').textContent.replaceAll(',', '') === v,
    seg.dso,
  );
  assert.deepEqual(await tiles(page, false), expected(seg));
  await page.locator('[data-testid=kpi-dso] input').fill('1');
  await page.locator('[data-testid=kpi-dso] input').dispatchEvent('change');
  await page.reload();
  await page.waitForSelector('[data-testid=tiles][data-ready=true]');
  assert.equal(await page.locator('[data-testid=kpi-dso] input').inputValue(), '1');
  assert.equal(await page.locator('[data-testid=kpi-dso] label').getAttribute('class'), 'target missed');
  await page.screenshot({ path: join(SHOTS, 'segment-target.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('uploaded CSV files with bad rows: the import report lists them and the KPIs follow the data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-upload-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '150', '--invoices', '3000', '--seed', '5', '--end', '2026-04-30'], { stdio: 'ignore' });
  // Break two rows: an amount and a date.
  const inv = join(dir, 'invoices.csv');
  const lines = (await readFile(inv, 'utf8')).split('\n');
  lines[3] = lines[3].replace(/,(-?[0-9.]+),EUR/, ',ten,EUR');
  lines[5] = lines[5].replace(/,(20[0-9]{2}-[0-9]{2}-[0-9]{2}),/, ',2026-02-30,');
  await writeFile(inv, lines.join('\n'));
  const { page, context, errors } = await open('en');
  const names = ['customers.csv', 'invoices.csv', 'payments.csv', 'orders.csv', 'disputes.csv', 'write_offs.csv'];
  await page.setInputFiles('[data-testid=upload]', names.map((n) => join(dir, n)));
  await page.waitForSelector('[data-testid=import-report]');
  await page.waitForFunction(() => document.querySelector('[data-testid=source]').textContent.includes('(6)'));
  // The two broken invoices are refused, and so are the payments of those invoices
  // (they would point at nothing); every refusal is listed, the totals agree.
  const problems = await page.locator('[data-testid=import-problems] tbody tr.rejected').allInnerTexts();
  assert.equal(await page.locator('[data-testid=import-rejected]').innerText(), String(problems.length));
  const invoiceProblems = problems.filter((p) => p.startsWith('invoices.csv'));
  assert.equal(invoiceProblems.length, 2, problems.join('\n'));
  assert.match(invoiceProblems[0], /invoices\.csv\s+4\s+amount/);
  assert.match(invoiceProblems[1], /invoices\.csv\s+6\s+(issue_date|due_date)/);
  assert.ok(problems.filter((p) => p.startsWith('payments.csv')).every((p) => /does not exist/.test(p)), problems.join('\n'));
  const read = Number(await page.locator('[data-testid=import-read]').innerText());
  const accepted = Number(await page.locator('[data-testid=import-accepted]').innerText());
  assert.equal(read, accepted + problems.length);
  const from = await page.inputValue('[data-testid=period-from]');
  const to = await page.inputValue('[data-testid=period-to]');
  assert.equal(to, '2026-04-30');
  assert.deepEqual(await tiles(page, false), expected(cli(from, to, ['--data', dir])));
  const exported = csvLines(await download(page, 'export-import-problems-csv'));
  assert.equal(exported[0], 'file,line,column,severity,reason');
  assert.equal(exported.length - 1, await page.locator('[data-testid=import-problems] tbody tr').count());
  await page.locator('[data-testid=import-report]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'import-report.png'), fullPage: true });
  // A file that is not CSV at all never breaks the page.
  await writeFile(join(dir, 'customers.csv'), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x00]));
  await page.setInputFiles('[data-testid=upload]', [join(dir, 'customers.csv'), join(dir, 'invoices.csv')]);
  await page.waitForFunction(() => document.querySelector('[data-testid=notice]').textContent.length > 0);
  assert.match(await page.locator('[data-testid=notice]').innerText(), /Nothing usable/);
  assert.equal(await page.locator('[data-testid=tiles]').getAttribute('data-ready'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('a file with a problem on most rows: the page lists the first 1000 problems and says so, the export has them all', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-damaged-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '150', '--invoices', '3000', '--seed', '5', '--end', '2026-04-30'], { stdio: 'ignore' });
  // 2 500 invoices with an amount that is not a number: each refused, and the payments
  // of those invoices with them.
  const inv = join(dir, 'invoices.csv');
  const lines = (await readFile(inv, 'utf8')).split('\n');
  for (let k = 1; k <= 2500; k++) lines[k] = lines[k].replace(/,(-?[0-9.]+),EUR/, ',ten,EUR');
  await writeFile(inv, lines.join('\n'));
  const { page, context, errors } = await open('en');
  const names = ['customers.csv', 'invoices.csv', 'payments.csv'];
  await page.setInputFiles('[data-testid=upload]', names.map((n) => join(dir, n)));
  await page.waitForSelector('[data-testid=import-problems-shown]');
  const rejected = Number(await page.locator('[data-testid=import-rejected]').innerText());
  assert.ok(rejected > 2500, String(rejected));
  assert.equal(await page.locator('[data-testid=import-problems] tbody tr').count(), 1000);
  const exported = csvLines(await download(page, 'export-import-problems-csv'));
  assert.equal(await page.locator('[data-testid=import-problems-shown]').innerText(), `first 1000 / ${exported.length - 1}`);
  assert.equal(exported.filter((l) => /,Rejected,/.test(l)).length, rejected);
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('a chosen file the browser can no longer read is named, and nothing is loaded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-unreadable-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '40', '--invoices', '400', '--seed', '9', '--end', '2026-04-30'], { stdio: 'ignore' });
  const { page, context, errors } = await open('en');
  const shown = await tiles(page, false);
  const source = await page.locator('[data-testid=source]').innerText();
  // The files are chosen (in a spare input), then payments.csv changes on disk before
  // they are dropped on the page: the browser refuses to read a file changed since it
  // was chosen. Loading the rest would show every invoice unpaid.
  await page.evaluate(() => {
    const spare = Object.assign(document.createElement('input'), { type: 'file', multiple: true, id: 'spare' });
    document.body.append(spare);
  });
  const names = ['customers.csv', 'invoices.csv', 'payments.csv'];
  await page.setInputFiles('#spare', names.map((n) => join(dir, n)));
  await writeFile(join(dir, 'payments.csv'), (await readFile(join(dir, 'payments.csv'), 'utf8')) + '\n');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    for (const f of document.getElementById('spare').files) dt.items.add(f);
    document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('[data-testid=notice]').textContent.length > 0);
  assert.match(await page.locator('[data-testid=notice]').innerText(),
    /^payments\.csv: could not be read by the browser \(changed or removed since it was chosen\?\)\. Nothing was loaded; the previous data stays on screen\. Choose the files again\. \(.+\)$/);
  assert.equal(await page.locator('[data-testid=source]').innerText(), source);
  assert.deepEqual(await tiles(page, false), shown);
  await page.screenshot({ path: join(SHOTS, 'unreadable-file.png') });
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('files that need more memory than a page has: the reading stops and says so, the data shown stays, the page goes on', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-memory-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '400', '--invoices', '20000', '--seed', '9', '--end', '2026-05-31'], { stdio: 'ignore' });
  const paths = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort().map((n) => join(dir, n));
  const { page, context, errors } = await open('en');
  const shown = await tiles(page, false);
  // The page as if only 2 MB were left before its soft limit (20 000 invoices need about
  // 5 MB): 2.5 GB of CSV do the same to the page's own 4 GiB (BENCHMARKS.md).
  await page.evaluate(() => { window.rappelMemoryLimit = 2_000_000; });
  await page.setInputFiles('[data-testid=upload]', paths);
  await page.waitForFunction(() => document.querySelector('[data-testid=notice]').textContent.length > 0);
  assert.match(await page.locator('[data-testid=notice]').innerText(),
    /^customers\.csv, disputes\.csv, invoices\.csv, .*write_offs\.csv \(\d+ MB\) need more memory than a browser page can have \(4 GiB\): reading them stopped\. Nothing was loaded; the previous data stays on screen\. For a folder this large use the rappel command line \(no such limit\), or choose fewer years\.$/);
  await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent === '');
  assert.equal(await page.locator('[data-testid=source]').innerText(), 'Demo portfolio');
  assert.deepEqual(await tiles(page, false), shown);
  assert.equal(await page.locator('[data-testid=fatal]').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'too-large-upload.png') });
  // With the page's own limit the same files load: what was read before had been freed.
  await page.evaluate(() => { delete window.rappelMemoryLimit; });
  await page.setInputFiles('[data-testid=upload]', []);
  await page.setInputFiles('[data-testid=upload]', paths);
  await page.waitForFunction((n) => document.querySelector('[data-testid=source]').textContent.includes(`(${n})`) &&
    document.querySelector('[data-testid=tiles]').dataset.ready === 'true', paths.length, { timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=notice]').innerText(), '');
  const from = await page.inputValue('[data-testid=period-from]');
  const to = await page.inputValue('[data-testid=period-to]');
  assert.deepEqual(await tiles(page, false), expected(cli(from, to, ['--data', dir])));
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('an allocation that fails anyway ends in a readable message, not a dead page', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-memory-cap-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '400', '--invoices', '4000', '--seed', '9', '--end', '2026-05-31'], { stdio: 'ignore' });
  const paths = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort().map((n) => join(dir, n));
  const { page, context, errors } = await open('en');
  // Every allocation past 300 kB more than the page has when the upload starts fails,
  // below the soft limit, as one too large for the rest of the 4 GiB would: the module
  // stops at a trap (WebAssembly's `unreachable`).
  await page.evaluate(() => { window.rappelMemoryCap = 300_000; });
  await page.setInputFiles('[data-testid=upload]', paths);
  await page.waitForSelector('[data-testid=fatal]');
  assert.match(await page.locator('[data-testid=fatal]').innerText(),
    /^Rappel ran out of memory: a browser page can use at most 4 GiB, and the data it was working on needs more\. Your data stayed in this page and was sent nowhere\. Reload the page to go on; for data this large use the rappel command line, which has no such limit\.$/);
  assert.ok(errors.length > 0 && errors.every((e) => /RuntimeError: unreachable/.test(e)), JSON.stringify(errors));
  await page.screenshot({ path: join(SHOTS, 'out-of-memory.png') });
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('a large upload is read a slice at a time: a progress bar per file, the page painting, the tiles equal to the CLI', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-big-upload-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '4000', '--invoices', '80000', '--seed', '9', '--end', '2026-05-31'], { stdio: 'ignore' });
  const names = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort();
  const { page, context, errors } = await open('en');
  // Slowed down: on this machine 80 k invoices are read in about one 80 ms slice, and the
  // test is about what happens between slices.
  const frames = await uploadSlowly(page, names.map((n) => join(dir, n)));
  const withBars = frames.filter((f) => f.bars.length > 0);
  // One bar per file, and frames painted while a file was part read.
  assert.ok(withBars.every((f) => f.bars.length === names.length), JSON.stringify(withBars.slice(0, 3)));
  assert.ok(withBars.some((f) => f.bars.some(([v, m]) => v > 0 && v < m)), `${withBars.length} frames with bars`);
  const from = await page.inputValue('[data-testid=period-from]');
  const to = await page.inputValue('[data-testid=period-to]');
  assert.equal(to, '2026-05-31');
  assert.deepEqual(await tiles(page, false), expected(cli(from, to, ['--data', dir])));
  assert.equal(await page.locator('[data-testid=import-rejected]').innerText(), '0');
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('the IBM sample imports through the bundled column mapping', async () => {
  const { page, context, errors } = await open('en');
  const sample = join(ROOT, 'tests/data/ibm/WA_Fn-UseC_-Accounts-Receivable.csv');
  await page.setInputFiles('[data-testid=upload]', [sample]);
  await page.waitForSelector('[data-testid=mapping-step]');
  await page.click('[data-testid=mapping-bundled]');
  await page.waitForSelector('[data-testid=import-report]');
  await page.waitForFunction(() => document.querySelector('[data-testid=source]').textContent.includes('(1)'));
  assert.equal(await page.locator('[data-testid=import-rejected]').innerText(), '0');
  const from = await page.inputValue('[data-testid=period-from]');
  const to = await page.inputValue('[data-testid=period-to]');
  const json = cli(from, to, ['--data', join(ROOT, 'tests/data/ibm'), '--mapping', join(ROOT, 'examples/mappings/ibm-accounts-receivable.toml')]);
  assert.deepEqual(await tiles(page, false), expected(json));
  await page.screenshot({ path: join(SHOTS, 'ibm-sample.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Peppol UBL invoices import with the CSV files; a broken one is reported', async () => {
  const { page, context, errors } = await open('en');
  const dir = join(ROOT, 'tests/data/peppol/invoices');
  const xml = (await readdir(dir)).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f));
  const tmp = await mkdtemp(join(tmpdir(), 'rappel-ubl-'));
  const broken = join(tmp, 'broken.xml');
  await writeFile(broken, '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>');
  await page.setInputFiles('[data-testid=upload]', [...xml, broken]);
  await page.waitForSelector('[data-testid=import-report]');
  const problems = await page.locator('[data-testid=import-problems] tbody tr').allInnerTexts();
  assert.ok(problems.some((p) => p.startsWith('broken.xml')), problems.join('\n'));
  const files = await page.locator('[data-testid=import-report] table').first().locator('tbody tr').allInnerTexts();
  // Each e-invoice added is a source of its own in the per-file totals (read as table
  // rows, not written out as CSV first).
  assert.ok(files.some((f) => /^\S+\.xml\s+invoices\s/.test(f)), files.join('\n'));
  // The same documents through the CLI: import-ubl, then the import's summary lines.
  const out = join(tmp, 'cli');
  spawnSync(RAPPEL, ['import-ubl', ...xml, '--out', out]);
  const report = spawnSync(RAPPEL, ['kpis', '--data', out, '--from', '2017-01-01', '--to', '2017-12-31'], { encoding: 'utf8' }).stderr;
  const cliAccepted = [...report.matchAll(/: (\d+) accepted, (\d+) rejected/g)].reduce((a, m) => a + Number(m[1]), 0);
  const cliRejected = [...report.matchAll(/: (\d+) accepted, (\d+) rejected/g)].reduce((a, m) => a + Number(m[2]), 0);
  assert.equal(Number(await page.locator('[data-testid=import-accepted]').innerText()), cliAccepted);
  assert.equal(Number(await page.locator('[data-testid=import-rejected]').innerText()), cliRejected);
  // Duplicate numbers among the examples are refused, as the CLI refuses them.
  assert.ok(problems.some((p) => /already present/.test(p)), problems.join('\n'));
  await page.screenshot({ path: join(SHOTS, 'peppol-import.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
  await rm(tmp, { recursive: true, force: true });
});

test('an XML file nested 100 000 levels deep is reported, not a crash of the page', async () => {
  const { page, context, errors } = await open('en');
  const dir = join(ROOT, 'tests/data/peppol/invoices');
  const xml = (await readdir(dir)).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f));
  const tmp = await mkdtemp(join(tmpdir(), 'rappel-deep-'));
  const deep = join(tmp, 'deep.xml');
  await writeFile(deep, '<a>'.repeat(100000) + '</a>'.repeat(100000));
  await page.setInputFiles('[data-testid=upload]', [...xml, deep]);
  await page.waitForSelector('[data-testid=import-report]');
  const problems = await page.locator('[data-testid=import-problems] tbody tr').allInnerTexts();
  const line = problems.find((p) => p.startsWith('deep.xml')) ?? '';
  assert.match(line, /nested more than 256 levels deep/, problems.join('\n'));
  // The other documents were read and the page still answers.
  assert.ok(Number(await page.locator('[data-testid=import-accepted]').innerText()) > 0);
  assert.deepEqual(errors, []);
  await context.close();
  await rm(tmp, { recursive: true, force: true });
});

test('a Peppol Invoice Response (under query) opens a dispute on the uploaded invoice', async () => {
  const { page, context, errors } = await open('en');
  const tmp = await mkdtemp(join(tmpdir(), 'rappel-imr-'));
  await writeFile(join(tmp, 'customers.csv'), 'customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nC1,Buyer,retail,,5000,2017-01-01,en,false\n');
  await writeFile(join(tmp, 'invoices.csv'), 'invoice_id,customer_id,issue_date,due_date,amount,currency\ninv021,C1,2017-12-01,2017-12-31,1250.00,EUR\n');
  await writeFile(join(tmp, 'payments.csv'), 'payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n');
  const imr = join(ROOT, 'tests/data/peppol/invoice-responses/T111-uc006a-Under_query_missing_information.xml');
  await page.setInputFiles('[data-testid=upload]', ['customers.csv', 'invoices.csv', 'payments.csv'].map((f) => join(tmp, f)).concat([imr]));
  await page.waitForSelector('[data-testid=import-responses]');
  const row = await page.locator('[data-testid=import-responses] tbody tr').first().innerText();
  assert.match(row, /inv021\s+UQ/, row);
  // The dispute is on the invoice in the drill-down.
  await page.selectOption('[data-testid=segment]', 'retail');
  await page.locator('[data-testid=customers] tbody tr').first().click();
  const inv = await page.locator('[data-testid=invoices] tbody tr').first().innerText();
  assert.match(inv, /IMR-inv021/, inv);
  assert.deepEqual(errors, []);
  await context.close();
  await rm(tmp, { recursive: true, force: true });
});

test('drill-down: segment → customers → invoices with payments and dunning', async () => {
  const { page, context, errors } = await open('en');
  await page.locator('[data-testid=segment-table] tbody tr').filter({ hasText: 'industrial-D' }).click();
  await page.waitForSelector('[data-testid=customers] tbody tr');
  assert.equal(await page.inputValue('[data-testid=segment]'), 'industrial-D');
  const rows = page.locator('[data-testid=customers] tbody tr');
  assert.ok((await rows.count()) > 0);
  // Largest balance first, each with a risk class from the policy's risk model.
  const first = await rows.nth(0).locator('td').allInnerTexts();
  assert.ok(first[5].length > 0, `risk class in ${first}`);
  const customer = await rows.nth(0).getAttribute('data-key');
  await rows.nth(0).click();
  await page.waitForSelector('[data-testid=invoices] tbody tr');
  const statement = JSON.parse(execFileSync(RAPPEL, ['statement', '--demo', '--customer', customer, '--as-of', '2026-06-30'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  // Every open item of the statement is in the invoice table with the same balance.
  const table = await page.locator('[data-testid=invoices] tbody tr').allInnerTexts();
  for (const line of statement.lines) {
    const row = table.find((t) => t.startsWith(line.invoice_id));
    assert.ok(row, `${line.invoice_id} in the drill-down`);
    const amount = Number(line.balance).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    assert.ok(row.includes(amount), `${row} has ${amount}`);
  }
  const custCsv = csvLines(await download(page, 'export-customers-csv'));
  assert.match(custCsv[0], /^customer_id,name,segment,balance,overdue/);
  assert.ok(custCsv[1].startsWith(`${customer},`), custCsv[1]);
  const invCsv = csvLines(await download(page, 'export-invoices-csv'));
  assert.equal(invCsv.length - 1, table.length);
  await page.locator('[data-testid=drill] h3').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'drill-down.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('collections: dunning actions with messages, held items and the worklist, per policy', async () => {
  const { page, context, errors } = await open('en');
  await page.click('[data-testid=tab-collections]');
  await page.waitForSelector('[data-testid=worklist] tbody tr');
  const cli = JSON.parse(execFileSync(RAPPEL, ['dunning', '--demo', '--policy', join(ROOT, 'examples/policies/wholesale.toml'), '--as-of', '2026-06-30'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const shown = Math.min(cli.actions.length, 300);
  assert.equal(await page.locator('[data-testid=actions] tbody tr').count(), shown);
  const firstRow = await page.locator('[data-testid=actions] tbody tr').nth(0).innerText();
  assert.ok(firstRow.includes(cli.actions[0].message.subject), firstRow);
  // Each action names the law of the customer's debts, as the CLI does.
  const law = cli.actions[0].law;
  assert.equal(
    (await page.locator('[data-testid=action-law]').nth(0).innerText()).trim(),
    `${law.regime} (${law.country})`,
  );
  assert.equal(await page.locator('[data-testid=held] tbody tr').count(), Math.min(cli.held.length, 300));
  // Each message carries the EPC069-12 QR code of the transfer it asks for: to the
  // policy's account, the amount claimed with its costs, quoting the action's reference.
  const payload = await page.locator('[data-testid=action-qr]').first().getAttribute('title');
  const lines = payload.split('\n');
  assert.deepEqual(lines.slice(0, 7), ['BCD', '002', '1', 'SCT', 'GKCCBEBB', 'Groothandel Rappel NV', 'BE71096123456769']);
  assert.equal(Number(lines[7].replace('EUR', '')), Number(cli.actions[0].total) + Number(cli.actions[0].fee.amount));
  assert.equal(lines.at(-1), cli.actions[0].payment_reference);
  const wl = JSON.parse(execFileSync(RAPPEL, ['worklist', '--demo', '--policy', join(ROOT, 'examples/policies/wholesale.toml'), '--as-of', '2026-06-30'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const top = await page.locator('[data-testid=worklist] tbody tr').nth(0).innerText();
  assert.ok(top.includes(wl[0].customer_id), top);
  // Why: each part of the CLI's score, written out in the page's language.
  assert.ok(top.includes(`${wl[0].factors[0].points} points`), top);
  await page.selectOption('[data-testid=lang]', 'nl');
  const topNl = await page.locator('[data-testid=worklist] tbody tr').nth(0).innerText();
  assert.ok(topNl.includes(`${wl[0].factors[0].points.replace('.', ',')} punten`) && topNl.includes('oudste post'), topNl);
  // The held items' particulars too, with Dutch dates.
  const words = { dispute: 'geschil', promise: 'betaalbelofte', plan_kept: 'betalingsregeling', below_minimum: 'onder het minimum', insolvent: 'faillissement', collection_partner: 'incassopartner' };
  const heldNl = await page.locator('[data-testid=held] tbody tr').nth(0).innerText();
  const want = words[cli.held[0].detail.kind];
  if (want) assert.ok(heldNl.includes(want) && !/\d{4}-\d{2}-\d{2}/.test(heldNl.replace(/^[^\t]*\t/, '')), heldNl);
  await page.selectOption('[data-testid=lang]', 'en');
  await page.screenshot({ path: join(SHOTS, 'collections.png'), fullPage: false });
  // An invalid policy file: every problem listed, nothing breaks.
  const dir = await mkdtemp(join(tmpdir(), 'rappel-policy-'));
  const bad = join(dir, 'bad.toml');
  await writeFile(bad, (await readFile(join(ROOT, 'examples/policies/small-business.toml'), 'utf8')).replace('version = 1', 'version = 7'));
  await page.setInputFiles('[data-testid=policy-file]', bad);
  await page.waitForSelector('[data-testid=policy-problems]');
  assert.match(await page.locator('[data-testid=policy-problems]').innerText(), /version/);
  // A valid policy that asks for what its customers' law never allows: a warning per
  // step, the same as `rappel check-policy`, and the run still goes on.
  const wik = join(dir, 'wik.toml');
  await writeFile(wik, (await readFile(join(ROOT, 'examples/policies/wholesale.toml'), 'utf8')).replace('kind = "statutory"\ninterest = true', 'kind = "nl_wik"'));
  await page.setInputFiles('[data-testid=policy-file]', wik);
  await page.waitForSelector('[data-testid=policy-warnings]');
  const checked = JSON.parse(execFileSync(RAPPEL, ['check-policy', wik], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const warned = await page.locator("[data-testid=policy-warnings] li").allInnerTexts();
  assert.equal(warned.length, checked.warnings.length);
  assert.equal(warned.length, 12);
  assert.equal(warned[0].trim(), `${checked.warnings[0].path} ${checked.warnings[0].message}`);
  await page.waitForSelector('[data-testid=worklist] tbody tr');
  await page.locator('[data-testid=policy-warnings]').screenshot({ path: join(SHOTS, 'policy-warnings.png') });
  await page.selectOption('[data-testid=policy]', '1');
  await page.waitForSelector('[data-testid=policy-problems]', { state: 'detached' });
  await page.waitForSelector('[data-testid=policy-warnings]', { state: 'detached' });
  await page.waitForSelector('[data-testid=worklist] tbody tr');
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('exports: tables as CSV, charts as SVG and PNG, a one-page print report', async () => {
  const { page, context, errors } = await open('en');
  const save = (testid) => download(page, testid);
  const seg = await save('export-segments-csv');
  assert.equal(seg.name, 'segments.csv');
  const lines = seg.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'segment,receivables,dso,cei,bad_debt_ratio,overdue_percent,overdue_60_percent');
  const json = cli('2026-06-01', '2026-06-30');
  assert.equal(lines.length, 1 + json.segments.length);
  for (const s of json.segments) {
    assert.ok(lines.includes([s.segment, s.receivables, s.dso ?? '', s.cei ?? '', s.bad_debt_ratio ?? '', s.overdue_percent ?? '', s.overdue_60_percent ?? ''].join(',')), s.segment);
  }
  const svg = await save('export-aging-svg');
  assert.equal(svg.name, 'aging.svg');
  assert.match(svg.bytes.toString('utf8'), /^<svg[\s\S]*<\/svg>\s*$/);
  const png = await save('export-dso-trend-png');
  assert.equal(png.name, 'dso-trend.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.click('[data-testid=tab-collections]');
  await page.waitForSelector('[data-testid=worklist] tbody tr');
  const wl = await save('export-worklist-csv');
  assert.match(wl.bytes.toString('utf8'), /^\uFEFF?rank,customer_id,name,bucket,overdue,score,explanation/);
  // The actions export is actions.csv, the history format: the CLI reads it back.
  const actions = await save('export-actions-csv');
  assert.equal(actions.name, 'actions.csv');
  const hist = join(await mkdtemp(join(tmpdir(), 'rappel-hist-')), 'actions.csv');
  await writeFile(hist, actions.bytes);
  const next = JSON.parse(execFileSync(RAPPEL, ['dunning', '--demo', '--policy', join(ROOT, 'examples/policies/wholesale.toml'), '--as-of', '2026-06-30', '--history', hist], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  assert.equal(next.actions.length, 0, 'a run with its own actions as history repeats nothing');
  await page.click('[data-testid=tab-overview]');
  // The print layout: one A4 landscape page with the tiles and charts.
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(SHOTS, 'print-report.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.equal(pages, 1, 'the KPI report fits one page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dropped actions.csv continues the dunning run and the drill-down lists the reminders sent', async () => {
  const { page, context, errors } = await open('en');
  const policy = join(ROOT, 'examples/policies/wholesale.toml');
  const dunning = (args) => JSON.parse(execFileSync(RAPPEL, ['dunning', ...args, '--policy', policy, '--as-of', '2026-06-30'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  await page.click('[data-testid=tab-collections]');
  await page.waitForSelector('[data-testid=actions] tbody tr');
  const sent = await download(page, 'export-actions-csv');
  // The demo's files (the generator's defaults) with that history.
  const dir = await mkdtemp(join(tmpdir(), 'rappel-history-'));
  execFileSync(RAPPEL, ['generate', '--out', dir], { stdio: 'ignore' });
  await writeFile(join(dir, 'actions.csv'), sent.bytes);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.csv'));
  await page.setInputFiles('[data-testid=upload]', names.map((n) => join(dir, n)));
  const before = dunning(['--data', dir]);
  const after = dunning(['--data', dir, '--history', join(dir, 'actions.csv')]);
  assert.ok(after.actions.length < before.actions.length, `${after.actions.length} < ${before.actions.length}`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=actions] tbody tr').length === n, Math.min(after.actions.length, 300));
  // The drill-down shows a reminder of the history on its invoice.
  const a = before.actions[0];
  const segment = (await readFile(join(dir, 'customers.csv'), 'utf8')).split('\n').find((l) => l.startsWith(a.customer_id + ',')).split(',')[2];
  await page.click('[data-testid=tab-overview]');
  await page.locator('[data-testid=segment-table] tbody tr').filter({ hasText: segment }).click();
  await page.locator(`[data-testid=customers] tbody tr[data-key="${a.customer_id}"]`).click();
  await page.waitForSelector('[data-testid=invoices] tbody tr');
  const row = (await page.locator('[data-testid=invoices] tbody tr').allInnerTexts()).find((t) => t.startsWith(a.invoices[0].invoice_id));
  assert.ok(row && row.includes(`✓ ${a.step}`), row);
  await rm(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the cash-flow forecast opens on demand and equals `rappel forecast`', async () => {
  const { page, context, errors } = await open('en');
  await page.click('[data-testid=forecast] summary');
  await page.waitForSelector('[data-testid=forecast-weeks] tbody tr');
  const cli = JSON.parse(execFileSync(RAPPEL, ['forecast', '--demo', '--as-of', '2026-06-30'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const rows = page.locator('[data-testid=forecast-weeks] tbody tr');
  assert.equal(await rows.count(), 13);
  const money = (s) => '€' + Number(s).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  for (const k of [0, 12]) {
    const text = await rows.nth(k).innerText();
    const w = cli.forecast.weeks[k];
    for (const v of [w.expected, w.low, w.high]) assert.ok(text.includes(money(v)), `${text} lacks ${money(v)}`);
  }
  assert.match(await page.locator('[data-testid=chart-forecast]').innerHTML(), /<svg/);
  await page.locator('[data-testid=forecast]').screenshot({ path: join(SHOTS, 'forecast.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('scenario studio: levers, a run equal to `rappel simulate`, saved studies and a one-page report', async () => {
  const { page, context, errors } = await open('en');
  await page.click('[data-testid=tab-scenarios]');
  await page.waitForSelector('[data-testid=studio]');
  // A stricter variant: 14-day terms, reminders two days sooner.
  await page.fill('[data-testid=variant-name]', 'Stricter');
  await page.press('[data-testid=variant-name]', 'Enter');
  const slide = (id, v) => page.locator(`[data-testid=${id}]`).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, v);
  await slide('lever-terms', 14);
  await slide('lever-shift', -2);
  await page.fill('[data-testid=seed]', '7');
  await page.press('[data-testid=seed]', 'Enter');
  await page.click('[data-testid=run-simulation]');
  await page.waitForSelector('[data-testid=sim-table] tbody tr', { timeout: 120_000 });
  const ms = Number((await page.locator('[data-testid=sim-time]').innerText()).replace(/[^0-9]/g, ''));
  console.log(`# scenario studio: 2 scenarios × 200 runs × 12 months on the 50k demo in ${ms} ms`);

  // The same simulation from the command line, on the same demo portfolio and seed.
  const dir = await mkdtemp(join(tmpdir(), 'rappel-levers-'));
  const levers = join(dir, 'Stricter.toml');
  await writeFile(levers, 'payment_terms_days = 14\nreminder_shift_days = -2\n');
  const sim = JSON.parse(execFileSync(RAPPEL, ['simulate', '--demo', '--as-of', '2026-06-30', '--policy', join(ROOT, 'examples/policies/wholesale.toml'), '--levers', levers, '--seed', '7', '--runs', '200'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  await rm(dir, { recursive: true, force: true });
  const head = await page.locator('[data-testid=sim-table] thead tr').first().innerText();
  assert.match(head, /Stricter/);
  const row = async (label) => (await page.locator('[data-testid=sim-table] tbody tr', { hasText: label }).first().innerText()).split('\t');
  const dso = await row('DSO');
  const cash = await row('Cash collected');
  for (const k of [0, 1]) {
    const s = sim.scenarios[k];
    const oneDecimal = Number(s.dso.mean).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    assert.ok(dso[k + 1].startsWith(oneDecimal + ' ('), `${dso[k + 1]} vs ${s.dso.mean}`);
    const whole = '€' + Math.round(Number(s.cash_collected.mean)).toLocaleString('en-US');
    assert.ok(cash[k + 1].startsWith(whole), `${cash[k + 1]} vs ${s.cash_collected.mean}`);
  }
  // The stricter variant collects sooner.
  assert.ok(Number(sim.scenarios[1].dso.mean) < Number(sim.scenarios[0].dso.mean));
  assert.match(await page.locator('[data-testid=chart-sim-cash]').innerHTML(), /<svg/);
  assert.match(await page.locator('[data-testid=chart-sim-dso]').innerHTML(), /<svg/);
  await page.locator('[data-testid=studio]').screenshot({ path: join(SHOTS, 'scenarios.png') });

  // The one-page report holds the comparison, the levers in words and both charts.
  const report = await download(page, 'export-report');
  assert.equal(report.name, 'scenarios.html');
  const html = report.bytes.toString('utf8');
  assert.match(html, /Stricter/);
  assert.match(html, /Payment terms 14 days · Shift reminders -2 days/);
  assert.equal((html.match(/<svg/g) ?? []).length, 2);
  assert.match(html, /@page\{size:A4 landscape/);
  const sheet = await context.newPage();
  await sheet.setViewportSize({ width: 1123, height: 794 });
  await sheet.setContent(html);
  await sheet.screenshot({ path: join(SHOTS, 'scenarios-report.png'), fullPage: true });
  await sheet.close();

  // Saved in the browser, reloaded on a new page.
  await page.fill('[data-testid=study-name]', 'client A');
  await page.press('[data-testid=study-name]', 'Enter');
  await page.click('[data-testid=save-study]');
  const again = await context.newPage();
  await again.goto(base + '/');
  await again.waitForSelector('[data-testid=tiles][data-ready=true]', { timeout: 60_000 });
  await again.click('[data-testid=tab-scenarios]');
  await again.selectOption('[data-testid=saved-studies]', 'client A');
  assert.equal(await again.locator('[data-testid=variant-name]').inputValue(), 'Stricter');
  assert.equal(await again.locator('[data-testid=lever-terms]').inputValue(), '14');
  assert.equal(await again.locator('[data-testid=seed]').inputValue(), '7');
  assert.deepEqual(errors, []);
  await context.close();
});

test('bank statements: matched in the page as by `rappel import-bank`; a confirmed suggestion, the KPIs and the dunning run follow', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-bank-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '60', '--invoices', '1200', '--bank', '20'], { stdio: 'ignore' });
  const names = (await readdir(dir)).filter((n) => n !== 'bank-truth.csv').sort();
  // The daily camt.053 files and the last day's CODA file, in the page's (name) order.
  const xml = names.filter((n) => n.endsWith('.xml') || n.endsWith('.cod')).map((n) => join(dir, n));
  const importBank = (extra) => JSON.parse(execFileSync(RAPPEL, ['import-bank', ...xml, '--data', dir, ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const WORDS = { applied: 'applied', suggested: 'suggested', unapplied: 'unapplied', suspense: 'suspense', returned: 'returned', not_receivable: 'money out', already_applied: 'already applied', refused: 'refused' };
  const first = importBank([]);
  const { page, context, errors } = await open('en');
  await page.setInputFiles('[data-testid=upload]', names.map((n) => join(dir, n)));
  await page.click('[data-testid=tab-bank]');
  await page.waitForSelector('[data-testid=bank-row]');
  const outcomes = async () => (await page.locator('[data-testid=bank-outcome]').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(await outcomes(), first.matches.entries.map((e) => WORDS[e.outcome]));
  assert.ok(first.matches.entries.some((e) => e.outcome === 'applied'));
  // A person confirms the first suggestion: the page reads the files again with it, as
  // the CLI does with the decision in its review file.
  const suggestion = first.matches.entries.find((e) => e.outcome === 'suggested');
  assert.ok(suggestion, 'the generated statements hold a suggestion');
  const review = join(dir, 'review.csv');
  await writeFile(review, `transaction_id,decision\n${suggestion.transaction_id},confirm\n`);
  const confirmed = importBank(['--review', review]);
  await page.locator('[data-testid=bank-confirm]').first().click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=bank-confirm]').length === n, confirmed.matches.entries.filter((e) => e.outcome === 'suggested').length);
  assert.deepEqual(await outcomes(), confirmed.matches.entries.map((e) => WORDS[e.outcome]));
  await page.locator('[data-testid=bank]').screenshot({ path: join(SHOTS, 'bank.png') });
  // Recorded with that decision, the data gives the page's KPIs and dunning run.
  await writeFile(review, `transaction_id,decision\n${suggestion.transaction_id},confirm\n`);
  importBank(['--review', review, '--record']);
  await page.click('[data-testid=tab-overview]');
  const period = await page.locator('[data-testid=tiles]').getAttribute('data-period');
  const [from, to] = period.split('/');
  assert.deepEqual(await tiles(page, false), expected(cli(from, to, ['--data', dir])));
  const dunning = JSON.parse(execFileSync(RAPPEL, ['dunning', '--data', dir, '--policy', join(ROOT, 'examples/policies/wholesale.toml'), '--as-of', to], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  await page.click('[data-testid=tab-collections]');
  await page.waitForSelector('[data-testid=actions] tbody tr');
  assert.equal(await page.locator('[data-testid=actions] tbody tr').count(), Math.min(dunning.actions.length, 300));
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('bank statements with more movements than the table lists: every suggestion listed, the rest counted and said', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-bank-big-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '400', '--invoices', '12000', '--bank', '60', '--statement-per-month'], { stdio: 'ignore' });
  const names = (await readdir(dir)).filter((n) => n !== 'bank-truth.csv').sort();
  const statements = names.filter((n) => n.endsWith('.xml') || n.endsWith('.cod')).map((n) => join(dir, n));
  const cli = JSON.parse(execFileSync(RAPPEL, ['import-bank', ...statements, '--data', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const all = cli.matches.entries.length;
  const suggested = cli.matches.entries.filter((e) => e.outcome === 'suggested').length;
  const lateSuggestions = cli.matches.entries.slice(500).filter((e) => e.outcome === 'suggested').length;
  assert.ok(all > 500 && lateSuggestions > 0, `${all} movements, ${lateSuggestions} suggestions after the 500th`);
  const { page, context, errors } = await open('en');
  await page.setInputFiles('[data-testid=upload]', names.map((n) => join(dir, n)));
  await page.click('[data-testid=tab-bank]');
  await page.waitForSelector('[data-testid=bank-row]');
  const listed = 500 + lateSuggestions;
  assert.equal(await page.locator('[data-testid=bank-row]').count(), listed);
  assert.equal(await page.locator('[data-testid=bank-confirm]').count(), suggested);
  assert.equal(await page.locator('[data-testid=bank-unlisted]').innerText(),
    `${listed} of the ${all} movements are listed: the first 500 and every suggestion; the totals count them all.`);
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('bank statements dropped with a large portfolio are matched a slice at a time: the page paints while they are matched and recorded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rappel-bank-slices-'));
  execFileSync(RAPPEL, ['generate', '--out', dir, '--customers', '8000', '--invoices', '160000', '--seed', '4', '--bank', '90', '--statement-per-month'], { stdio: 'ignore' });
  // An (empty) dunning history beside them: read whole before the checks, unsliced.
  await writeFile(join(dir, 'history.csv'), 'action_id,date,customer_id,process,step,level,channel,invoice_id,balance,advanced,fee_rule,fee\n');
  const names = (await readdir(dir)).filter((n) => n !== 'bank-truth.csv').sort();
  const statements = names.filter((n) => n.endsWith('.xml') || n.endsWith('.cod')).map((n) => join(dir, n));
  const cli = JSON.parse(execFileSync(RAPPEL, ['import-bank', ...statements, '--data', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const all = cli.matches.entries.length;
  const { page, context, errors } = await open('en');
  // Slowed down, so that the matching and the checks after it take several slices on
  // this machine too.
  const frames = await uploadSlowly(page, names.map((n) => join(dir, n)));
  // Frames painted while movements were being matched: "n / N movements", n never past
  // N, N all the statements' movements once every file is read; some part-way.
  const matching = frames.filter((f) => f.status.startsWith('Matching the bank statements'))
    .map((f) => f.status.match(/([\d,]+) \/ ([\d,]+) movements/).slice(1).map((x) => Number(x.replaceAll(',', ''))));
  assert.ok(matching.length > 0, [...new Set(frames.map((f) => f.status))].join(' | '));
  assert.ok(matching.every(([n, of]) => n <= of && of <= all), JSON.stringify(matching));
  assert.equal(Math.max(...matching.map(([, of]) => of)), all);
  assert.ok(matching.some(([n, of]) => n > 0 && n < of), JSON.stringify(matching));
  // The statements are read after the checks, each filling its bar in turn; by then
  // every other file's bar is full, the history's too.
  const isStatement = names.map((n) => n.endsWith('.xml') || n.endsWith('.cod'));
  const history = names.indexOf('history.csv');
  const afterChecks = frames.filter((f) => f.bars.length === names.length &&
    f.bars.some(([v, max], k) => isStatement[k] && v > 0 && v === max));
  assert.ok(afterChecks.length > 0, 'no frame showed a statement read');
  for (const f of afterChecks) {
    assert.deepEqual(f.bars[history], [f.bars[history][1], f.bars[history][1]], JSON.stringify(f.bars));
    assert.ok(f.bars.every(([v, max], k) => isStatement[k] || v === max), JSON.stringify(f.bars));
  }
  // Then frames painted while the portfolio was checked again with the payments.
  assert.ok(frames.some((f) => f.status.startsWith('Recording and checking the changes')), [...new Set(frames.map((f) => f.status))].join(' | '));
  // And the same outcome as `rappel import-bank`: every movement counted, no row refused.
  assert.equal(await page.locator('[data-testid=import-rejected]').innerText(), '0');
  await page.click('[data-testid=tab-bank]');
  await page.waitForSelector('[data-testid=bank-row]');
  const said = await page.locator('[data-testid=bank-unlisted]').innerText();
  assert.match(said, new RegExp(` of the ${all} movements are listed`));
  assert.deepEqual(errors, []);
  await context.close();
  await rm(dir, { recursive: true, force: true });
});

test('no request leaves 127.0.0.1', () => {
  assert.ok(requests.length > 0);
  // blob: URLs are the page's own downloads (exports), made in the page.
  for (const url of requests) assert.match(url, /^(blob:)?http:\/\/127\.0\.0\.1:\d+\//, url);
});
