import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { engine, EngineWorker, EngineError, TimeoutError, checkCreditWithin, runDunningWithin } from '../rappel.mjs';

const request = (orderAmount, asOf = '2026-06-30') => ({
  customerId: 'C1', asOf, orderAmount, creditLimit: '10000',
  exposure: { openInvoices: '2500.00', unappliedCash: '0', openOrders: '500', overdue: '0', oldestDaysPastDue: undefined },
  overdueToleranceDays: 30n,
  status: 'active',
  whenNoLimit: 'approve',
});

test('check-credit answers in process with the hand-computed available credit', () => {
  const d = engine.credit.checkCredit(request('1000'));
  assert.equal(d.decision, 'approve');
  assert.equal(d.available, '7000.00');
  const over = engine.credit.checkCredit(request('7000.01'));
  assert.equal(over.decision, 'hold');
  assert.equal(over.reasons[0].code, 'over-limit');
});

test('a malformed decimal is an error record naming the argument', () => {
  assert.throws(() => engine.credit.checkCredit(request('12,50')), (e) => {
    assert.equal(e.payload.code, 'invalid-argument');
    assert.equal(e.payload.path, 'order-amount');
    return true;
  });
  assert.throws(() => engine.credit.checkCredit(request('1', '2026-02-30')), (e) => e.payload.path === 'as-of');
});

test('run-dunning in a worker: actions with rendered messages and held items', async () => {
  const { files } = engine.documents.generate({ customers: 40, invoices: 800, seed: 3n, end: '2026-06-30', months: 12 });
  const policy = { format: 'toml', text: readFileSync(new URL('../../../examples/policies/wholesale.toml', import.meta.url), 'utf8') };
  const worker = new EngineWorker();
  try {
    const run = await runDunningWithin(worker, { portfolio: { files }, policy, history: { tag: 'none' }, asOf: '2026-06-30' }, 20_000);
    assert.ok(run.actions.length > 0);
    for (const a of run.actions) {
      assert.match(a.actionId, /^[0-9a-f]{16,}$/);
      assert.ok(a.message.subject.length > 0);
      assert.ok(a.invoices.length > 0);
    }
    assert.equal(run.summary.actions, run.actions.length);
    const bad = { format: 'toml', text: 'version = "one"' };
    await assert.rejects(
      runDunningWithin(worker, { portfolio: { files }, policy: bad, history: { tag: 'none' }, asOf: '2026-06-30' }, 20_000),
      (e) => e instanceof EngineError && e.code === 'invalid-policy' && e.path === 'version',
    );
  } finally {
    worker.close();
  }
});

test('a call over its time limit is stopped; an order check then fails closed; the next call works', async () => {
  const worker = new EngineWorker();
  try {
    await assert.rejects(
      worker.call('documents', 'generate', [{ customers: 100000, invoices: 2000000, seed: 1n, end: '2026-06-30', months: 24 }], 300),
      TimeoutError,
    );
    const held = await checkCreditWithin(worker, request('1000'), 1);
    assert.equal(held.decision, 'hold');
    assert.equal(held.reasons[0].code, 'engine-unavailable');
    const ok = await checkCreditWithin(worker, request('1000'), 10_000);
    assert.equal(ok.decision, 'approve');
  } finally {
    worker.close();
  }
});

test('a ledger (portfolio resource, WIT 1.0.0) is read once and answers as the functions', () => {
  const { files } = engine.documents.generate({ customers: 60, invoices: 1200, seed: 5n, end: '2026-06-30', months: 12 });
  const portfolio = { files, mapping: undefined, currency: undefined };
  const ledger = engine.ledger.Portfolio.open(portfolio);
  try {
    const exposures = engine.credit.exposures(portfolio, '2026-06-30');
    assert.deepEqual(ledger.exposures('2026-06-30'), exposures);
    for (const c of exposures.customers.slice(0, 20)) {
      // The same order checked both ways: from the kept ledger, and from the exposure
      // the files give.
      const kept = ledger.checkCredit(c.customerId, '2500.00', '2026-06-30', 30n, 'refer');
      const sent = engine.credit.checkCredit({
        customerId: c.customerId, asOf: '2026-06-30', orderAmount: '2500.00',
        creditLimit: c.creditLimit, exposure: c.exposure, overdueToleranceDays: 30n,
        status: c.status, whenNoLimit: 'refer',
      });
      assert.deepEqual(kept, sent);
    }
    assert.throws(() => ledger.checkCredit('NOBODY', '1', '2026-06-30', 30n, 'approve'), (e) => e.payload.code === 'unknown-customer');
    assert.equal(ledger.currency(), 'EUR');
  } finally {
    ledger[Symbol.dispose]();
  }
});

test('policy-warnings (WIT 3.1.0): a Belgian policy charging Dutch WIK warns at each final notice', () => {
  const text = readFileSync(new URL('../../../examples/policies/wholesale.toml', import.meta.url), 'utf8');
  assert.deepEqual(engine.collections.policyWarnings({ format: 'toml', text }), []);
  const wik = text.replace('kind = "statutory"\ninterest = true', 'kind = "nl_wik"');
  const warnings = engine.collections.policyWarnings({ format: 'toml', text: wik });
  assert.equal(warnings.length, 12);
  assert.equal(warnings[0].path, 'processes[0].steps[2].fee');
  assert.match(warnings[0].reason, /in BE \(be-b2c, be-b2b: WIK collection costs are Dutch law/);
  assert.throws(() => engine.collections.policyWarnings({ format: 'toml', text: text.replace('version = 1', 'version = 7') }),
    (e) => e.payload.code === 'invalid-policy' && e.payload.problems[0].path === 'version');
});

test('import-bank (WIT 3.2.0): the public CODA sample pays the invoice its structured communication names', () => {
  const enc = (s) => new TextEncoder().encode(s);
  const files = [
    { name: 'customers.csv', contents: enc('customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nC1,Partner 2 NV,,industrial,,2010-01-01,nl,false\n') },
    { name: 'invoices.csv', contents: enc('invoice_id,customer_id,issue_date,due_date,amount,currency,order_id,payment_reference\nF1,C1,2011-12-01,2011-12-31,3044.45,EUR,,+++240/2838/42818+++\n') },
    { name: 'payments.csv', contents: enc('payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n') },
  ];
  const coda = readFileSync(new URL('../../../../shared/data/bank/coda/Ontvangen_CODA.2012-01-11-18.59.15.txt', import.meta.url));
  const answer = engine.documents.importBank({
    portfolio: { files, mapping: undefined, currency: undefined },
    files: [{ name: 'coda.txt', contents: new Uint8Array(coda) }],
    policy: undefined,
    decisions: [],
  });
  assert.equal(answer.matches.entries.length, 5);
  assert.equal(answer.matches.entries[1].outcome, 'applied');
  assert.equal(answer.matches.entries[1].confidence, '1');
  assert.deepEqual(answer.payments.map((p) => [p.invoiceId, p.amount]), [['F1', '3044.45']]);
});
