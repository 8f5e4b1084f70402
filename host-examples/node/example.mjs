// node example.mjs: an order check and a dunning run on a generated portfolio.
import { readFileSync } from 'node:fs';
import { engine, EngineWorker, checkCreditWithin, runDunningWithin } from './rappel.mjs';

const { files } = engine.documents.generate({ customers: 50, invoices: 1000, seed: 7n, end: '2026-06-30', months: 12 });
const portfolio = { files, mapping: undefined, currency: undefined };
const exposures = engine.credit.exposures(portfolio, '2026-06-30');
const c = exposures.customers[0];

const worker = new EngineWorker();
const decision = await checkCreditWithin(worker, {
  customerId: c.customerId, asOf: '2026-06-30', orderAmount: '2500.00',
  creditLimit: c.creditLimit, exposure: c.exposure, overdueToleranceDays: 30n,
  status: c.status, whenNoLimit: 'approve',
}, 1000);
console.log(`${c.customerId}: ${decision.decision} (${decision.reasons.map((r) => r.message).join('; ')})`);

// Many orders against one tenant: read the ledger once (WIT 1.0.0), check each order on it.
const ledger = engine.ledger.Portfolio.open(portfolio);
for (const x of exposures.customers.slice(1, 4)) {
  const d = ledger.checkCredit(x.customerId, '5000.00', '2026-06-30', 30n, 'refer');
  console.log(`${x.customerId}: ${d.decision}, available ${d.available ?? 'no limit'}`);
}
ledger[Symbol.dispose]();

const policy = { format: 'toml', text: readFileSync(new URL('../../examples/policies/small-business.toml', import.meta.url), 'utf8') };
const run = await runDunningWithin(worker, { portfolio, policy, history: { tag: 'none' }, asOf: '2026-06-30' }, 10_000);
console.log(`dunning: ${run.actions.length} actions, ${run.held.length} held`);
for (const a of run.actions.slice(0, 3)) console.log(`  ${a.customerId} ${a.step} via ${a.channel}: ${a.message.subject}`);
worker.close();
