//! Any export of the component called by name with JSON arguments, and its answer as
//! JSON: for integrators (`rappel component call`, with the fuel, peak memory and time
//! a call took, so a platform sets its budgets from measured numbers), and for a host
//! that wants the core's published records from the component ([`invoke`]).
//!
//! Arguments are a JSON object keyed by the function's parameter names. Records are
//! objects, enums are strings, variants are `{"case": payload}` (or `"case"` without
//! payload), tuples are arrays, options are `null` or the value, and a `list<u8>` is a
//! string (its UTF-8 bytes), an array of numbers, or `{"file": "path"}` (relative to the
//! input file's folder). Names are spelled as the WIT spells them ([`Naming::Wit`],
//! `{"request": {"customer-id": "C1"}}`) or as the published JSON does
//! ([`Naming::Published`], `customer_id`, enum case `phone_task`); in the second
//! spelling an answer is exactly the JSON the core's records read back
//! (`rappel_core::wire`).

use std::path::Path;

use serde_json::{Map, Value};
use wasmtime::component::types::Type;
use wasmtime::component::{Func, Val};
use wasmtime::error::Context;
use wasmtime::{Result, bail, format_err as anyhow};

use rappel_core::api::Error as EngineError;

use crate::{Call, Host, Usage};

/// How names of fields and cases are spelled in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// As in the WIT: `customer-id`, `phone-task`; a `list<u8>` answer that is UTF-8 text
    /// is shown as a string.
    Wit,
    /// As in the core's published JSON: `customer_id`, `phone_task`; a `list<u8>` is
    /// always an array of bytes.
    Published,
}

impl Naming {
    /// A WIT name (`due-date`) as this naming spells it.
    fn spell(self, wit: &str) -> String {
        self.respell(wit.to_string())
    }

    /// [`Naming::spell`] of a name already owned, reusing the string when it is
    /// already so spelled.
    fn respell(self, wit: String) -> String {
        match self {
            Naming::Published if wit.contains('-') => wit.replace('-', "_"),
            _ => wit,
        }
    }

    /// Whether `given` names the case `wit` (in the published spelling, also as the WIT
    /// writes it: some published enums are kebab case, such as a fee rule `nl-wik`).
    fn reads(self, wit: &str, given: &str) -> bool {
        given == wit || self.spell(wit) == given
    }
}

/// The interfaces of `rappel:engine` ([`crate::WIT_VERSION`]), searched in this order for
/// a function name.
pub const INTERFACES: [&str; 8] = [
    "credit",
    "fees",
    "collections",
    "kpis",
    "documents",
    "risk",
    "ledger",
    "types",
];

/// Every exported function as `interface/function`.
pub fn exports(host: &Host) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut call = host.instantiate()?;
    let instance = call.engine_instance()?;
    for iface in INTERFACES {
        let name = format!("rappel:engine/{iface}@{}", crate::WIT_VERSION);
        if let Some((wasmtime::component::types::ComponentItem::ComponentInstance(ci), _)) =
            instance.get_export(&mut call.store, None, &name)
        {
            for (f, item) in ci.exports(call.store.engine()) {
                // Functions only: the interface exports its types too.
                if matches!(
                    item.ty,
                    wasmtime::component::types::ComponentItem::ComponentFunc(_)
                ) {
                    out.push(format!("{iface}/{f}"));
                }
            }
        }
    }
    Ok(out)
}

/// Calls `function` (`check-credit` or `credit/check-credit`) with `args` in the WIT's
/// spelling; `base` is the folder `{"file": …}` paths are relative to. The answer is
/// the WIT value as JSON (`{"ok": …}` or `{"err": …}` for a `result`).
pub fn call(host: &Host, function: &str, args: &Value, base: &Path) -> Result<(Value, Usage)> {
    call_named(host, function, args, base, Naming::Wit)
}

/// Calls `function` with `args` spelled as the published JSON, and returns its `ok`
/// value in that spelling (so the core's records read it with `Deserialize`), or the
/// engine's `error`. A trap or a limit is the outer error.
pub fn invoke(host: &Host, function: &str, args: &Value) -> Result<Result<Value, EngineError>> {
    let (out, _) = call_named(host, function, args, Path::new("."), Naming::Published)?;
    answer_of(function, out)
}

