"""The Python host against the real component (python -m unittest)."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import wasmtime  # noqa: E402
from wasmtime import component as wc  # noqa: E402

from rappel_host import (  # noqa: E402
    VERSION,
    Engine,
    EngineError,
    Ledger,
    Limits,
    check_credit,
    credit_request,
    get,
    record,
)

ROOT = Path(__file__).resolve().parents[3]


def exposure():
    return record(
        open_invoices="2500.00",
        unapplied_cash="0",
        open_orders="500",
        overdue="0",
        oldest_days_past_due=None,
    )


class HostTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = Engine()

    def test_check_credit_hand_computed(self):
        d = check_credit(self.engine, credit_request("C1", "2026-06-30", "1000", "10000", exposure()))
        self.assertEqual(d["decision"], "approve")
        self.assertEqual(d["available"], "7000.00")
        d = check_credit(self.engine, credit_request("C1", "2026-06-30", "7000.01", "10000", exposure()))
        self.assertEqual(d["decision"], "hold")
        self.assertEqual(d["reasons"][0]["code"], "over-limit")

    def test_policy_warnings(self):
        # WIT 3.1.0: a Belgian policy charging Dutch WIK warns at each final notice.
        text = (ROOT / "examples/policies/wholesale.toml").read_text()
        self.assertEqual(self.engine.call("collections", "policy-warnings", record(format="toml", text=text)), [])
        wik = text.replace('kind = "statutory"\ninterest = true', 'kind = "nl_wik"', 1)
        found = self.engine.call("collections", "policy-warnings", record(format="toml", text=wik))
        self.assertEqual(len(found), 12)
        self.assertEqual(get(found[0], "path"), "processes[0].steps[2].fee")
        self.assertIn("be-b2c, be-b2b: WIK collection costs are Dutch law", get(found[0], "reason"))
        with self.assertRaises(EngineError) as e:
            self.engine.call("collections", "policy-warnings", record(format="toml", text=text.replace("version = 1", "version = 7", 1)))
        self.assertEqual(e.exception.code, "invalid-policy")

    def test_import_bank_applies_the_coda_sample(self):
        # WIT 3.2.0: the public CODA sample's movement 2 quotes +++240/2838/42818+++,
        # the reference of invoice F1 (3044.45): applied with confidence 1.
        csv = {
            "customers.csv": "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n"
            "C1,Partner 2 NV,,industrial,,2010-01-01,nl,false\n",
            "invoices.csv": "invoice_id,customer_id,issue_date,due_date,amount,currency,order_id,payment_reference\n"
            "F1,C1,2011-12-01,2011-12-31,3044.45,EUR,,+++240/2838/42818+++\n",
            "payments.csv": "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n",
        }
        files = [record(name=n, contents=t.encode()) for n, t in csv.items()]
        coda = ROOT.parent / "shared/data/bank/coda/Ontvangen_CODA.2012-01-11-18.59.15.txt"
        request = record(
            portfolio=record(files=files, mapping=None, currency=None),
            files=[record(name=coda.name, contents=coda.read_bytes())],
            policy=None,
            decisions=[],
        )
        answer = self.engine.call("documents", "import-bank", request)
        entries = get(get(answer, "matches"), "entries")
        self.assertEqual(len(entries), 5)
        paid = entries[1]
        self.assertEqual(get(paid, "confidence"), "1")
        self.assertEqual([get(a, "invoice-id") for a in get(paid, "allocations")], ["F1"])
        rows = get(answer, "payments")
        self.assertEqual([(get(r, "invoice-id"), get(r, "amount")) for r in rows], [("F1", "3044.45")])

    def test_ok_and_err_are_told_apart(self):
        # The raw wasmtime-py answer is a tagged Variant for both outcomes.
        store = wasmtime.Store(self.engine.engine)
        store.set_fuel(10**9)
        inst = self.engine.linker.instantiate(store, self.engine.component)
        iface = inst.get_export_index(store, f"rappel:engine/credit@{VERSION}")
        f = inst.get_func(store, inst.get_export_index(store, "check-credit", iface))
        ok = f(store, credit_request("C1", "2026-06-30", "1000", "10000", exposure()))
        f.post_return(store)
        self.assertIsInstance(ok, wc.Variant)
        self.assertEqual(ok.tag, "ok")
        err = f(store, credit_request("C1", "2026-06-30", "12,50", "10000", exposure()))
        f.post_return(store)
        self.assertIsInstance(err, wc.Variant)
        self.assertEqual(err.tag, "err")
        # Through the wrapper: an exception with the error record's fields.
        with self.assertRaises(EngineError) as cm:
            self.engine.call(
                "credit", "check-credit", credit_request("C1", "2026-02-30", "1", "10000", exposure())
            )
        self.assertEqual(cm.exception.code, "invalid-argument")
        self.assertEqual(cm.exception.path, "as-of")

    def test_run_dunning_on_a_generated_portfolio(self):
        g = self.engine.call(
            "documents",
            "generate",
            record(customers=40, invoices=800, seed=3, end="2026-06-30", months=12),
        )
        portfolio = record(files=g.files, mapping=None, currency=None)
        policy = record(
            format="toml",
            text=(ROOT / "examples/policies/wholesale.toml").read_text(encoding="utf-8"),
        )
        run = self.engine.call(
            "collections",
            "run-dunning",
            record(portfolio=portfolio, policy=policy, history=None, as_of="2026-06-30"),
        )
        self.assertGreater(len(run.actions), 0)
        self.assertEqual(get(run, "summary").actions, len(run.actions))
        for a in run.actions:
            self.assertTrue(get(a, "action_id"))
            self.assertTrue(a.message.subject)
        with self.assertRaises(EngineError) as cm:
            self.engine.call(
                "collections",
                "run-dunning",
                record(
                    portfolio=portfolio,
                    policy=record(format="toml", text='version = "one"'),
                    history=None,
                    as_of="2026-06-30",
                ),
            )
        self.assertEqual(cm.exception.code, "invalid-policy")
        self.assertEqual(cm.exception.path, "version")

    def test_a_ledger_is_read_once_and_answers_as_the_functions(self):
        g = self.engine.call(
            "documents",
            "generate",
            record(customers=30, invoices=600, seed=9, end="2026-06-30", months=12),
        )
        portfolio = record(files=g.files, mapping=None, currency=None)
        exposures = self.engine.call("credit", "exposures", portfolio, "2026-06-30")
        ledger = Ledger(self.engine, portfolio)
        try:
            for c in exposures.customers[:10]:
                kept = ledger.check_credit(
                    get(c, "customer_id"), "2500.00", "2026-06-30", when_no_limit="refer"
                )
                sent = self.engine.call(
                    "credit",
                    "check-credit",
                    credit_request(
                        get(c, "customer_id"),
                        "2026-06-30",
                        "2500.00",
                        get(c, "credit_limit"),
                        c.exposure,
                        status=c.status,
                        when_no_limit="refer",
                    ),
                )
                self.assertEqual(kept.decision, sent.decision)
                self.assertEqual(kept.available, sent.available)
            k = ledger.kpis("2026-06-01", "2026-06-30")
            self.assertEqual(k.currency, "EUR")
            with self.assertRaises(EngineError) as cm:
                ledger.check_credit("NOBODY", "1", "2026-06-30")
            self.assertEqual(cm.exception.code, "unknown-customer")
        finally:
            ledger.close()

    def test_fuel_exhaustion_traps_and_the_order_check_fails_closed(self):
        poor = Engine(limits=Limits(fuel=50_000_000))
        with self.assertRaises((wasmtime.WasmtimeError, wasmtime.Trap)):
            poor.call(
                "documents",
                "generate",
                record(customers=100000, invoices=2000000, seed=1, end="2026-06-30", months=24),
            )
        starved = Engine(limits=Limits(fuel=1_000))
        d = check_credit(starved, credit_request("C1", "2026-06-30", "1000", "10000", exposure()))
        self.assertEqual(d["decision"], "hold")
        self.assertEqual(d["reasons"][0]["code"], "engine-unavailable")
        # The poor engine still serves a small call.
        d = check_credit(poor, credit_request("C1", "2026-06-30", "1000", "10000", exposure()))
        self.assertEqual(d["decision"], "approve")


if __name__ == "__main__":
    unittest.main()
