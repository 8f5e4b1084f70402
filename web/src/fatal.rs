//! A panic shows a readable message on the page (and in the console) instead of leaving
//! a dead page behind.

use wasm_bindgen::JsCast;

/// Installs the panic hook.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(body) = doc.body() else { return };
        if let Ok(el) = doc.create_element("div") {
            el.set_id("fatal");
            el.set_attribute("role", "alert").ok();
            el.set_attribute("data-testid", "fatal").ok();
            let text = format!(
                "Rappel stopped because of an internal error. Your data stayed in this page; reload to start again.\n\n{message}"
            );
            el.set_text_content(Some(&text));
            if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
                h.set_class_name("fatal");
            }
            body.prepend_with_node_1(&el).ok();
        }
    }));
}
