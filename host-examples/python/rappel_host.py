"""Embedding the rappel:engine component in Python with the `wasmtime` package.

`wasmtime.component` calls a component dynamically: records are `Record` objects whose
attributes carry the WIT (kebab-case) names, read with `getattr(r, "customer-id")`;
`record()` and `get()` below accept snake_case, enums are strings, variants are `Variant(tag, payload)`,
`list<u8>` is `bytes`, options are `None` or the value. A variant whose cases all have
different Python types is passed untagged: the dunning `history` is `None` (no
history), `bytes` (actions.csv) or `str` (JSON).

Results: wasmtime-py returns a bare payload for a `result<T, E>` whose ok and err cases
have different Python types, and a `Variant('ok'|'err', payload)` when they share one.
Every result of the engine has a record on both sides, so every call comes back as a
`Variant` and ok and err can always be told apart; `call` below turns `err` into an
`EngineError` and checks that nothing else slips through.

Fuel and a memory limit make runaway input trap (`wasmtime.WasmtimeError`/`Trap`)
instead of hanging the host; `check_credit` fails closed: a trap answers "hold".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import wasmtime
from wasmtime import component as wc

HERE = Path(__file__).resolve().parent
DEFAULT_COMPONENT = Path(
    os.environ.get("RAPPEL_COMPONENT", HERE / "../../target/engine/rappel_engine.wasm")
)
VERSION = "3.5.0"


class EngineError(Exception):
    """The engine answered `err(error)`: bad input, with the WIT error record."""

    def __init__(self, record):
        super().__init__(record.message)
        self.code = record.code
        self.path = record.path
        self.line = record.line
        self.problems = [
            {"path": p.path, "line": p.line, "field": p.field, "reason": p.reason}
            for p in record.problems
        ]


@dataclass
class Limits:
    """Per-call budgets: fuel (about one unit per wasm instruction) and memory."""

    fuel: int = 10_000_000_000
    memory_bytes: int = 512 << 20


class Engine:
    """One compiled component; a fresh store per call (per tenant)."""

    def __init__(self, path: Path = DEFAULT_COMPONENT, limits: Limits | None = None):
        self.limits = limits or Limits()
        config = wasmtime.Config()
        config.consume_fuel = True
        self.engine = wasmtime.Engine(config)
        self.component = wc.Component.from_file(self.engine, str(path))
        # A linker with nothing in it: the component imports nothing.
        self.linker = wc.Linker(self.engine)

    def call(self, interface: str, function: str, *args):
        """Calls `interface/function` in a fresh store; returns the ok payload, raises
        EngineError for `err`, and lets traps (limits hit) propagate."""
        store = self.store()
        instance = self.linker.instantiate(store, self.component)
        iface = instance.get_export_index(store, f"rappel:engine/{interface}@{VERSION}")
        index = instance.get_export_index(store, function, iface)
        return _invoke(store, instance, index, function, args)

    def store(self) -> wasmtime.Store:
        """A store with this engine's limits."""
        store = wasmtime.Store(self.engine)
        store.set_fuel(self.limits.fuel)
        store.set_limits(memory_size=self.limits.memory_bytes)
        return store


def _invoke(store, instance, index, function: str, args):
    """Calls the function at `index`; the ok payload, or EngineError for `err`."""
    func = instance.get_func(store, index)
    out = func(store, *args)
    func.post_return(store)
    # `result<portfolio, error>` and `result<list<problem>, error>`: where the ok type
    # (a resource, a list) and the error record differ in Python type, wasmtime-py
    # passes the result untagged.
    if isinstance(out, (wc.ResourceAny, list)):
        return out
    if (function.startswith("[static]") or function == "policy-warnings") and isinstance(out, wc.Record):
        raise EngineError(out)
    if not isinstance(out, wc.Variant) or out.tag not in ("ok", "err"):
        raise TypeError(f"{function}: expected a tagged result, got {out!r}")
    if out.tag == "err":
        raise EngineError(out.payload)
    return out.payload


class Ledger:
    """One tenant's portfolio read once into the component (`ledger.portfolio`, WIT
    1.0.0), in a store of its own: every call works on the kept portfolio instead of
    sending the files again. Each call gets the full fuel budget afresh."""

    def __init__(self, engine: Engine, files):
        self.engine = engine
        self.store = engine.store()
        self.instance = engine.linker.instantiate(self.store, engine.component)
        self.iface = self.instance.get_export_index(
            self.store, f"rappel:engine/ledger@{VERSION}"
        )
        self.portfolio = self._call("[static]portfolio.open", files)

    def _call(self, function: str, *args):
        self.store.set_fuel(self.engine.limits.fuel)
        index = self.instance.get_export_index(self.store, function, self.iface)
        return _invoke(self.store, self.instance, index, function, args)

    def check_credit(self, customer_id, order_amount, as_of, tolerance=30, when_no_limit="approve"):
        """`check-credit` on the kept portfolio: the customer's exposure comes from it
        (`when_no_limit`: approve or refer an order of a customer without a limit)."""
        return self._call(
            "[method]portfolio.check-credit",
            self.portfolio,
            customer_id,
            order_amount,
            as_of,
            tolerance,
            when_no_limit,
        )

    def kpis(self, from_, to, trend_months=None, first_invoice_days=30):
        """`kpis` of the period on the kept portfolio."""
        return self._call(
            "[method]portfolio.kpis", self.portfolio, from_, to, trend_months, first_invoice_days
        )

    def close(self):
        """Frees the portfolio inside the component."""
        self.portfolio.drop(self.store)


def record(**fields):
    """A WIT record value from snake_case keyword arguments."""
    r = wc.Record()
    for k, v in fields.items():
        setattr(r, k.replace("_", "-"), v)
    return r


def get(r, name: str):
    """A record field by its snake_case or WIT name."""
    return getattr(r, name.replace("_", "-"))


def credit_request(
    customer_id,
    as_of,
    order_amount,
    credit_limit,
    exposure,
    tolerance=30,
    status="active",
    when_no_limit="approve",
):
    """The `credit-request` record (`status`: active, delivery-stopped,
    collection-partner or insolvent, since WIT 2.0.0; `when_no_limit`: approve or
    refer, since WIT 3.0.0)."""
    return record(
        customer_id=customer_id,
        as_of=as_of,
        order_amount=order_amount,
        credit_limit=credit_limit,
        exposure=exposure,
        overdue_tolerance_days=tolerance,
        status=status,
        when_no_limit=when_no_limit,
    )


def check_credit(engine: Engine, request) -> dict:
    """`check-credit`, failing closed: a trap (fuel, memory) answers "hold" with reason
    `engine-unavailable`; bad input raises EngineError."""
    try:
        d = engine.call("credit", "check-credit", request)
    except EngineError:
        raise
    except (wasmtime.WasmtimeError, wasmtime.Trap) as trap:
        return {
            "customer_id": get(request, "customer_id"),
            "decision": "hold",
            "reasons": [
                {
                    "code": "engine-unavailable",
                    "message": f"credit check could not be made, order held: {trap}",
                }
            ],
        }
    return {
        "customer_id": get(d, "customer_id"),
        "decision": d.decision,
        "available": d.available,
        "reasons": [{"code": r.code, "message": r.message} for r in d.reasons],
    }
