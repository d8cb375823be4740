//! How fast the shop answers ("Thời gian phản hồi"), in the statistics: reading the
//! conversations' messages, with its progress, pause and resume, and the figures over what the
//! filters let through.

use super::ErrorAlert;
use crate::{
    format::number::percent,
    hooks::{Analysis, ResponseTimes},
    i18n::{use_i18n, Strings},
    search::response::{By, Figures, Hours, WITHIN},
};
use leptos::{either::EitherOf5, prelude::*};

/// The reading of the messages and its figures: the median and 90th percentile of the time to
/// each reply (in the shop's hours), the share answered within 5 minutes, an hour and a day, the
/// same per answerer (who wrote the reply), the customers never answered, and a weekday × hour
/// table of customers' messages shaded as a heatmap.
#[component]
pub fn ResponseView(
    /// The reading of the messages.
    times: ResponseTimes,
    /// The figures of the conversations the filters let through.
    figures: Memo<Figures>,
    /// The shop's hours the figures count.
    hours: Hours,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = move || {
        let t = i18n.t();
        let left = t.number(times.left.get());
        match times.state.get() {
            Analysis::Idle => EitherOf5::A(view! {
                <p class="vch-note">{t.response_explain}</p>
                <button type="button" class="vch-button" on:click=move |_| times.start()>{t.response_start}</button>
            }),
            Analysis::Running => EitherOf5::B(view! {
                <p class="vch-note" role="status">{(t.response_running)(&left)}</p>
                <div class="vch-progress" role="progressbar" aria-label=t.response_title><span></span></div>
                <button type="button" class="vch-button vch-quiet" on:click=move |_| times.pause()>{t.response_pause}</button>
            }),
            Analysis::Paused => EitherOf5::C(view! {
                <p class="vch-note" role="status">{(t.response_paused)(&left)}</p>
                <button type="button" class="vch-button" on:click=move |_| times.start()>{t.response_resume}</button>
            }),
            Analysis::Failed(error) => EitherOf5::D(view! {
                <ErrorAlert title=|t| t.response_failed message=move || i18n.t().error(&error)
                    on_retry=move || times.start() />
            }),
            Analysis::Done => {
                EitherOf5::E(view! { <p class="vch-note" role="status">{t.response_done}</p> })
            }
        }
    };
    let results = move || {
        let t = i18n.t();
        let figures = figures.get();
        (figures.conversations > 0).then(|| results(t, &figures))
    };
    view! {
        <section class="vch-response" aria-labelledby="vch-response-title">
            <h3 id="vch-response-title">{i18n.text(|t| t.response_title)}</h3>
            <p class="vch-muted">{move || (i18n.t().shop_hours)(hours.text().as_deref())}</p>
            {status}
            {results}
        </section>
    }
}

fn results(t: &'static Strings, figures: &Figures) -> impl IntoView {
    let replies = figures.replies();
    let duration = |secs: Option<i64>| secs.map_or_else(|| "–".to_owned(), t.duration);
    let within = figures.within.into_iter().zip(WITHIN).map(|(n, limit)| {
        view! {
            <div class="vch-figure">
                <dt>{(t.answered_within)(&(t.duration)(limit))}</dt>
                <dd>{t.number(n)} " (" {percent(n, replies, t.decimal)} " %)"</dd>
            </div>
        }
    });
    let answerers = figures.answerers.iter().map(|(by, a)| {
        let who = match by {
            By::Agent(id) => (t.support)(*id),
            By::Shop | By::Customer => t.shop_account.to_owned(),
        };
        view! {
            <tr>
                <th scope="row">{who}</th>
                <td>{t.number(a.conversations)}</td>
                <td>{t.number(a.replies)}</td>
                <td>{(t.duration)(a.median)}</td>
            </tr>
        }
    });
    let busiest = figures
        .heatmap
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let heat = figures.heatmap.iter().zip(t.weekdays).map(move |(hours, day)| {
        view! {
            <tr>
                <th scope="row">{day}</th>
                {hours.iter().map(|&n| view! {
                    <td style=format!("--vch-heat:{}%", u64::from(n) * 100 / u64::from(busiest))>{n}</td>
                }).collect_view()}
            </tr>
        }
    });
    view! {
        <p class="vch-muted">{(t.response_basis)(&t.number(figures.conversations), &t.number(replies))}</p>
        <dl class="vch-figures">
            <div class="vch-figure"><dt>{t.response_median}</dt><dd>{duration(figures.median())}</dd></div>
            <div class="vch-figure"><dt>{t.response_p90}</dt><dd>{duration(figures.p90())}</dd></div>
            {within.collect_view()}
            <div class="vch-figure"><dt>{t.never_answered}</dt><dd>{t.number(figures.never_answered)}</dd></div>
        </dl>
        <table class="vch-table">
            <caption>{t.response_by_answerer}</caption>
            <thead><tr>
                <th scope="col">{t.answerer}</th>
                <th scope="col">{t.conversations}</th>
                <th scope="col">{t.replies}</th>
                <th scope="col">{t.response_median}</th>
            </tr></thead>
            <tbody>{answerers.collect_view()}</tbody>
        </table>
        <div class="vch-heatmap-wrap">
            <table class="vch-table vch-heatmap">
                <caption>{t.busiest_hours}</caption>
                <thead><tr>
                    <th scope="col">{t.weekday}</th>
                    {(0..24).map(|h| view! { <th scope="col">{format!("{h}h")}</th> }).collect_view()}
                </tr></thead>
                <tbody>{heat.collect_view()}</tbody>
            </table>
        </div>
    }
}
