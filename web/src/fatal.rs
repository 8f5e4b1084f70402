//! A panic, memory running out, or any other stop of the module (a trap, the call stack
//! run out) shows a readable message on the page, in the language shown (and in the
//! console), instead of leaving a dead page behind.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::{i18n, memory};

/// Installs the panic hook, and the listeners for the module stopping without a panic:
/// a trap is an uncaught `RuntimeError` in the browser (after a failed allocation, or
/// reading outside the module's memory, which is where an overflow of the stack in memory
/// ends), and the engine's own call stack running out is a `RangeError`. Either leaves the
/// module's state unknown, so the page says it stopped instead of going on half dead.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        let l = i18n::shown();
        show(&format!("{}\n\n{message}", i18n::INTERNAL_ERROR.get(l)));
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    // The texts are constants in the language shown, read from an atomic: nothing is
    // allocated to write them, which matters after memory ran out or the heap was left
    // mid-change. The browser has already written the error itself to the console.
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        if memory::exhausted() {
            show(i18n::OUT_OF_MEMORY.get(i18n::shown()));
        } else if stopped_the_module(&event) {
            show(i18n::INTERNAL_ERROR.get(i18n::shown()));
        }
    });
    for event in ["error", "unhandledrejection"] {
        let _ = window.add_event_listener_with_callback(event, on_error.as_ref().unchecked_ref());
    }
    // Listens as long as the page lives.
    on_error.forget();
}

/// Whether the uncaught error of `event` (an `error` event's error, or an
/// `unhandledrejection` event's reason) stopped the module: a trap (`RuntimeError`) or a
/// call stack run out (`RangeError`). Other uncaught errors leave the module as it was:
/// the console has them, and the page goes on.
fn stopped_the_module(event: &web_sys::Event) -> bool {
    let thrown = if let Some(e) = event.dyn_ref::<web_sys::ErrorEvent>() {
        e.error()
    } else if let Some(e) = event.dyn_ref::<web_sys::PromiseRejectionEvent>() {
        e.reason()
    } else {
        return false;
    };
    thrown.is_instance_of::<js_sys::WebAssembly::RuntimeError>()
        || thrown.is_instance_of::<js_sys::RangeError>()
}

/// Puts `text` in an alert at the top of the page, once (a second error adds nothing).
fn show(text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("fatal").is_some() {
        return;
    }
    if let Ok(el) = doc.create_element("div") {
        el.set_id("fatal");
        el.set_attribute("role", "alert").ok();
        el.set_attribute("data-testid", "fatal").ok();
        el.set_text_content(Some(text));
        if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
            h.set_class_name("fatal");
        }
        body.prepend_with_node_1(&el).ok();
    }
}
