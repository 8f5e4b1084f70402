//! Exports: any table as CSV, any chart as SVG or PNG, and the page as a one-page print
//! report. Files are made in the page and handed to the browser as a download (a blob
//! URL); nothing is sent anywhere.

use wasm_bindgen::JsCast;

/// A table to export: a header and rows of cells.
pub struct Sheet {
    /// Column names.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// The CSV text (RFC 4180 quoting by the `csv` crate; UTF-8 with a BOM so that
    /// spreadsheet programs read accents right).
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        w.write_record(&self.header).ok();
        for r in &self.rows {
            w.write_record(r).ok();
        }
        w.into_inner().unwrap_or_default()
    }
}

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc.create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    web_sys::Url::revoke_object_url(&url).ok();
}

/// Offers an SVG chart as a PNG download, drawn at twice its size on a canvas.
pub fn download_png(name: &str, svg: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let array = js_sys::Uint8Array::from(svg.as_bytes());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let Ok(blob) =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&array), &opts)
    else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let Ok(img) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let name = name.to_string();
    let img2 = img.clone();
    let url2 = url.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let (w, h) = (
            img2.natural_width().max(1) * 2,
            img2.natural_height().max(1) * 2,
        );
        let Ok(canvas) = doc.create_element("canvas").and_then(|c| {
            c.dyn_into::<web_sys::HtmlCanvasElement>()
                .map_err(Into::into)
        }) else {
            return;
        };
        canvas.set_width(w);
        canvas.set_height(h);
        if let Ok(Some(ctx)) = canvas.get_context("2d")
            && let Ok(ctx) = ctx.dyn_into::<web_sys::CanvasRenderingContext2d>()
        {
            ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &img2, 0.0, 0.0, w as f64, h as f64,
            )
            .ok();
        }
        web_sys::Url::revoke_object_url(&url2).ok();
        if let Ok(data) = canvas.to_data_url_with_type("image/png")
            && let Ok(a) = doc.create_element("a").and_then(|a| {
                a.dyn_into::<web_sys::HtmlAnchorElement>()
                    .map_err(Into::into)
            })
        {
            a.set_href(&data);
            a.set_download(&name);
            a.click();
        }
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&url);
}

/// Opens the browser's print dialog: the print style sheet lays the KPI report out on
/// one page.
pub fn print() {
    if let Some(w) = web_sys::window() {
        w.print().ok();
    }
}

use leptos::prelude::*;

/// "SVG" and "PNG" buttons for a chart.
#[component]
pub fn ChartButtons(svg: Signal<String>, name: &'static str) -> impl IntoView {
    view! {
        <span class="export">
            <button
                data-testid=format!("export-{name}-svg")
                on:click=move |_| download(&format!("{name}.svg"), "image/svg+xml", svg.get_untracked().as_bytes())
            >
                "SVG"
            </button>
            <button
                data-testid=format!("export-{name}-png")
                on:click=move |_| download_png(&format!("{name}.png"), &svg.get_untracked())
            >
                "PNG"
            </button>
        </span>
    }
}

/// A "CSV" button that exports what `sheet` gives at the time of the click.
#[component]
pub fn CsvButton(sheet: Callback<(), Sheet>, name: &'static str) -> impl IntoView {
    view! {
        <button
            class="export"
            data-testid=format!("export-{name}-csv")
            on:click=move |_| download(&format!("{name}.csv"), "text/csv;charset=utf-8", &sheet.run(()).to_csv())
        >
            "CSV"
        </button>
    }
}
