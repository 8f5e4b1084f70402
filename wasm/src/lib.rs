//! The Rappel engine as a WebAssembly component (`rappel:engine@3.5.0`, `wit/engine.wit`).
//!
//! This crate is only an adapter: it reads the WIT arguments (decimal strings, ISO
//! dates, CSV bytes) into the core's request (`rappel_core::api`, the same one the CLI
//! runs natively), lets the core answer it, and converts the answer back, one `From`
//! impl per record, in one file per WIT interface. It is built for
//! `wasm32-unknown-unknown` and wrapped into a component by `cargo xtask component`, so
//! the component imports nothing at all.
//!
//! On other targets the crate is empty: the component's export names (`rappel:engine/…`)
//! are not valid symbol names for a native linker.
#![cfg(target_arch = "wasm32")]

mod bank;
mod collections;
mod credit;
mod documents;
mod fees;
mod input;
mod kpis;
mod ledger;
mod risk;

wit_bindgen::generate!({
    world: "engine",
    path: "wit",
});

/// The type that implements every exported interface.
pub struct Engine;

export!(Engine);
