// Dashboard budgets, measured in one run (see BENCHMARKS.md):
//   - wasm bundle size, raw and gzip (target ≤ 2 MB gzip)
//   - navigation to KPI tiles on the default demo, median of 5 loads (target ≤ 2 s)
//   - recompute after a filter change on 100 k invoices (target ≤ 100 ms): a period
//     change recomputes the 14 periods; a segment change re-reads them
//   - browser wasm vs native for the same KPI computation (target ≤ 1.5×)
//   - the 1 M-invoice demo made in the page: time to tiles, longest frame gaps
//   - the 1 M-invoice CSV set uploaded (and, when generated, with a month of CODA
//     statements): time to tiles against native, longest frame gaps; the tiles shown
//     equal to `rappel kpis` on the same data and period (browser = native at 1 M; with
//     statements, on a copy of the tables they were recorded into by `rappel
//     import-bank --record`), or the benchmark fails
// Needs web/dist (trunk build --release); runs `cargo bench -p rappel-core --bench dashboard`
// and the CLI (RAPPEL_BIN, else target/dist/rappel, else target/debug/rappel, built when
// missing).
//   node tests/e2e/bench.mjs
import { readFile, readdir, mkdtemp, copyFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT, DIST, serveDist, launchChromium, bundleFiles, timeUpload, median, watchPhases, uploadPhases, medianPhases, shownTiles, tilesOf } from './serve.mjs';

const wasmFile = (await readdir(DIST)).find((f) => f.endsWith('.wasm'));
const wasm = await readFile(join(DIST, wasmFile));
const gz = gzipSync(wasm, { level: 9 }).length;

const { server, base } = await serveDist();
const browser = await launchChromium();

const loads = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(base);
  await page.waitForFunction(() => document.querySelector('[data-testid=tiles]')?.dataset.period);
  loads.push(Date.now() - t0);
  await context.close();
}

const context = await browser.newContext();
const page = await context.newPage();
await page.goto(base);
await page.waitForFunction(() => document.querySelector('[data-testid=tiles]')?.dataset.period);
// Scenario studio on the default 50 k demo: baseline + one variant, 200 runs each.
await page.click('[data-testid=tab-scenarios]');
const simMs = [];
for (let i = 0; i < 3; i++) {
  await page.click('[data-testid=run-simulation]');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-simulation]').disabled === true);
  await page.waitForFunction(() => document.querySelector('[data-testid=run-simulation]').disabled === false, null, { timeout: 120_000 });
  simMs.push(Number((await page.locator('[data-testid=sim-time]').innerText()).replace(/[^0-9]/g, '')));
}
await page.click('[data-testid=tab-overview]');
await page.selectOption('[data-testid=demo-size]', '1');
await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent === '' &&
  document.querySelector('[data-testid=tiles]').dataset.period === '2026-06-01/2026-06-30', null, { timeout: 120_000 });
