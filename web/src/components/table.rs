//! One column model per table: each column names its CSV header and cell (the machine
//! value, as the exports write it) and its title and cell on the page (in the reader's
//! language and currency), so a table on the page and its CSV export come from the same
//! list and cannot drift apart. Sorting by a column is part of the model too.

use std::cmp::Ordering;

use leptos::prelude::*;
use rappel_core::model::Language;

use crate::components::export::{CsvButton, Sheet};

/// How a page cell is written: the reader's language and the portfolio currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Language.
    pub lang: Language,
    /// Currency (ISO 4217).
    pub currency: String,
}

/// One column of a table of `R` rows.
pub struct Column<R> {
    /// Header of the CSV export.
    pub key: &'static str,
    /// Header on the page.
    pub title: fn(Language) -> String,
    /// The cell in the CSV export.
    pub csv: fn(&R) -> String,
    /// The cell on the page.
    pub cell: fn(&R, &Shown) -> String,
    /// A number: right-aligned, and sorted largest first on the first click.
    pub num: bool,
    /// How rows compare in this column, when the table sorts by it.
    pub order: Option<fn(&R, &R) -> Ordering>,
}

/// The CSV export of `rows` with `columns`.
pub fn sheet<R>(columns: &[Column<R>], rows: &[R]) -> Sheet {
    Sheet {
        header: columns.iter().map(|c| c.key.to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| columns.iter().map(|c| (c.csv)(r)).collect())
            .collect(),
    }
}

/// `rows` sorted by column `col` (descending when `desc`), stable.
pub fn sorted<R: Clone>(columns: &[Column<R>], rows: &[R], col: usize, desc: bool) -> Vec<R> {
    let mut v = rows.to_vec();
    if let Some(order) = columns.get(col).and_then(|c| c.order) {
        v.sort_by(|a, b| {
            let o = order(a, b);
            if desc { o.reverse() } else { o }
        });
    }
    v
}

/// A table of `rows` with `columns`, its CSV export button (file `name`), and sorting by
/// a click on a sortable header; a click on a row calls `on_pick` with it.
#[component]
pub fn DataTable<R>(
    columns: &'static [Column<R>],
    rows: Signal<Vec<R>>,
    shown: Signal<Shown>,
    name: &'static str,
    class: &'static str,
    testid: &'static str,
    #[prop(optional)] on_pick: Option<Callback<R>>,
) -> impl IntoView
where
    R: Clone + Send + Sync + 'static,
{
    let sort = RwSignal::new((0usize, false));
    let ordered = move || {
        let (col, desc) = sort.get();
        sorted(columns, &rows.get(), col, desc)
    };
    let csv = Callback::new(move |_: ()| {
        let (col, desc) = sort.get_untracked();
        sheet(columns, &sorted(columns, &rows.get_untracked(), col, desc))
    });
    let header = move || {
        let l = shown.get().lang;
        columns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let sortable = c.order.is_some();
                let num = c.num;
                let state = move || match sort.get() {
                    (col, desc) if col == k => {
                        if desc {
                            "desc"
                        } else {
                            "asc"
                        }
                    }
                    _ => "",
                };
                view! {
                    <th
                        class:num=num
                        class:sortable=sortable
                        data-sort=state
                        on:click=move |_| {
                            if sortable {
                                sort.update(|s| *s = (k, if s.0 == k { !s.1 } else { num }));
                            }
                        }
                    >
                        {(c.title)(l)}
                    </th>
                }
            })
            .collect_view()
    };
    let body = move || {
        let s = shown.get();
        ordered()
            .into_iter()
            .map(|r| {
                let cells = columns
                    .iter()
                    .map(|c| view! { <td class:num=c.num>{(c.cell)(&r, &s)}</td> })
                    .collect_view();
                match on_pick {
                    Some(pick) => view! {
                        <tr class="clickable" on:click=move |_| pick.run(r.clone())>{cells}</tr>
                    }
                    .into_any(),
                    None => view! { <tr>{cells}</tr> }.into_any(),
                }
            })
            .collect_view()
    };
    view! {
        <CsvButton sheet=csv name=name />
        <table class=class data-testid=testid>
            <thead><tr>{header}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
