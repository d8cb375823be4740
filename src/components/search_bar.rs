//! Above the list: the search field, the filters for leads and for conversations waiting for an
//! answer, and the exports.

use crate::{
    browser::history_url::use_history_url, hooks::Format, i18n::use_i18n, search::location::Search,
};
use leptos::{html, prelude::*};

/// The search field ("Tìm khách…", `/` focuses it), which narrows the list as the admin types,
/// the filters "Chỉ khách để lại SĐT" and "Chờ trả lời", "Xuất CSV" and "Xuất Excel". The search
/// and the filters are written into the URL, so reload, back/forward and a shared link keep them.
#[component]
pub fn SearchBar(
    /// The search the URL holds.
    search: Memo<Search>,
    /// The search field, for the caller to move focus to.
    input: NodeRef<html::Input>,
    /// "Xuất CSV" and "Xuất Excel", for the caller to move focus to.
    export_buttons: [NodeRef<html::Button>; 2],
    /// Called for an export: export what the list shows (the whole history when it is not
    /// narrowed) as CSV or as an Excel file.
    on_export: impl Fn(Format) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_history_url();
    let on_input = move |ev| {
        url.search_for(Search {
            text: event_target_value(&ev),
            ..search.get_untracked()
        })
    };
    let toggle = move |set: fn(&mut Search, bool)| {
        move |ev| {
            let mut next = search.get_untracked();
            set(&mut next, event_target_checked(&ev));
            url.search_for(next);
        }
    };
    view! {
        <div class="vch-search" role="search">
            <input id="vch-search" node_ref=input type="search" class="vch-input" autocomplete="off" spellcheck="false"
                aria-label=i18n.text(|t| t.search_label) placeholder=i18n.text(|t| t.search_placeholder)
                aria-keyshortcuts="/" prop:value=move || search.with(|s| s.text.clone()) on:input=on_input />
            <label class="vch-check">
                <input type="checkbox" prop:checked=move || search.with(|s| s.leads)
                    on:change=toggle(|s, on| s.leads = on) />
                {i18n.text(|t| t.leads_only)}
            </label>
            <label class="vch-check">
                <input type="checkbox" prop:checked=move || search.with(|s| s.waiting)
                    on:change=toggle(|s, on| s.waiting = on) />
                {i18n.text(|t| t.waiting)}
            </label>
            <button node_ref=export_buttons[0] type="button" class="vch-button vch-quiet" on:click=move |_| on_export(Format::Csv)>
                {i18n.text(|t| t.export_csv)}
            </button>
            <button node_ref=export_buttons[1] type="button" class="vch-button vch-quiet" on:click=move |_| on_export(Format::Excel)>
                {i18n.text(|t| t.export_excel)}
            </button>
        </div>
    }
}