/// Opens `files` in the ledger (`ledger.portfolio.open`, a typed call: the files are
/// copied into the guest as they are) and calls the portfolio's `method`
/// (`kpis`, `run-dunning`) with `args` spelled as the published JSON (its parameters
/// but `self`); answers as [`invoke`] does.
///
/// This is how a host passes a large portfolio to a function chosen by name: a dynamic
/// call lowers every `list<u8>` element as a `Val` of its own (~40 bytes a byte), which
/// for the 117 MB of the 1 M-invoice portfolio is several gigabytes and half a minute.
pub fn invoke_on_ledger(
    host: &Host,
    files: &crate::bindings::exports::rappel::engine::types::Portfolio,
    method: &str,
    args: &Value,
) -> Result<Result<Value, EngineError>> {
    let mut ledger = match crate::ledger::Ledger::open(host, files)? {
        Ok(l) => l,
        Err(e) => return Ok(Err(EngineError::from(&e))),
    };
    let (call, portfolio) = ledger.parts();
    let function = format!("ledger/[method]portfolio.{method}");
    let func = find(call, &function)?;
    let this = Val::Resource(portfolio);
    let to = To {
        base: Path::new("."),
        naming: Naming::Published,
    };
    let out = call_func(host, call, func, Some(this), args, &to)?;
    answer_of(&function, out)
}

/// The `ok` value of a `result` answer, or the engine's error record it holds.
fn answer_of(function: &str, out: Value) -> Result<Result<Value, EngineError>> {
    let Value::Object(mut m) = out else {
        bail!("{function} does not return a result");
    };
    if let Some(ok) = m.remove("ok") {
        return Ok(Ok(ok));
    }
    let err = m
        .remove("err")
        .ok_or_else(|| anyhow!("{function} does not return a result"))?;
    let e: EngineError = serde_json::from_value(err).context("the engine's error record")?;
    Ok(Err(e))
}

fn call_named(
    host: &Host,
    function: &str,
    args: &Value,
    base: &Path,
    naming: Naming,
) -> Result<(Value, Usage)> {
    let mut call = host.instantiate()?;
    let func = find(&mut call, function)?;
    let out = call_func(host, &mut call, func, None, args, &To { base, naming })?;
    Ok((out, call.usage()))
}

/// The export `function` (`check-credit` or `credit/check-credit`).
fn find(call: &mut Call, function: &str) -> Result<Func> {
    let (want_iface, name) = match function.split_once('/') {
        Some((i, f)) => (Some(i), f),
        None => (None, function),
    };
    let instance = call.engine_instance()?;
    for iface in INTERFACES {
        if want_iface.is_some_and(|w| w != iface) {
            continue;
        }
        let full = format!("rappel:engine/{iface}@{}", crate::WIT_VERSION);
        let Some((_, idx)) = instance.get_export(&mut call.store, None, &full) else {
            continue;
        };
        if let Some((_, fidx)) = instance.get_export(&mut call.store, Some(&idx), name)
            && let Some(f) = instance.get_func(&mut call.store, fidx)
        {
            return Ok(f);
        }
    }
    bail!("no exported function {function:?} (see `rappel component exports`)")
}

/// Calls `func` with `args` keyed by parameter name (the first parameter given as
/// `this` when it is a method's `self`), and its results as JSON.
fn call_func(
    host: &Host,
    call: &mut Call,
    func: Func,
    this: Option<Val>,
    args: &Value,
    to: &To<'_>,
) -> Result<Value> {
    // A dynamic call lifts every list element as a `Val` (tens of bytes each), and
    // wasmtime charges that against the store's hostcall fuel (128 MiB by default): a
    // few megabytes of files would exhaust it. The guest cannot hand over more than its
    // memory, so the budget is that memory at the size of a `Val` per byte.
    call.store.set_hostcall_fuel(
        host.limits()
            .memory_bytes
            .saturating_mul(std::mem::size_of::<Val>()),
    );
    let ty = func.ty(&call.store);
    let obj = args
        .as_object()
        .ok_or_else(|| anyhow!("the arguments must be a JSON object keyed by parameter name"))?;
    let naming = to.naming;
    let mut params = Vec::new();
    let mut this = this;
    for (pname, pty) in ty.params() {
        if let Some(v) = this.take() {
            params.push(v);
            continue;
        }
        let v = obj.get(&naming.spell(pname)).unwrap_or(&Value::Null);
        params.push(
            to.val(v, &pty)
                .with_context(|| format!("argument {pname:?}"))?,
        );
    }
    for k in obj.keys() {
        if !ty
            .params()
            .any(|(p, _)| naming.spell(p) == *k && p != "self")
        {
            bail!("unknown argument {k:?}");
        }
    }
    let mut results = vec![Val::Bool(false); ty.results().len()];
    func.call(&mut call.store, &params, &mut results)?;
    Ok(match results.as_slice() {
        [_] => results
            .pop()
            .map_or(Value::Null, |one| from_val(one, naming)),
        _ => Value::Array(results.into_iter().map(|v| from_val(v, naming)).collect()),
    })
}