const computeMs = [];
const wallMs = [];
for (let i = 0; i < 9; i++) {
  const [from, to] = i % 2 === 0 ? ['2026-05-01', '2026-05-31'] : ['2026-06-01', '2026-06-30'];
  const t0 = Date.now();
  await page.evaluate(([f, t]) => {
    for (const [id, v] of [['period-to', t], ['period-from', f]]) {
      const el = document.querySelector(`[data-testid=${id}]`);
      el.value = v;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, [from, to]);
  await page.waitForFunction((p) => document.querySelector('[data-testid=tiles]').dataset.period === p, `${from}/${to}`);
  wallMs.push(Date.now() - t0);
  if (i % 2 === 0) computeMs.push(Number(await page.getAttribute('[data-testid=tiles]', 'data-compute-ms')));
}
const segMs = [];
const segments = await page.locator('[data-testid=segment] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
for (const s of segments.slice(0, 5)) {
  const t0 = Date.now();
  await page.selectOption('[data-testid=segment]', s);
  await page.waitForFunction((v) => document.querySelector('[data-testid=segment]').value === v, s);
  segMs.push(Date.now() - t0);
}
// The 1 M-invoice demo: made in slices in the page. The time until the tiles show, and
// the longest gap between two painted frames meanwhile (how long the page froze).
await page.evaluate(() => {
  window.__gaps = [];
  let last = performance.now();
  // performance.now() in the callback, not the frame's time stamp: after a long task
  // the stamp is the frame's begin time, taken before the task ended.
  const tick = () => { const t = performance.now(); window.__gaps.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
const big0 = Date.now();
await page.selectOption('[data-testid=demo-size]', '3');
await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent === '' &&
  document.querySelector('[data-testid=tiles]').dataset.ready === 'true', null, { timeout: 300_000 });
const bigMs = Date.now() - big0;
// Two more frames, so that the gap that ended with the last long task is counted.
const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
await page.evaluate(twoFrames);
const gaps = await page.evaluate(() => window.__gaps.sort((a, b) => b - a).slice(0, 5).map(Math.round));
await context.close();

// A folder's bundle files uploaded into a fresh page (the CSV tables, CODA and XML
// files; bank-truth.csv, the generator's answer key, is none of them): the time until
// the tiles show the user's data, the longest gaps between painted frames meanwhile, and
// the file progress bars seen. Native baseline: the same files read from disk, the same
// bundle read and the same KPIs in one thread (cargo bench --bench upload), measured
// after the browser's runs.
async function uploads(dir) {
  const files = await bundleFiles(dir);
  const upload = { dir, paths: files, files: files.length, runs: [], gaps: [], bars: 0, phases: [] };
  for (let i = 0; i < 3; i++) {
    const ctx = await browser.newContext();
    const pg = await ctx.newPage();
    await pg.goto(base);
    await pg.waitForFunction(() => document.querySelector('[data-testid=tiles]')?.dataset.ready === 'true');
    await pg.evaluate(() => {
      window.__gaps = [];
      window.__bars = 0;
      let last = performance.now();
      const tick = () => {
        const t = performance.now();
        window.__gaps.push(t - last);
        last = t;
        window.__bars = Math.max(window.__bars, document.querySelectorAll('[data-testid=file-progress]').length);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await watchPhases(pg);
    upload.runs.push(await timeUpload(pg, files));
    upload.phases.push(await uploadPhases(pg));
    if (i === 0) {
      upload.shown = await shownTiles(pg);
      upload.period = (await pg.locator('[data-testid=tiles]').getAttribute('data-period')).split('/');
    }
    await pg.evaluate(twoFrames);
    upload.gaps.push(...await pg.evaluate(() => window.__gaps));
    upload.bars = Math.max(upload.bars, await pg.evaluate(() => window.__bars));
    await ctx.close();
  }
  return upload;
}
// The 1 M-invoice CSV set (what scripts/bench-kpis-duckdb.sh generates); then, when it
// was generated (`rappel generate --out target/bench-data/1m-bank --customers 50000
// --invoices 1000000 --seed 1 --bank 30 --statement-per-month`), the same portfolio
// with a month of CODA statements (46 011 movements matched in the page).
const uploadDir = process.env.RAPPEL_UPLOAD_DIR ?? join(ROOT, 'target/bench-data/1m');
const bankDir = process.env.RAPPEL_BANK_DIR ?? join(ROOT, 'target/bench-data/1m-bank');
const measured = [await uploads(uploadDir)];
if (existsSync(bankDir)) measured.push(await uploads(bankDir));
await browser.close();
server.close();

const native = Number(execFileSync('cargo', ['bench', '-q', '-p', 'rappel-core', '--bench', 'dashboard'], { cwd: ROOT, encoding: 'utf8' }).match(/native_ms=([\d.]+)/)[1]);
const browserMs = median(computeMs);
for (const u of measured) {
  const out = execFileSync('cargo', ['bench', '-q', '-p', 'rappel-core', '--bench', 'upload'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RAPPEL_UPLOAD_DIR: u.dir } });
  u.native = Number(out.match(/native_ms=([\d.]+)/)[1]);
  u.nativeWork = Number(out.match(/without_files_ms=([\d.]+)/)[1]);
  u.steps = out.match(/longest_step_ms: (.*)/)[1];
  u.nativePhases = Object.fromEntries(['files', 'read', 'checks', 'kpis'].map((k) => [k, Number(out.match(new RegExp(`${k}_ms=([\\d.]+)`))[1])]));
}

// Browser = native at this size: the tiles the first upload showed against `rappel kpis`
// on the same data and period. With bank statements, the page recorded their payments
// into the tables it shows; the CLI does so on a copy of the tables (`import-bank
// --record`), then computes.
const cliBin = process.env.RAPPEL_BIN ?? [join(ROOT, 'target/dist/rappel'), join(ROOT, 'target/debug/rappel')].find(existsSync);
const rappelBin = cliBin ?? (execFileSync('cargo', ['build', '-q', '--bin', 'rappel'], { cwd: ROOT, stdio: 'inherit' }), join(ROOT, 'target/debug/rappel'));
// Its import summaries (stderr) are shown only when it fails, in the error thrown.
const rappel = (args) => execFileSync(rappelBin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
for (const u of measured) {
  const files = u.paths;
  const statements = files.filter((f) => !f.endsWith('.csv'));
  let data = u.dir;
  if (statements.length > 0) {
    data = await mkdtemp(join(tmpdir(), 'rappel-bench-tables-'));
    for (const f of files.filter((f) => f.endsWith('.csv'))) await copyFile(f, join(data, basename(f)));
    rappel(['import-bank', ...statements, '--data', data, '--record']);
  }
  const [from, to] = u.period;
  const cli = tilesOf(JSON.parse(rappel(['kpis', '--data', data, '--from', from, '--to', to])));
  if (data !== u.dir) await rm(data, { recursive: true, force: true });
  if (JSON.stringify(cli) !== JSON.stringify(u.shown)) {
    throw new Error(`${u.dir}: the page's tiles ${JSON.stringify(u.shown)} differ from rappel kpis ${JSON.stringify(cli)} (${from}..${to})`);
  }
  u.same = `tiles equal to \`rappel kpis --from ${from} --to ${to}\`${data === u.dir ? '' : ' after `import-bank --record`'}: ${Object.values(cli).join(', ')}`;
}

const simNative = Number(execFileSync('cargo', ['bench', '-q', '-p', 'rappel-core', '--bench', 'simulate'], { cwd: ROOT, encoding: 'utf8' }).match(/two_ms=([\d.]+)/)[1]);
const simBrowser = median(simMs);
console.log(`wasm bundle: ${(wasm.length / 1e6).toFixed(2)} MB raw, ${(gz / 1e6).toFixed(2)} MB gzip (target ≤ 2 MB gzip)`);
console.log(`navigation → KPI tiles, default demo (50 k invoices generated in the page): median ${median(loads)} ms of ${loads.join(', ')} (target ≤ 2000 ms)`);
console.log(`100 k invoices, period change: KPI computation ${browserMs.toFixed(1)} ms (median), until the tiles show it ${median(wallMs)} ms (target ≤ 100 ms)`);
console.log(`100 k invoices, segment change until the tiles show it: median ${median(segMs)} ms`);
console.log(`1 M-invoice demo made in the page until the tiles show: ${bigMs} ms; longest frame gaps meanwhile: ${gaps.join(', ')} ms`);
console.log(`same computation natively: ${native.toFixed(1)} ms → browser/native ${(browserMs / native).toFixed(2)}× (target ≤ 1.5×)`);
console.log(`scenario studio, 50 k demo, baseline + variant × 200 runs × 12 months: browser ${simBrowser} ms (median of ${simMs.join(', ')}; ${(simBrowser / 2).toFixed(0)} ms per scenario, target ≤ 2000 ms), native ${simNative.toFixed(0)} ms → browser/native ${(simBrowser / simNative).toFixed(2)}×`);
for (const u of measured) {
  const ms = median(u.runs);
  const gaps = u.gaps.sort((a, b) => b - a).slice(0, 5).map(Math.round);
  console.log(`upload of ${u.files} files (${u.dir}) until the tiles show: median ${ms} ms of ${u.runs.join(', ')}; natively (the same files read from disk, the same bundle read + KPIs, one thread) ${u.native} ms → browser/native ${(ms / u.native).toFixed(2)}× (target ≤ 1.5×; against the native work without reading the files, ${u.nativeWork} ms: ${(ms / u.nativeWork).toFixed(2)}×); longest frame gaps ${gaps.join(', ')} ms (target ≤ 250 ms; the longest single steps natively: ${u.steps} ms); ${u.bars} file progress bars seen`);
  const pg = medianPhases(u.phases);
  const nv = u.nativePhases;
  console.log(`  by phase, page against native (ms): files ${pg.files} / ${nv.files}, tables read ${pg.read} / ${nv.read}, checks ${pg.checks} / ${nv.checks}, KPIs until the tiles ${pg.kpis} / ${nv.kpis}`);
  console.log(`  ${u.same}`);
}
