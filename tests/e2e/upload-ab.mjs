// Before/after for a change to the page: the same folder uploaded into two builds of the
// dashboard in turn (A B A B …, each in a fresh page), and each build's median time until
// the tiles show, and of each phase (by the page's marks; '-' for a build without them,
// older than 7bd3ca0). The machine's speed drifts from minute to minute (BENCHMARKS.md): only
// turns taken in one run compare, and only medians of many (N, default 9; run it twice,
// the order of the builds reversed, before believing a difference).
//   git stash && (cd web && trunk build --release --dist /tmp/before) && git stash pop
//   (cd web && trunk build --release --dist /tmp/after)
//   N=15 node tests/e2e/upload-ab.mjs /tmp/before /tmp/after [folder, default target/bench-data/1m]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serveDist, launchChromium, bundleFiles, timeUpload, median, watchPhases, uploadPhases, medianPhases } from './serve.mjs';

const [a, b, dir = join(ROOT, 'target/bench-data/1m')] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node tests/e2e/upload-ab.mjs DIST_A DIST_B [FOLDER]');
  process.exit(2);
}
for (const dist of [a, b]) {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`${dist}: no index.html (a trunk build's --dist folder, from the current directory)`);
    process.exit(2);
  }
}
const n = Number(process.env.N ?? 9);
const files = await bundleFiles(dir);
const builds = await Promise.all([a, b].map(async (dist) => ({ dist, ...(await serveDist(dist)), runs: [], phases: [] })));
const browser = await launchChromium();
for (let i = 0; i < n; i++) {
  for (const build of builds) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(build.base);
    await page.waitForFunction(() => document.querySelector('[data-testid=tiles]')?.dataset.ready === 'true');
    await watchPhases(page);
    build.runs.push(await timeUpload(page, files));
    build.phases.push(await uploadPhases(page));
    await context.close();
  }
}
await browser.close();
for (const { server } of builds) server.close();
for (const { dist, runs, phases } of builds) {
  const p = medianPhases(phases);
  console.log(`${dist}: median ${median(runs)} ms of ${runs.join(', ')}; by phase (medians, the page's marks): files ${p.files}, tables read ${p.read}, checks ${p.checks}, KPIs until the tiles ${p.kpis}`);
}
const [ma, mb] = builds.map((x) => median(x.runs));
console.log(`A/B ${(ma / mb).toFixed(3)} (${files.length} files of ${dir})`);