/// JSON arguments → WIT values.
struct To<'a> {
    base: &'a Path,
    naming: Naming,
}

impl To<'_> {
    fn val(&self, v: &Value, ty: &Type) -> Result<Val> {
        let (base, naming) = (self.base, self.naming);
        let to_val = |v: &Value, ty: &Type, _: &Path| self.val(v, ty);
        let int = |v: &Value| {
            v.as_i64()
                .ok_or_else(|| anyhow!("expected an integer, got {v}"))
        };
        let uint = |v: &Value| {
            v.as_u64()
                .ok_or_else(|| anyhow!("expected a non-negative integer, got {v}"))
        };
        let small = |n: i64| -> Result<i64> { Ok(n) };
        Ok(match ty {
            Type::Bool => Val::Bool(
                v.as_bool()
                    .ok_or_else(|| anyhow!("expected true or false"))?,
            ),
            Type::S8 => Val::S8(i8::try_from(small(int(v)?)?)?),
            Type::U8 => Val::U8(u8::try_from(uint(v)?)?),
            Type::S16 => Val::S16(i16::try_from(int(v)?)?),
            Type::U16 => Val::U16(u16::try_from(uint(v)?)?),
            Type::S32 => Val::S32(i32::try_from(int(v)?)?),
            Type::U32 => Val::U32(u32::try_from(uint(v)?)?),
            Type::S64 => Val::S64(int(v)?),
            Type::U64 => Val::U64(uint(v)?),
            Type::String => Val::String(
                v.as_str()
                    .ok_or_else(|| anyhow!("expected a string, got {v}"))?
                    .to_string(),
            ),
            Type::List(l) => {
                let elem = l.ty();
                match (v, &elem) {
                    (Value::String(s), Type::U8) => Val::List(s.bytes().map(Val::U8).collect()),
                    (Value::Object(o), Type::U8) => {
                        let f = o
                            .get("file")
                            .and_then(Value::as_str)
                            .ok_or_else(|| anyhow!("expected {{\"file\": \"path\"}}"))?;
                        let path = base.join(f);
                        let bytes =
                            std::fs::read(&path).with_context(|| path.display().to_string())?;
                        Val::List(bytes.into_iter().map(Val::U8).collect())
                    }
                    (Value::Array(a), _) => Val::List(
                        a.iter()
                            .enumerate()
                            .map(|(i, x)| to_val(x, &elem, base).with_context(|| format!("[{i}]")))
                            .collect::<Result<_>>()?,
                    ),
                    _ => bail!("expected a list, got {v}"),
                }
            }
            Type::Record(r) => {
                let o = v
                    .as_object()
                    .ok_or_else(|| anyhow!("expected an object, got {v}"))?;
                let mut fields = Vec::new();
                for f in r.fields() {
                    let x = o.get(&naming.spell(f.name)).unwrap_or(&Value::Null);
                    fields.push((
                        f.name.to_string(),
                        to_val(x, &f.ty, base).with_context(|| format!(".{}", f.name))?,
                    ));
                }
                for k in o.keys() {
                    if !r.fields().any(|f| naming.spell(f.name) == *k) {
                        bail!("unknown field {k:?}");
                    }
                }
                Val::Record(fields)
            }
            Type::Enum(e) => {
                let s = v.as_str().ok_or_else(|| {
                    anyhow!("expected one of {:?}", e.names().collect::<Vec<_>>())
                })?;
                let Some(name) = e.names().find(|n| naming.reads(n, s)) else {
                    bail!("{s:?} is not one of {:?}", e.names().collect::<Vec<_>>());
                };
                Val::Enum(name.to_string())
            }
            Type::Variant(var) => {
                let (case, payload) = match v {
                    Value::String(s) => (s.as_str(), None),
                    Value::Object(o) if o.len() == 1 => {
                        let (k, p) = o.iter().next().ok_or_else(|| anyhow!("empty variant"))?;
                        (k.as_str(), Some(p))
                    }
                    _ => bail!("expected \"case\" or {{\"case\": payload}}, got {v}"),
                };
                let c = var
                    .cases()
                    .find(|c| naming.spell(c.name) == case)
                    .ok_or_else(|| {
                        anyhow!(
                            "{case:?} is not one of {:?}",
                            var.cases().map(|c| c.name).collect::<Vec<_>>()
                        )
                    })?;
                let p = match (&c.ty, payload) {
                    (Some(t), Some(p)) => Some(Box::new(to_val(p, t, base)?)),
                    (None, None) => None,
                    (None, Some(Value::Null)) => None,
                    _ => bail!("case {case:?}: payload does not match"),
                };
                Val::Variant(c.name.to_string(), p)
            }
            Type::Option(o) => match v {
                Value::Null => Val::Option(None),
                x => Val::Option(Some(Box::new(to_val(x, &o.ty(), base)?))),
            },
            Type::Tuple(t) => {
                let items = v
                    .as_array()
                    .filter(|a| a.len() == t.types().len())
                    .ok_or_else(|| anyhow!("expected an array of {}, got {v}", t.types().len()))?;
                Val::Tuple(
                    items
                        .iter()
                        .zip(t.types())
                        .map(|(x, ty)| to_val(x, &ty, base))
                        .collect::<Result<_>>()?,
                )
            }
            other => bail!("arguments of type {other:?} are not supported by the runner"),
        })
    }
}

