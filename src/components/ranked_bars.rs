//! Figures by kind (support agents, product pages), most first: a table whose every row shows
//! its bar and, beside it, its number.

use crate::i18n::use_i18n;
use leptos::{either::Either, prelude::*};

/// One row of [`RankedBars`].
pub struct Ranked {
    pub label: String,
    /// Where the label leads (an `http`/`https` page), if anywhere.
    pub href: Option<String>,
    /// What the bar shows.
    pub value: usize,
    /// A second figure, in a column of its own (leads beside conversations).
    pub also: Option<usize>,
}

/// A table captioned `title`: each row's label, its bar scaled to the largest value (the scale
/// is said above the bars) with the number written beside it, so the figures read without
/// opening anything, by pointer, keyboard or screen reader alike.
#[component]
pub fn RankedBars(
    /// The caption, and the table's accessible name.
    title: &'static str,
    /// The heading of the labels' column.
    label_heading: &'static str,
    /// The heading of the bars' column.
    value_heading: &'static str,
    /// The heading of the second figures' column, when the rows have one.
    #[prop(optional)]
    also_heading: Option<&'static str>,
    /// The rows, in the order shown.
    rows: Vec<Ranked>,
) -> impl IntoView {
    let t = use_i18n().t();
    let top = rows.iter().map(|r| r.value).max().unwrap_or(0).max(1);
    view! {
        <table class="vch-table vch-ranked">
            <caption>{title}</caption>
            <thead>
                <tr>
                    <th scope="col">{label_heading}</th>
                    <th scope="col">
                        {value_heading}
                        <span class="vch-scale vch-muted">{(t.scale)(&t.number(top))}</span>
                    </th>
                    {also_heading.map(|heading| view! { <th scope="col">{heading}</th> })}
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let label = match row.href {
                        Some(href) => Either::Left(view! {
                            <a href=href target="_blank" rel="noopener noreferrer">{row.label}</a>
                        }),
                        None => Either::Right(row.label),
                    };
                    // In tenths of a percent, so the width needs no float formatting; set through
                    // the element's style, which a policy without inline styles allows.
                    let width = format!("{}.{}%", row.value * 100 / top, row.value * 1000 / top % 10);
                    view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td>
                                <div class="vch-ranked-bar">
                                    <span class="vch-bar-track" aria-hidden="true">
                                        <span class="vch-bar" style:width=width></span>
                                    </span>
                                    <span class="vch-bar-value">{t.number(row.value)}</span>
                                </div>
                            </td>
                            {row.also.map(|n| view! { <td>{t.number(n)}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
