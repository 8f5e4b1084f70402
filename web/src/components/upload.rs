//! The drop zone and file picker: files chosen or dropped on the page are read in the
//! browser (nothing is uploaded anywhere) and handed on as [`PageFiles`].

use std::borrow::Cow;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::bundle::BundleFiles;
use rappel_core::model::Language;
use wasm_bindgen::JsCast;

use crate::i18n;

/// The files the user gave, each kept as the browser read it — in the browser's memory,
/// outside the module's — and lent to the core's reading a buffer at a time
/// ([`BundleFiles`]): a table file is streamed, never copied whole into the module,
/// whose memory cannot grow past 4 GiB and never shrinks (a million-invoice upload's
/// ~120 MB of CSV stay out of it), and no time goes into copying it into fresh memory
/// before the first row is read. Cheap to clone: kept to be read again when a
/// suggested bank match is decided.
#[derive(Clone)]
pub struct PageFiles(Rc<[PageFile]>);

/// One file: its name and its bytes.
struct PageFile {
    name: String,
    bytes: js_sys::Uint8Array,
    /// `bytes.length()`, asked once.
    size: u32,
}

impl PageFiles {
    /// Whether `self` and `other` are the same choice of files (not merely equal ones).
    pub fn same(&self, other: &PageFiles) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl BundleFiles for PageFiles {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn name(&self, i: usize) -> &str {
        &self.0[i].name
    }

    fn size(&self, i: usize) -> u64 {
        u64::from(self.0[i].size)
    }

    fn read_at(&self, i: usize, at: u64, buf: &mut [u8]) -> usize {
        let f = &self.0[i];
        let start = u32::try_from(at).unwrap_or(u32::MAX).min(f.size);
        let n = (f.size - start).min(u32::try_from(buf.len()).unwrap_or(u32::MAX));
        if n > 0 {
            f.bytes
                .subarray(start, start + n)
                .copy_to(&mut buf[..n as usize]);
        }
        n as usize
    }

    fn bytes(&self, i: usize) -> Cow<'_, [u8]> {
        Cow::Owned(self.0[i].bytes.to_vec())
    }
}

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

/// Files this large or larger are taken to have failed to read for their size. Chromium
/// 148 reads a file of 2 145 386 496 bytes (2 GiB − 2 MiB) into memory and refuses one of
/// 2 146 435 072 (2 GiB − 1 MiB) with the same error as a file removed since it was
/// chosen (measured with sparse files, BENCHMARKS.md, issue 15, thirty-second pass);
/// other browsers' limits differ, and a file this large would not fit the page's 4 GiB
/// once read anyway.
const READ_LIMIT: f64 = 2_000_000_000.0;

/// Why a file could not be read into the browser's memory.
enum Unread {
    /// Too large for it ([`READ_LIMIT`]): the file's size in bytes.
    TooLarge(f64),
    /// Something else: the browser's reason (the file was removed or changed on disk
    /// since it was chosen, mostly).
    Failed(String),
}

/// Reads every file of `list`, in its order, into the browser's memory; all reads are
/// started at once, so that the browser fetches them side by side. A file the browser
/// cannot read (removed or changed on disk since it was chosen, or too large) fails the
/// whole choice with its name and the reason: reading the others without it would show
/// KPIs of part of the data (every invoice unpaid when the payments file is the one
/// missing).
async fn read_files(list: Vec<web_sys::File>) -> Result<PageFiles, (String, Unread)> {
    // A typed array indexes at most 4 GiB: such a file is refused before any is read.
    if let Some(f) = list.iter().find(|f| f.size() > f64::from(u32::MAX)) {
        return Err((f.name(), Unread::TooLarge(f.size())));
    }
    let reads: Vec<_> = list
        .into_iter()
        .map(|f| {
            let (name, size) = (f.name(), f.size());
            let read = gloo_file::futures::read_as_array_buffer(&gloo_file::File::from(f));
            (name, size, read)
        })
        .collect();
    let mut out = Vec::with_capacity(reads.len());
    for (name, size, read) in reads {
        match read.await {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer);
                let size = bytes.length();
                out.push(PageFile { name, bytes, size });
            }
            Err(_) if size >= READ_LIMIT => return Err((name, Unread::TooLarge(size))),
            Err(e) => return Err((name, Unread::Failed(e.to_string()))),
        }
    }
    Ok(PageFiles(out.into()))
}

/// The drop zone and file picker; calls `on_files` with what was read, or with the
/// notice saying which file could not be read (then nothing is loaded).
#[component]
pub fn Upload(
    lang: Signal<Language>,
    on_files: Callback<Result<PageFiles, String>>,
) -> impl IntoView {
    let over = RwSignal::new(false);
    let take = move |list: Option<web_sys::FileList>| {
        if let Some(list) = list.as_ref().map(take_list) {
            spawn_local(async move {
                match read_files(list).await {
                    Ok(files) if files.count() == 0 => {}
                    Ok(files) => on_files.run(Ok(files)),
                    Err((name, why)) => {
                        let l = lang.get_untracked();
                        on_files.run(Err(match why {
                            Unread::TooLarge(size) => format!(
                                "{name} ({} MB) {}",
                                (size / 1e6).ceil(),
                                i18n::FILE_TOO_LARGE_TO_READ.get(l)
                            ),
                            Unread::Failed(why) => {
                                format!("{name}: {} ({why})", i18n::FILE_UNREADABLE.get(l))
                            }
                        }));
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