/// A WIT value → JSON, names spelled by `naming`. The value is consumed: its strings
/// move into the JSON rather than being copied (an answer can hold a million rows).
fn from_val(v: Val, naming: Naming) -> Value {
    let from_val = |v: Val| from_val(v, naming);
    match v {
        Val::Bool(b) => Value::Bool(b),
        Val::S8(n) => n.into(),
        Val::U8(n) => n.into(),
        Val::S16(n) => n.into(),
        Val::U16(n) => n.into(),
        Val::S32(n) => n.into(),
        Val::U32(n) => n.into(),
        Val::S64(n) => n.into(),
        Val::U64(n) => n.into(),
        Val::Float32(x) => x.into(),
        Val::Float64(x) => x.into(),
        Val::Char(c) => Value::String(c.to_string()),
        Val::String(s) => Value::String(s),
        Val::List(items) => {
            let text = || {
                let bytes: Option<Vec<u8>> = items
                    .iter()
                    .map(|x| if let Val::U8(b) = x { Some(*b) } else { None })
                    .collect();
                bytes.and_then(|b| String::from_utf8(b).ok())
            };
            match naming {
                Naming::Wit if !items.is_empty() => match text() {
                    Some(t) => Value::String(t),
                    None => Value::Array(items.into_iter().map(from_val).collect()),
                },
                _ => Value::Array(items.into_iter().map(from_val).collect()),
            }
        }
        Val::Record(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, x)| (naming.respell(k), from_val(x)))
                .collect::<Map<_, _>>(),
        ),
        Val::Tuple(items) => Value::Array(items.into_iter().map(from_val).collect()),
        Val::Variant(case, None) | Val::Enum(case) => Value::String(naming.respell(case)),
        Val::Variant(case, Some(p)) => {
            let mut m = Map::new();
            m.insert(naming.respell(case), from_val(*p));
            m.into()
        }
        Val::Option(None) => Value::Null,
        Val::Option(Some(x)) => from_val(*x),
        Val::Result(r) => {
            let (k, x) = match r {
                Ok(x) => ("ok", x),
                Err(x) => ("err", x),
            };
            let mut m = Map::new();
            m.insert(k.into(), x.map(|x| from_val(*x)).unwrap_or(Value::Null));
            m.into()
        }
        Val::Flags(f) => Value::Array(f.into_iter().map(Value::String).collect()),
        other => Value::String(format!("{other:?}")),
    }
}
