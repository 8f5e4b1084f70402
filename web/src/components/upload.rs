//! The drop zone and file picker: files chosen or dropped on the page are read in the
//! browser (nothing is uploaded anywhere) and handed on as `(name, bytes)`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::model::Language;
use wasm_bindgen::JsCast;

use crate::i18n;

/// Files the user gave, as `(name, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

/// Files kept to be read again (when a suggested bank match is decided), shared.
pub type SharedFiles = std::sync::Arc<[(String, Vec<u8>)]>;

/// Reads the first file chosen in the `<input type="file">` of `ev` as text and calls
/// `then` with its name and text (or the read error).
pub fn read_text_file(
    ev: &web_sys::Event,
    then: impl FnOnce(String, Result<String, String>) + 'static,
) {
    let f = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|l| l.get(0));
    if let Some(f) = f {
        let name = f.name();
        spawn_local(async move {
            let file = gloo_file::File::from(f);
            let text = gloo_file::futures::read_as_text(&file)
                .await
                .map_err(|e| e.to_string());
            then(name, text);
        });
    }
}

/// The files of a (live) `FileList`, taken before the input is cleared.
fn take_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

async fn read_files(list: Vec<web_sys::File>) -> Files {
    let mut out = Vec::new();
    for f in list {
        let name = f.name();
        let file = gloo_file::File::from(f);
        match gloo_file::futures::read_as_bytes(&file).await {
            Ok(bytes) => out.push((name, bytes)),
            Err(e) => web_sys::console::error_1(&format!("{name}: {e}").into()),
        }
    }
    out
}

/// The drop zone and file picker; calls `on_files` with what was read.
#[component]
pub fn Upload(lang: Signal<Language>, on_files: Callback<Files>) -> impl IntoView {
    let over = RwSignal::new(false);
    let take = move |list: Option<web_sys::FileList>| {
        if let Some(list) = list.as_ref().map(take_list) {
            spawn_local(async move {
                let files = read_files(list).await;
                if !files.is_empty() {
                    on_files.run(files);
                }
            });
        }
    };
    view! {
        <div
            class=move || if over.get() { "dropzone over" } else { "dropzone" }
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(false);
                take(ev.data_transfer().and_then(|d| d.files()));
            }
        >
            <p>{move || i18n::UPLOAD_HINT.get(lang.get())}</p>
            <input
                type="file"
                multiple=true
                accept=".csv,.xml,.cod,.coda,.txt,text/csv,application/xml"
                data-testid="upload"
                on:change=move |ev| {
                    let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                    take(input.as_ref().and_then(|i| i.files()));
                    if let Some(i) = input {
                        i.set_value("");
                    }
                }
            />
        </div>
    }
}
