//! A panic, or memory running out, shows a readable message on the page, in the language
//! shown (and in the console), instead of leaving a dead page behind.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::{i18n, memory};

/// Installs the panic hook, and the listeners that tell a trap after a failed allocation
/// from other errors (the trap is an uncaught `RuntimeError` in the browser).
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
    // After a failed allocation, the message is a constant in the language shown, read
    // from an atomic: nothing is allocated to write it.
    let on_error = Closure::<dyn Fn()>::new(|| {
        if memory::exhausted() {
            show(i18n::OUT_OF_MEMORY.get(i18n::shown()));
        }
    });
    for event in ["error", "unhandledrejection"] {
        let _ = window.add_event_listener_with_callback(event, on_error.as_ref().unchecked_ref());
    }
    // Listens as long as the page lives.
    on_error.forget();
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
