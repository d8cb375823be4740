//! How fast the shop answers ("Thời gian phản hồi"), in the statistics: reading the
//! conversations' messages, with its progress, pause and resume, and the figures over what the
//! filters let through.

use crate::{
    format::number::percent,
    hooks::{Analysis, ResponseTimes},
    i18n::{use_i18n, Strings},
    search::response::{By, Figures, Hours, WITHIN},
};
use leptos::prelude::*;

/// The reading of the messages and its figures: the median and 90th percentile of the time to
/// each reply (in the shop's hours), the share answered within 5 minutes, an hour and a day, the
/// same per answerer (who wrote the reply), the customers never answered, and a weekday × hour
/// table of customers' messages shaded as a heatmap.
#[component]
pub fn ResponseView(
    /// The reading of the messages.
    times: ResponseTimes,
    /// The figures of the conversations the filters let through.
    figures: ReadSignal<Figures>,
    /// The shop's hours the figures count.
    hours: Hours,
) -> impl IntoView {
    let i18n = use_i18n();
    // One note and one button whose words follow the state: a view for each state cost 0.9 KiB.
    let state = times.state;
    let note = move || {
        let t = i18n.t();
        let left = t.number(times.left.get());
        match state.get() {
            Analysis::Idle => t.response_explain.to_owned(),
            Analysis::Running => (t.response_running)(&left),
            Analysis::Paused => (t.response_paused)(&left),
            Analysis::Failed(error) => format!("{}: {}", t.response_failed, t.error(&error)),
            Analysis::Done => t.response_done.to_owned(),
        }
    };
    let action = move || {
        let t = i18n.t();
        match state.get() {
            Analysis::Idle => t.response_start,
            Analysis::Running => t.response_pause,
            Analysis::Paused | Analysis::Failed(_) | Analysis::Done => t.response_resume,
        }
    };
    let running = move || state.with(|s| *s == Analysis::Running);
    let results = move || {
        let t = i18n.t();
        let figures = figures.get();
        (figures.conversations > 0).then(|| results(t, &figures))
    };
    view! {
        <section class="vch-response" aria-labelledby="vch-response-title">
            <h3 id="vch-response-title">{i18n.text(|t| t.response_title)}</h3>
            <p class="vch-muted">{move || (i18n.t().shop_hours)(hours.text().as_deref())}</p>
            <p class="vch-note" class:vch-error-note=move || state.with(|s| matches!(s, Analysis::Failed(_)))
                role="status">{note}</p>
            <div class="vch-progress" role="progressbar" aria-label=i18n.text(|t| t.response_title) hidden=move || !running()>
                <span></span>
            </div>
            <button type="button" class="vch-button" hidden=move || state.with(|s| *s == Analysis::Done)
                on:click=move |_| if running() { times.pause() } else { times.start() }>
                {action}
            </button>
            {results}
        </section>
    }
}

fn results(t: &'static Strings, figures: &Figures) -> impl IntoView {
    let replies = figures.replies();
    let duration = |secs: Option<i64>| secs.map_or_else(|| "–".to_owned(), t.duration);
    let mut shown = vec![
        (t.response_median.to_owned(), duration(figures.median())),
        (t.response_p90.to_owned(), duration(figures.p90())),
    ];
    shown.extend(figures.within.into_iter().zip(WITHIN).map(|(n, limit)| {
        (
            (t.answered_within)(&(t.duration)(limit)),
            format!("{} ({} %)", t.number(n), percent(n, replies, t.decimal)),
        )
    }));
    shown.push((
        t.never_answered.to_owned(),
        t.number(figures.never_answered),
    ));
    let answerers = figures
        .answerers
        .iter()
        .map(|(by, a)| {
            let who = match by {
                By::Agent(id) => (t.support)(*id),
                By::Shop | By::Customer => t.shop_account.to_owned(),
            };
            let cells = [
                t.number(a.conversations),
                t.number(a.replies),
                (t.duration)(a.median),
            ];
            (who, cells.map(|text| (text, None)).to_vec())
        })
        .collect();
    let busiest = figures
        .heatmap
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let heat = figures
        .heatmap
        .iter()
        .zip(t.weekdays)
        .map(|(hours, day)| {
            let cells = hours
                .iter()
                .map(|&n| (n.to_string(), Some(u64::from(n) * 100 / u64::from(busiest))))
                .collect();
            (day.to_owned(), cells)
        })
        .collect();
    let heads =
        |first: &str, rest: Vec<String>| std::iter::once(first.to_owned()).chain(rest).collect();
    view! {
        <p class="vch-muted">{(t.response_basis)(&t.number(figures.conversations), &t.number(replies))}</p>
        <dl class="vch-figures">
            {shown.into_iter().map(|(label, value)| view! {
                <div class="vch-figure"><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
        {table(
            "vch-table",
            t.response_by_answerer,
            heads(t.answerer, vec![t.conversations.into(), t.replies.into(), t.response_median.into()]),
            answerers,
        )}
        <div class="vch-heatmap-wrap">
            {table(
                "vch-table vch-heatmap",
                t.busiest_hours,
                heads(t.weekday, (0..24).map(|h| format!("{h}h")).collect()),
                heat,
            )}
        </div>
    }
}

/// A table of texts: its caption, its column heads, and its rows, each a heading and cells, a
/// cell shaded by a share (`--vch-heat`, 0–100) if it has one.
type Row = (String, Vec<(String, Option<u64>)>);

fn table(
    class: &'static str,
    caption: &'static str,
    heads: Vec<String>,
    rows: Vec<Row>,
) -> impl IntoView {
    view! {
        <table class=class>
            <caption>{caption}</caption>
            <thead><tr>
                {heads.into_iter().map(|head| view! { <th scope="col">{head}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(heading, cells)| view! {
                    <tr>
                        <th scope="row">{heading}</th>
                        {cells.into_iter().map(|(text, heat)| view! {
                            <td style=heat.map(|share| format!("--vch-heat:{share}%"))>{text}</td>
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
