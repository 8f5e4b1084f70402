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

/// Reads every file of `list`, in its order; all reads are started at once, so that the
/// browser fetches them side by side. A file the browser cannot read (removed or changed
/// on disk since it was chosen) fails the whole choice with its name and the reason:
/// reading the others without it would show KPIs of part of the data (every invoice
/// unpaid when the payments file is the one missing).
async fn read_files(list: Vec<web_sys::File>) -> Result<Files, (String, String)> {
    let reads: Vec<_> = list
        .into_iter()
        .map(|f| {
            let name = f.name();
            let read = gloo_file::futures::read_as_bytes(&gloo_file::File::from(f));
            (name, read)
        })
        .collect();
    let mut out = Vec::with_capacity(reads.len());
    for (name, read) in reads {
        match read.await {
            Ok(bytes) => out.push((name, bytes)),
            Err(e) => return Err((name, e.to_string())),
        }
    }
    Ok(out)
}

/// The drop zone and file picker; calls `on_files` with what was read, or with the
/// notice saying which file could not be read (then nothing is loaded).
#[component]
pub fn Upload(lang: Signal<Language>, on_files: Callback<Result<Files, String>>) -> impl IntoView {
    let over = RwSignal::new(false);
    let take = move |list: Option<web_sys::FileList>| {
        if let Some(list) = list.as_ref().map(take_list) {
            spawn_local(async move {
                match read_files(list).await {
                    Ok(files) if files.is_empty() => {}
                    Ok(files) => on_files.run(Ok(files)),
                    Err((name, why)) => {
                        let l = lang.get_untracked();
                        let notice = format!("{name}: {} ({why})", i18n::FILE_UNREADABLE.get(l));
                        on_files.run(Err(notice));
                    }
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
