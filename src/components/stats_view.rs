//! The statistics of the filtered, loaded history ("Thống kê").

use super::{BarChart, Ranked, RankedBars};
use crate::{
    format::{links::web_url, number::percent, time::date_text},
    i18n::use_i18n,
    search::stats::{Count, Stats},
};
use leptos::prelude::*;

/// Totals (with the conversations waiting for an answer, by how long they have waited),
/// conversations and leads by day (charts), by week and month, the product pages that
/// brought the most conversations, and conversations per support agent, each with what it is
/// built from: one row per customer with its latest message.
#[component]
pub fn StatsView(
    /// The statistics to show.
    stats: ReadSignal<Stats>,
    /// They are being counted again: what shows is the count before.
    counting: ReadSignal<bool>,
    /// Every page of the history is loaded.
    #[prop(into)]
    complete: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let t = i18n.t();
        let stats = stats.get();
        let total = stats.total.conversations;
        let figure = |label: &'static str, n: usize, share: bool| {
            let share = share.then(|| format!(" ({} %)", percent(n, total, t.decimal)));
            view! { <div class="vch-figure"><dt>{label}</dt><dd>{t.number(n)}{share}</dd></div> }
        };
        let day_bars = |pick: fn(&Count) -> usize| {
            stats
                .days
                .iter()
                .map(|(day, count)| (date_text(*day), pick(count)))
                .collect::<Vec<_>>()
        };
        let periods = |title: &'static str, rows: Vec<(String, Count)>| {
            view! {
                <table class="vch-table">
                    <caption>{title}</caption>
                    <thead><tr><th scope="col">{title}</th><th scope="col">{t.conversations}</th><th scope="col">{t.leads_label}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(label, c)| view! {
                            <tr><th scope="row">{label}</th><td>{t.number(c.conversations)}</td><td>{t.number(c.leads)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        };
        let weeks = stats
            .weeks
            .iter()
            .map(|(day, c)| ((t.week_of)(&date_text(*day)), *c))
            .collect();
        let months = stats
            .months
            .iter()
            .map(|((y, m), c)| ((t.month_of)(*y, *m), *c))
            .collect();
        let agents = stats
            .agents
            .iter()
            .map(|&(id, value)| Ranked {
                label: match id {
                    0 => t.no_agent.to_owned(),
                    id => (t.agent_n)(id),
                },
                href: None,
                value,
                also: None,
            })
            .collect();
        let products = stats
            .products
            .into_iter()
            .map(|(link, count)| Ranked {
                href: web_url(&link).map(str::to_owned),
                label: link,
                value: count.conversations,
                also: Some(count.leads),
            })
            .collect();
        view! {
            <section class="vch-stats" aria-labelledby="vch-stats-title"
                aria-busy=move || counting.get().to_string()>
                // Beside the title, so that nothing moves; not a live region: while pages
                // arrive it would be said every 400 ms.
                <h3 id="vch-stats-title">{t.view_stats}
                    <span class="vch-muted vch-counting">{move || counting.get().then_some(t.counting)}</span>
                </h3>
                <p class="vch-muted">{(t.stats_from)(&t.number(total), complete.get())} " " {t.stats_basis}</p>
                <dl class="vch-figures">
                    {figure(t.conversations, total, false)}
                    {figure(t.leads_label, stats.total.leads, true)}
                    {figure(t.guests, stats.guests, true)}
                    {figure(t.vatgia_user, stats.members, true)}
                    {figure(t.online, stats.online, true)}
                    {figure(t.waiting, stats.waiting, true)}
                </dl>
                <table class="vch-table">
                    <caption>{t.waiting_by_span}</caption>
                    <thead><tr><th scope="col">{t.waiting_by_span}</th><th scope="col">{t.conversations}</th></tr></thead>
                    <tbody>
                        {t.waiting_spans.into_iter().zip(stats.waiting_spans).map(|(span, n)| view! {
                            <tr><th scope="row">{span}</th><td>{t.number(n)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(stats.undated > 0).then(|| view! { <p class="vch-note">{(t.undated_note)(&t.number(stats.undated))}</p> })}
                <BarChart id="vch-chart-days" title=t.by_day label_heading=t.day value_heading=t.conversations
                    bars=day_bars(|c| c.conversations) />
                <BarChart id="vch-chart-leads" title=t.leads_by_day label_heading=t.day value_heading=t.leads_label
                    bars=day_bars(|c| c.leads) />
                <p class="vch-note">{t.chart_note}</p>
                <div class="vch-periods">
                    {periods(t.by_week, weeks)}
                    {periods(t.by_month, months)}
                </div>
                <RankedBars title=t.top_products label_heading=t.product_page value_heading=t.conversations
                    also_heading=t.leads_label rows=products />
                <RankedBars title=t.by_agent label_heading=t.agent value_heading=t.conversations rows=agents />
            </section>
        }
    }
}
