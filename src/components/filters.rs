//! The filters beside the search: support agent, date range (with quick choices), online now,
//! Vatgia member, product page, a first response slower than a limit, and one click to clear
//! them.

use crate::{
    browser::history_url::use_history_url, format::time, i18n::use_i18n, search::location::Search,
};
use leptos::prelude::*;

/// The first response limits offered: 5 minutes, an hour, a day.
const SLOW_CHOICES: [i64; 3] = [300, 3_600, 86_400];

/// The filters, written into the URL as they change (`&agent=…&from=…&to=…&online=1&member=1
/// &product=…&slow=3600`), so reload, back/forward and a shared link keep them. Folded away until used,
/// and only drawn while unfolded: the browser builds and lays out each date field's inner parts
/// as soon as it exists, 10 ms between sign-in's reply and its rows.
#[component]
pub fn Filters(
    /// The search the URL holds.
    search: Memo<Search>,
    /// The support agents of the loaded history, for the agent choice.
    agents: Memo<Vec<u64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_history_url();
    let all = search;
    // The filters alone: typing in the search field does not touch them.
    let search = Memo::new(move |_| Search {
        text: String::new(),
        ..all.get()
    });
    let change = move |edit: &dyn Fn(&mut Search)| {
        let mut next = all.get_untracked();
        edit(&mut next);
        url.search_for(next);
    };
    let today = move || time::local_day((js_sys::Date::now() / 1000.0) as i64);
    let range = move |from: i64, to: i64| {
        change(&|s| {
            s.from = Some(from);
            s.to = Some(to);
        })
    };
    let date = move |day: Option<i64>| day.map(time::date_text).unwrap_or_default();
    let count = move || {
        let s = search.get();
        [
            s.agent.is_some(),
            s.from.is_some() || s.to.is_some(),
            s.online,
            s.member,
            !s.product.trim().is_empty(),
            s.slow.is_some(),
        ]
        .into_iter()
        .filter(|on| *on)
        .count()
    };
    let open = RwSignal::new(search.with_untracked(Search::has_filters));
    view! {
        <details class="vch-filters" open=open.get_untracked()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>
                {i18n.text(|t| t.filters)}
                {move || Some(count()).filter(|&n| n > 0).map(|n| format!(" ({n})"))}
            </summary>
            {move || open.get().then(|| view! {
            <div class="vch-filter-grid">
                <label class="vch-field">
                    <span>{i18n.text(|t| t.agent)}</span>
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        change(&|s| s.agent = value.parse().ok());
                    }>
                        <option value="" selected=move || search.with(|s| s.agent.is_none())>{i18n.text(|t| t.all_agents)}</option>
                        <option value="0" selected=move || search.with(|s| s.agent == Some(0))>{i18n.text(|t| t.no_agent)}</option>
                        <For each=move || agents.get() key=|id| *id let(id)>
                            <option value=id.to_string() selected=move || search.with(|s| s.agent == Some(id))>
                                {move || (i18n.t().agent_n)(id)}
                            </option>
                        </For>
                    </select>
                </label>
                <label class="vch-field">
                    <span>{i18n.text(|t| t.from_date)}</span>
                    <input type="date" prop:value=move || date(search.with(|s| s.from))
                        on:change=move |ev| { let day = time::parse_date(&event_target_value(&ev)); change(&|s| s.from = day) } />
                </label>
                <label class="vch-field">
                    <span>{i18n.text(|t| t.to_date)}</span>
                    <input type="date" prop:value=move || date(search.with(|s| s.to))
                        on:change=move |ev| { let day = time::parse_date(&event_target_value(&ev)); change(&|s| s.to = day) } />
                </label>
                <div class="vch-quick" role="group" aria-label=i18n.text(|t| t.quick_ranges)>
                    <button type="button" class="vch-button vch-quiet" on:click=move |_| range(today(), today())>{i18n.text(|t| t.today_range)}</button>
                    <button type="button" class="vch-button vch-quiet" on:click=move |_| range(today() - 6, today())>{i18n.text(|t| t.last_7_days)}</button>
                    <button type="button" class="vch-button vch-quiet" on:click=move |_| range(today() - 29, today())>{i18n.text(|t| t.last_30_days)}</button>
                    <button type="button" class="vch-button vch-quiet" on:click=move |_| {
                        let (year, month, _) = time::civil_from_days(today());
                        range(time::days_from_civil(year, month, 1), today())
                    }>{i18n.text(|t| t.this_month)}</button>
                </div>
                <label class="vch-check">
                    <input type="checkbox" prop:checked=move || search.with(|s| s.online)
                        on:change=move |ev| { let on = event_target_checked(&ev); change(&|s| s.online = on) } />
                    {i18n.text(|t| t.online)}
                </label>
                <label class="vch-check">
                    <input type="checkbox" prop:checked=move || search.with(|s| s.member)
                        on:change=move |ev| { let on = event_target_checked(&ev); change(&|s| s.member = on) } />
                    {i18n.text(|t| t.vatgia_user)}
                </label>
                <label class="vch-field">
                    <span>{i18n.text(|t| t.product_page)}</span>
                    <input type="search" autocomplete="off" spellcheck="false" placeholder="vatgia.com/…"
                        prop:value=move || search.with(|s| s.product.clone())
                        on:input=move |ev| { let text = event_target_value(&ev); change(&|s| s.product = text.clone()) } />
                </label>
                <label class="vch-field">
                    <span>{i18n.text(|t| t.slow_filter)}</span>
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        change(&|s| s.slow = value.parse().ok());
                    }>
                        <option value="" selected=move || search.with(|s| s.slow.is_none())>{i18n.text(|t| t.any_speed)}</option>
                        {SLOW_CHOICES.map(|limit| view! {
                            <option value=limit.to_string() selected=move || search.with(|s| s.slow == Some(limit))>
                                {move || { let t = i18n.t(); (t.slower_than)(&(t.duration)(limit)) }}
                            </option>
                        })}
                    </select>
                </label>
                <button type="button" class="vch-button" disabled=move || !search.with(Search::has_filters)
                    on:click=move |_| url.search_for(all.get_untracked().without_filters())>
                    {i18n.text(|t| t.clear_filters)}
                </button>
            </div>
            })}
        </details>
    }
}
