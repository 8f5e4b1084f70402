//! The two engines a command can run on: the core linked in (`native`), or the
//! sandboxed component through wasmtime (`component`).
//!
//! A command builds one request of `rappel_core::api`. The native engine answers it with
//! the core; the component engine sends it through the generic runner
//! ([`rappel_host::runner::invoke`]) and reads the answer with the core's own
//! `Deserialize` (the WIT records are the published records, field for field). Either
//! way the command gets the core's record, or the same `api::Error`, and prints the same
//! bytes; no record is mirrored here. The requests that carry files' bytes in or out
//! (`generate`, `import-bank`, `import-ubl`, `import-imr`) are typed calls instead, their
//! answers read as the core's records by `rappel_host`: a call by name moves each byte as
//! a value.

use std::path::PathBuf;

use rappel_core::api::{
    self, ApplyResponses, BankImport, Generate, ImportBank, MergeUbl, NamedFile, Request,
};
use rappel_core::collections::disputes::AppliedFiles;
use rappel_core::ingest::ImportReport;
use rappel_core::ingest::ubl::MergedFiles;
use rappel_core::model::Portfolio;
use rappel_host::bindings::exports::rappel::engine::documents as wd;
use rappel_host::bindings::exports::rappel::engine::types as wt;
use rappel_host::ledger::Ledger;
use rappel_host::records::Unreadable;
use rappel_host::{Host, Limits, bank, responses, runner, ubl};
use serde_json::{Map, Value};

use crate::data::{self, Source};

/// Which engine runs the command.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Kind {
    /// The core, linked into this program.
    #[default]
    Native,
    /// The WebAssembly component (`target/engine/rappel_engine.wasm`), in wasmtime.
    Component,
}

/// A loaded engine.
pub enum Engine {
    /// The core itself.
    Native,
    /// The component.
    Component(Box<Host>),
}

