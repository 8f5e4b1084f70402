//! A panic, or memory running out, shows a readable message on the page (and in the
//! console) instead of leaving a dead page behind.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::memory;

/// What the page says when an allocation failed ([`memory`]): the module stopped at a
/// trap. It is a constant, since nothing can be allocated to write it.
const OUT_OF_MEMORY: &str = "Rappel ran out of memory: a browser page can use at most 4 GiB, \
    and the data it was working on needs more. Your data stayed in this page and was sent \
    nowhere. Reload the page to go on; for data this large use the rappel command line, \
    which has no such limit.";

/// Installs the panic hook, and the listeners that tell a trap after a failed allocation
/// from other errors (the trap is an uncaught `RuntimeError` in the browser).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show(&format!(
            "Rappel stopped because of an internal error. Your data stayed in this page; reload to start again.\n\n{message}"
        ));
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_error = Closure::<dyn Fn()>::new(|| {
        if memory::exhausted() {
            show(OUT_OF_MEMORY);
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
