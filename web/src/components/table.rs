//! One column model per table: each column names its CSV header and cell (the machine
//! value, as the exports write it) and its title and cell on the page (in the reader's
//! language and currency), so a table on the page and its CSV export come from the same
//! list and cannot drift apart. A column may be the export's only (a value the page
//! shows elsewhere) or the page's only; sorting by a column is part of the model too.

use std::cmp::Ordering;

use leptos::prelude::*;
use rappel_core::model::Language;

use crate::components::export::{CsvButton, Sheet};

/// How a cell is written: the reader's language and the portfolio currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Language.
    pub lang: Language,
    /// Currency (ISO 4217).
    pub currency: String,
}

/// A cell of a row of `R`, written for a reader.
pub type Cell<R> = fn(&R, &Shown) -> String;

/// One column of a table of `R` rows.
pub struct Column<R> {
    /// Header of the CSV export.
    pub key: &'static str,
    /// Header on the page.
    pub title: fn(Language) -> String,
    /// The cell in the CSV export; `None`: the page's only.
    pub csv: Option<Cell<R>>,
    /// The cell on the page; `None`: the export's only.
    pub cell: Option<Cell<R>>,
    /// A tooltip on the page's cell.
    pub tip: Option<Cell<R>>,
    /// A number: right-aligned, and sorted largest first on the first click.
    pub num: bool,
    /// How rows compare in this column, when the table sorts by it.
    pub order: Option<fn(&R, &R) -> Ordering>,
}

impl<R> Column<R> {
    /// A column on the page and in the export.
    pub const fn new(
        key: &'static str,
        title: fn(Language) -> String,
        csv: Cell<R>,
        cell: Cell<R>,
    ) -> Self {
        Column {
            key,
            title,
            csv: Some(csv),
            cell: Some(cell),
            tip: None,
            num: false,
            order: None,
        }
    }

    /// A column whose page cell and CSV cell are the same text.
    pub const fn text(key: &'static str, title: fn(Language) -> String, value: Cell<R>) -> Self {
        Column::new(key, title, value, value)
    }

    /// A column of the export only.
    pub const fn export(key: &'static str, csv: Cell<R>) -> Self {
        Column {
            key,
            title: |_| String::new(),
            csv: Some(csv),
            cell: None,
            tip: None,
            num: false,
            order: None,
        }
    }

    /// A column of the page only.
    pub const fn page(title: fn(Language) -> String, cell: Cell<R>) -> Self {
        Column {
            key: "",
            title,
            csv: None,
            cell: Some(cell),
            tip: None,
            num: false,
            order: None,
        }
    }

    /// A number.
    pub const fn num(mut self) -> Self {
        self.num = true;
        self
    }

    /// Sortable by `order`.
    pub const fn sorted(mut self, order: fn(&R, &R) -> Ordering) -> Self {
        self.order = Some(order);
        self
    }

    /// With a tooltip.
    pub const fn tip(mut self, tip: Cell<R>) -> Self {
        self.tip = Some(tip);
        self
    }
}

/// The CSV export of `rows` with `columns`.
pub fn sheet<R>(columns: &[Column<R>], rows: &[R], shown: &Shown) -> Sheet {
    let exported: Vec<(&str, Cell<R>)> = columns
        .iter()
        .filter_map(|c| c.csv.map(|f| (c.key, f)))
        .collect();
    Sheet {
        header: exported.iter().map(|(k, _)| k.to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| exported.iter().map(|(_, f)| f(r, shown)).collect())
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

/// Which row is the chosen one: each row's key, and the key chosen.
pub struct Choice<R: 'static> {
    /// A row's key (written as the row's `data-key`).
    pub key: fn(&R) -> String,
    /// The key chosen, if any (that row has the class `selected`).
    pub chosen: Signal<Option<String>>,
}

impl<R> Clone for Choice<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Choice<R> {}

/// A table of `rows` with `columns`, its CSV export button (file `name`), and sorting by
/// a click on a sortable header; the page shows at most `limit` rows (the export all);
/// a click on a row calls `on_pick` with it; `row_class` gives a row its class.
#[component]
pub fn DataTable<R>(
    columns: &'static [Column<R>],
    rows: Signal<Vec<R>>,
    shown: Signal<Shown>,
    name: &'static str,
    class: &'static str,
    testid: &'static str,
    #[prop(optional)] limit: Option<usize>,
    #[prop(optional)] on_pick: Option<Callback<R>>,
    #[prop(optional)] choice: Option<Choice<R>>,
    #[prop(optional)] row_class: Option<fn(&R) -> &'static str>,
) -> impl IntoView
where
    R: Clone + Send + Sync + 'static,
{
    let sort = RwSignal::new((0usize, false));
    let csv = Callback::new(move |_: ()| {
        let (col, desc) = sort.get_untracked();
        let all = sorted(columns, &rows.get_untracked(), col, desc);
        sheet(columns, &all, &shown.get_untracked())
    });
    let header = move || {
        let l = shown.get().lang;
        columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.cell.is_some())
            .map(|(k, c)| {
                let (sortable, num) = (c.order.is_some(), c.num);
                let state = move || match sort.get() {
                    (col, desc) if col == k && sortable => {
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
        let (col, desc) = sort.get();
        let mut shown_rows = sorted(columns, &rows.get(), col, desc);
        shown_rows.truncate(limit.unwrap_or(usize::MAX));
        let views: Vec<_> = shown_rows
            .into_iter()
            .map(|r| {
                let class = row_class.map_or("", |f| f(&r));
                row(columns, r, &s, on_pick, choice, class)
            })
            .collect();
        views
    };
    view! {
        <CsvButton sheet=csv name=name />
        <table class=class data-testid=testid>
            <thead><tr>{header}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// One row on the page.
fn row<R: Clone + Send + Sync + 'static>(
    columns: &'static [Column<R>],
    r: R,
    s: &Shown,
    on_pick: Option<Callback<R>>,
    choice: Option<Choice<R>>,
    class: &'static str,
) -> impl IntoView + use<R> {
    let cells = columns
        .iter()
        .filter_map(|c| {
            let cell = c.cell?;
            let tip = c.tip.map(|t| t(&r, s));
            Some(view! { <td class:num=c.num title=tip>{cell(&r, s)}</td> })
        })
        .collect_view();
    let key = choice.map(|c| (c.key)(&r));
    let selected = {
        let key = key.clone();
        move || choice.is_some_and(|c| c.chosen.get() == key)
    };
    let picked = r.clone();
    view! {
        <tr
            class=class
            class:clickable=on_pick.is_some()
            class:selected=selected
            data-key=key
            on:click=move |_| {
                if let Some(pick) = on_pick {
                    pick.run(picked.clone());
                }
            }
        >
            {cells}
        </tr>
    }
}