/// The portfolio a request reads.
pub enum Data<'a> {
    /// None.
    None,
    /// The one `src` names, read by the engine.
    From(&'a Source),
    /// The one `src` names, already read natively (the component reads the files again).
    Read(&'a Source, Box<Portfolio>),
}

/// Where the compiled component is kept between runs (compiling it takes seconds):
/// `$RAPPEL_CACHE_DIR`, else `$XDG_CACHE_HOME/rappel`, else `~/.cache/rappel`.
pub fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("RAPPEL_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("rappel")))
        .or_else(|| std::env::var_os("HOME").map(|d| PathBuf::from(d).join(".cache/rappel")))
}

impl Engine {
    /// Loads the engine of `kind` (the component from `path` or its default place).
    pub fn load(kind: Kind, path: Option<PathBuf>) -> Result<Engine, String> {
        match kind {
            Kind::Native => Ok(Engine::Native),
            Kind::Component => {
                let path = path.unwrap_or_else(rappel_host::default_component_path);
                let host = Host::load(&path, cache_dir().as_deref(), Limits::batch())
                    .map_err(|e| format!("{e:#}"))?;
                Ok(Engine::Component(Box::new(host)))
            }
        }
    }

    /// Refuses `--engine component` for a command whose output the component does not
    /// give in full (`why` says what is missing).
    pub fn native_only(&self, command: &str, why: &str) -> Result<(), String> {
        match self {
            Engine::Native => Ok(()),
            Engine::Component(_) => Err(format!("{command} {why}; run it with --engine native")),
        }
    }

    /// Answers `r` on the portfolio `data` names: its arguments are checked before the
    /// portfolio is read (by the core, or inside the component); import problems go to
    /// stderr (and `--strict` applies) on either engine.
    pub fn run<R: Request>(&self, data: Data<'_>, r: &R) -> Result<R::Answer, String> {
        match self {
            Engine::Native => Self::run_native(data, r),
            Engine::Component(host) => self.run_component(host, data, r),
        }
    }

    /// Bank statements matched against the portfolio `src` names. On the component by a
    /// typed call ([`rappel_host::bank`]): the statements are megabytes of bytes, which
    /// a call by name lowers one dynamic value a byte (a month of CODA against 1 M
    /// invoices took 4.7 s and 2.7 GB so).
    pub fn import_bank(&self, src: &Source, r: &ImportBank) -> Result<BankImport, String> {
        let Engine::Component(host) = self else {
            return self.run(Data::From(src), r);
        };
        self.on_ledger(
            host,
            src,
            r,
            |l| bank::import_bank(host, l, r),
            bank::answer,
        )
    }

    /// Invoice Responses applied to the disputes and promises of the portfolio `src`
    /// names. On the component by a typed call ([`rappel_host::responses`]): the two
    /// files come back as bytes, which a call by name lifts one dynamic value a byte.
    pub fn apply_responses(
        &self,
        src: &Source,
        r: &ApplyResponses,
    ) -> Result<AppliedFiles, String> {
        let Engine::Component(host) = self else {
            return self.run(Data::From(src), r);
        };
        let call = |l: &mut Ledger| responses::apply_responses(host, l, r);
        self.on_ledger(host, src, r, call, responses::answer)
    }

    /// A typed `call` on the ledger of the portfolio `src` names, its answer `read` as
    /// the core's record and the portfolio's import report (printed, and `--strict`
    /// applied, as on the native engine). `r`'s arguments are checked before the files
    /// are read, as the export does.
    fn on_ledger<R: Request, W, A>(
        &self,
        host: &Host,
        src: &Source,
        r: &R,
        call: impl FnOnce(&mut Ledger) -> wasmtime::Result<Result<W, wt::Error>>,
        read: impl FnOnce(W) -> Result<(A, ImportReport), Unreadable>,
    ) -> Result<A, String> {
        r.check().map_err(|e| e.to_string())?;
        let files = self.portfolio(src)?;
        let mut ledger = answered(Ledger::open(host, &files))?;
        let (answer, report) = read(answered(call(&mut ledger))?).map_err(|e| e.to_string())?;
        data::check_report(src, &report)?;
        Ok(answer)
    }

    /// Peppol UBL documents merged into the customers and invoices files. On the
    /// component by a typed call ([`rappel_host::ubl`]): both files go in and come back
    /// as bytes, which a call by name would move one dynamic value a byte (1.3 GB for a
    /// 100 000-invoice folder).
    pub fn merge_ubl(&self, r: &MergeUbl) -> Result<MergedFiles, String> {
        let Engine::Component(host) = self else {
            return self.run(Data::None, r);
        };
        ubl::answer(answered(ubl::merge_ubl(host, r))?).map_err(|e| e.to_string())
    }

    /// The files of the generated portfolio `r` asks for. On the component by a typed
    /// call: the answer is the files' bytes, which a call by name would lift as one
    /// dynamic value a byte (~40 bytes each: `generate --engine component` of 100 k
    /// invoices took 1.4 s and 1.1 GB, of 1 M several GB).
    pub fn generate(&self, r: &Generate) -> Result<Vec<NamedFile>, String> {
        let Engine::Component(host) = self else {
            return Ok(Self::run_native(Data::None, r)?.files);
        };
        let mut call = host.instantiate().map_err(failed)?;
        let request = wd::GenerateRequest {
            customers: r.customers,
            invoices: r.invoices,
            seed: r.seed,
            end: r.end.to_string(),
            months: r.months,
        };
        let documents = call.engine.rappel_engine_documents();
        let g = answered(documents.call_generate(&mut call.store, &request))?;
        Ok(g.files.into_iter().map(Self::named).collect())
    }

    /// A file of the WIT as the core's request names it.
    fn named(f: wt::CsvFile) -> NamedFile {
        NamedFile {
            name: f.name,
            contents: f.contents,
        }
    }

    fn run_native<R: Request>(data: Data<'_>, r: &R) -> Result<R::Answer, String> {
        r.check().map_err(|e| e.to_string())?;
        let p = match data {
            Data::None => None,
            Data::From(src) => Some(data::load(src)?),
            Data::Read(_, p) => Some(*p),
        };
        let answer = r.answer(p.as_ref()).map_err(|e| e.to_string());
        if let Some(p) = p {
            data::free_later(p);
        }
        answer
    }

    /// On the component: a request that reads a portfolio through its ledger method
    /// (the files opened by a typed call), any other through its export by name.
    fn run_component<R: Request>(
        &self,
        host: &Host,
        data: Data<'_>,
        r: &R,
    ) -> Result<R::Answer, String> {
        let src = match data {
            Data::None => None,
            Data::From(src) | Data::Read(src, _) => Some(src),
        };
        let export = r.export();
        let answer = match (src, r.ledger_method()) {
            (Some(src), Some(method)) if R::PORTFOLIO => {
                // As the export does: the arguments first, then the files.
                r.check().map_err(|e| e.to_string())?;
                let files = self.portfolio(src)?;
                let args = serde_json::to_value(r).map_err(|e| e.to_string())?;
                runner::invoke_on_ledger(host, &files, method, &args)
                    .map_err(failed)?
                    .map_err(|e: api::Error| e.to_string())?
            }
            _ => {
                let portfolio = match src {
                    Some(s) if R::PORTFOLIO => Some(Self::portfolio_json(self.portfolio(s)?)),
                    _ => None,
                };
                Self::invoke(host, export, Self::args(r, R::RECORD, portfolio)?)?
            }
        };
        if let (Some(src), Some(report)) = (src, answer.get("import_report")) {
            let report = serde_json::from_value(report.clone())
                .map_err(|e| format!("{export}: the import report: {e}"))?;
            data::check_report(src, &report)?;
        }
        serde_json::from_value(answer).map_err(|e| format!("{export}: {e}"))
    }

    /// The arguments of `r`, with the portfolio's files where the export takes them.
    fn args<R: Request>(
        r: &R,
        record: Option<&str>,
        portfolio: Option<Value>,
    ) -> Result<Value, String> {
        let Value::Object(mut fields) = serde_json::to_value(r).map_err(|e| e.to_string())? else {
            return Err("a request is a record of arguments".into());
        };
        if let Some(p) = portfolio {
            fields.insert("portfolio".into(), p);
        }
        Ok(match record {
            Some(name) => Value::Object(Map::from_iter([(name.into(), fields.into())])),
            None => fields.into(),
        })
    }

    fn invoke(host: &Host, export: &str, args: Value) -> Result<Value, String> {
        runner::invoke(host, export, &args)
            .map_err(failed)?
            .map_err(|e: api::Error| e.to_string())
    }

    /// The `portfolio` record for `src`: its files, or the demo made by the engine.
    fn portfolio(&self, src: &Source) -> Result<wt::Portfolio, String> {
        let (files, mapping) = match data::files(src)? {
            Some(f) => (f.files, f.mapping),
            None => {
                let demo = Generate::from(&rappel_core::generate::Config::default());
                let files = self.generate(&demo)?;
                (
                    files.into_iter().map(|f| (f.name, f.contents)).collect(),
                    None,
                )
            }
        };
        Ok(wt::Portfolio {
            files: files
                .into_iter()
                .map(|(name, contents)| wt::CsvFile { name, contents })
                .collect(),
            mapping,
            currency: src.currency.clone(),
        })
    }

    /// The `portfolio` record as the runner's JSON argument (a dynamic call: every byte
    /// a value of its own, for the exports the ledger has no method for).
    fn portfolio_json(p: wt::Portfolio) -> Value {
        let files: Vec<NamedFile> = p.files.into_iter().map(Self::named).collect();
        serde_json::json!({
            "files": files,
            "mapping": p.mapping,
            "currency": p.currency,
        })
    }
}

/// A trap or a limit, as the CLI words it: memory past the component's limit plainly
/// (the input is too large for it), anything else with the engine's own words.
fn failed(e: wasmtime::Error) -> String {
    match e.downcast_ref::<rappel_host::MemoryLimit>() {
        Some(m) => format!(
            "the engine stopped: {m}; these files are too large for the component (a WebAssembly module has at most 4 GiB); run the command with --engine native, which has no such limit"
        ),
        None => format!("the engine failed (trap or limit): {e:#}"),
    }
}

/// The record a typed call answered, or its error record worded as the core's
/// [`api::Error`] (a trap or a limit: [`failed`]).
fn answered<W>(out: wasmtime::Result<Result<W, wt::Error>>) -> Result<W, String> {
    out.map_err(failed)?
        .map_err(|e| api::Error::from(&e).to_string())
}
