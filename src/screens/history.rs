//! The history screen: the page of conversations that `?page=N` names, what the search and the
//! filters (`&q=…&leads=1&agent=…`) find in the loaded history, or its statistics
//! (`&view=stats`); and beside it (or, at phone width, in its place) the conversation `&c=<id>`
//! opens.

use crate::{
    api::{Conversation, Credentials, ThreadKey},
    browser::{download, history_url::use_history_url},
    components::{
        ConversationRow, ErrorAlert, Filters, LoadStatus, PageLink, Pager, SearchBar, Shortcuts,
        StatsView, ThreadView,
    },
    format::time,
    hooks::{
        use_full_history, use_history_page, use_search, use_shortcuts, use_thread, FullHistory,
        Loaded, Loading, SearchState, Shortcut,
    },
    i18n::{use_i18n, Strings},
    search::{
        export::{self, Clock},
        index::HistoryIndex,
        location::{Search, View},
        query::Query,
    },
};
use leptos::{either::Either, html, prelude::*};
use wasm_bindgen::JsCast;

/// What the URL's `c` names, as far as the list knows it.
#[derive(Clone, Debug, PartialEq)]
enum Selection {
    Closed,
    /// The page that should hold it is still loading.
    Looking(u64),
    Open(Box<Conversation>),
    /// The loaded page does not hold it (the history moved on, or a wrong link).
    Missing(u64),
}

#[component]
pub fn History(
    credentials: Credentials,
    /// vChat accepted the credentials. Until then (a sign-in being checked) the screen is built
    /// out of sight and asks vChat nothing.
    #[prop(into)]
    verified: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_history_url();
    let page = Memo::new(move |_| url.page());
    let admin_id = credentials.sso_id;
    let history = use_history_page(credentials.clone(), page, verified);
    let (loaded, pending, error) = (history.loaded, history.pending, history.error);
    let full = use_full_history(credentials, history.fetched);

    let found_history = use_search(full, verified);
    let SearchState {
        search,
        searching,
        showing_stats,
        query,
        found,
        agents,
        statistics,
        results,
        ..
    } = found_history;
    // "Xuất CSV" without a search waits for the whole history, unless the admin exports what has
    // loaded or calls it off. The button counts the exports asked for and `settle` those ended
    // (saved, or not), each the one writer of its count: the screen waits while they differ.
    let (exports_asked, ask_export) = signal(0u32);
    let (exports_settled, set_exports_settled) = signal(0u32);
    let export_waiting = move || exports_asked.get() != exports_settled.get();
    let export = move || {
        if searching.get_untracked() || full.loading.get_untracked() == Loading::Complete {
            save_csv(full, admin_id, &search.get_untracked(), i18n.t());
        } else {
            ask_export.update(|asked| *asked = asked.wrapping_add(1));
            full.start();
        }
    };
    let export_note = NodeRef::<html::Div>::new();
    let settle = move |save: bool| {
        // The note goes: focus in it moves to "Xuất CSV" rather than to the page's start.
        let in_note = export_note
            .get_untracked()
            .zip(document().active_element())
            .is_some_and(|(note, active)| note.contains(Some(&active)));
        if in_note {
            focus_id("vch-export");
        }
        set_exports_settled.set(exports_asked.get_untracked());
        // An export waits only when asked for without a search: it is of the whole history,
        // whatever the admin searches for meanwhile.
        if save {
            save_csv(full, admin_id, &Search::default(), i18n.t());
        }
    };
    Effect::new(move |_| {
        if export_waiting() && full.loading.get() == Loading::Complete {
            settle(true);
        }
    });

    let selection = Memo::new(move |previous: Option<&Selection>| {
        let Some(id) = url.conversation() else {
            return Selection::Closed;
        };
        let found = loaded
            .with(|l| {
                l.as_ref().and_then(|l| {
                    l.page
                        .conversations
                        .iter()
                        .find(|c| c.uss_sso_id == id)
                        .cloned()
                })
            })
            // A search result from another page.
            .or_else(|| full.index.with(|index| index.find(id).cloned()));
        match (found, previous) {
            (Some(conversation), _) => Selection::Open(Box::new(conversation)),
            // Paging on with the conversation open keeps it open.
            (None, Some(Selection::Open(open))) if open.uss_sso_id == id => {
                Selection::Open(open.clone())
            }
            (None, _)
                if !pending.get()
                    && loaded.with(|l| l.as_ref().is_some_and(|l| l.number == page.get())) =>
            {
                Selection::Missing(id)
            }
            (None, _) => Selection::Looking(id),
        }
    });
    let key = Memo::new(move |_| match selection.get() {
        Selection::Open(c) => Some(ThreadKey {
            customer_id: c.uss_sso_id,
            hash: c.hash.clone(),
        }),
        _ => None,
    });
    let scroller = NodeRef::<html::Div>::new();
    // Where the admin reads, as the distance from the bottom, while older messages go above.
    let reading = StoredValue::new(None::<i32>);
    let thread = use_thread(admin_id, key, move || {
        if let Some(scroller) = scroller.try_get_untracked().flatten() {
            reading.set_value(Some(scroller.scroll_height() - scroller.scroll_top()));
        }
    });
    // After the messages change: back to the same place, or to the newest when a thread opens.
    Effect::new(move |_| {
        thread.messages.track();
        // The screen may be gone by the next frame (a sign-in refused while it was built).
        request_animation_frame(move || {
            if let Some(scroller) = scroller.try_get_untracked().flatten() {
                let from_bottom = reading
                    .try_update_value(Option::take)
                    .flatten()
                    .unwrap_or(0);
                scroller.set_scroll_top(scroller.scroll_height() - from_bottom);
            }
        });
    });

    // Paging moves focus to the top of the new list, as a page load would; in the next frame,
    // whose layout it shares: focusing at once lays the new rows out on the spot, 5 ms more
    // before the click's work is done.
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |previous: Option<Option<u32>>| {
        let shown = loaded.with(|l| l.as_ref().map(|l| l.number));
        if previous.is_some_and(|p| p != shown) && url.conversation().is_none() {
            request_animation_frame(move || {
                if let Some(heading) = heading.try_get_untracked().flatten() {
                    let _ = heading.focus();
                }
            });
        }
        shown
    });

    let help = NodeRef::<html::Dialog>::new();
    let is_last = Signal::derive(move || {
        loaded.with(|l| {
            l.as_ref()
                .is_some_and(|l| l.number == page.get() && l.page.is_last())
        })
    });
    let open_help = move || {
        if let Some(dialog) = help.get_untracked() {
            let _ = dialog.show_modal();
        }
    };
    let close = move || {
        if let Some(id) = url.conversation() {
            url.open(None);
            focus_row(id);
        }
    };
    use_shortcuts(move |shortcut, event| match shortcut {
        _ if !verified.get_untracked() => {}
        Shortcut::NextConversation | Shortcut::PreviousConversation => {
            event.prevent_default();
            move_focus(shortcut == Shortcut::NextConversation);
        }
        Shortcut::Close => close(),
        Shortcut::NextPage if !is_last.get_untracked() => url.go_to_page(page.get_untracked() + 1),
        Shortcut::PreviousPage if page.get_untracked() > 1 => {
            url.go_to_page(page.get_untracked() - 1)
        }
        Shortcut::Help => open_help(),
        Shortcut::Search => {
            event.prevent_default();
            focus_id("vch-search");
        }
        Shortcut::NextPage | Shortcut::PreviousPage => {}
    });

    let caption = move || {
        if searching.get() {
            let complete = full.loading.get() == Loading::Complete;
            return found.with(|f| Some((i18n.t().results)(f.hits.len(), f.searched, complete)));
        }
        loaded
            .get()
            .map(|l| (i18n.t().conversations_on_page)(l.page.conversations.len(), l.number))
    };
    let thread_pane = move || match selection.get() {
        Selection::Closed => None,
        Selection::Open(conversation) => Some(Either::Left(view! {
            <ThreadView conversation=*conversation thread scroller on_close=move || close() />
        })),
        // Looking for it on the page that is loading (or that failed: its error and retry are
        // the list's), or not found there.
        Selection::Looking(id) | Selection::Missing(id) => {
            let missing = selection.with_untracked(|s| matches!(s, Selection::Missing(_)));
            let note = move || match (missing, error.with(Option::is_some)) {
                (true, _) => (i18n.t().not_on_page)(id, page.get()),
                (false, true) => i18n.t().error_title.to_owned(),
                (false, false) => i18n.t().loading.to_owned(),
            };
            Some(Either::Right(view! {
                <section class="vch-thread" aria-labelledby="vch-thread-note">
                    <p id="vch-thread-note" class="vch-note" role="status">{note}</p>
                    <button type="button" class="vch-button" on:click=move |_| url.open(None)>{i18n.text(|t| t.close_thread)}</button>
                </section>
            }))
        }
    };

    view! {
        <section class="vch-history" class:vch-split=move || selection.with(|s| *s != Selection::Closed)
            aria-labelledby="vch-history-title">
            <div class="vch-list-pane" aria-busy=move || pending.get().to_string()>
                <div class="vch-history-head">
                    <h2 id="vch-history-title" tabindex="-1" node_ref=heading>
                        {i18n.text(|t| t.history_title)}
                    </h2>
                    <p class="vch-muted" aria-live="polite">{caption}</p>
                    <button type="button" class="vch-button vch-quiet" aria-keyshortcuts="?"
                        on:click=move |_| open_help()>
                        {i18n.text(|t| t.shortcuts)}
                    </button>
                </div>
                <div class="vch-views" role="group" aria-label=i18n.text(|t| t.views)>
                    {[(View::List, i18n.text(|t| t.view_list)), (View::Stats, i18n.text(|t| t.view_stats))].map(|(view, label)| view! {
                        <button type="button" class="vch-button vch-quiet" aria-pressed=move || (showing_stats.get() == (view == View::Stats)).to_string()
                            on:click=move |_| url.search_for(Search { view, ..search.get_untracked() })>
                            {label}
                        </button>
                    })}
                </div>
                <SearchBar search on_export=export />
                <Filters search agents />
                <LoadStatus full />
                {move || export_waiting().then(|| view! {
                    <div class="vch-load" node_ref=export_note>
                        <p class="vch-note" role="status">{i18n.text(|t| t.export_waiting)}</p>
                        <button type="button" class="vch-button vch-quiet" on:click=move |_| settle(true)>
                            {i18n.text(|t| t.export_loaded)}
                        </button>
                        <button type="button" class="vch-button vch-quiet" on:click=move |_| settle(false)>
                            {i18n.text(|t| t.export_cancel)}
                        </button>
                    </div>
                })}
                <div class="vch-progress" role="progressbar" aria-label=i18n.text(|t| t.loading) hidden=move || !pending.get()>
                    <span></span>
                </div>
                {move || error.get().map(|error| view! {
                    <ErrorAlert title=|t| t.error_title message=move || i18n.t().error(&error)
                        on_retry=move || history.retry() />
                })}
                // The first page of a restored session: nothing to keep on screen yet.
                {move || {
                    (pending.get() && loaded.with(Option::is_none))
                        .then(|| view! { <p class="vch-muted vch-loading">{i18n.text(|t| t.loading)}</p> })
                }}
                // Keyed by conversation: as the admin types, rows that stay are kept and only
                // their marks follow; drawing every row anew took most of a keystroke's time.
                {move || {
                    (searching.get() && !showing_stats.get()).then(|| {
                        let t = i18n.t();
                        let number = page.get_untracked();
                        view! {
                            <p class="vch-empty" hidden=move || results.with(|r| !r.is_empty())>{t.no_results}</p>
                            <ul class="vch-list" role="list" aria-labelledby="vch-history-title">
                                <For each=move || results.get()
                                    key=|c| (c.uss_sso_id, c.last_msg.as_ref().map(|m| m.cha_id))
                                    let(conversation)>
                                    {
                                        let id = conversation.uss_sso_id;
                                        view! { <ConversationRow conversation open=move || url.conversation() == Some(id) page=number t query /> }
                                    }
                                </For>
                            </ul>
                            <button type="button" class="vch-button vch-more"
                                hidden=move || !found_history.has_more()
                                on:click=move |_| found_history.show_more()>
                                {t.show_more}
                            </button>
                        }
                    })
                }}
                {move || {
                    (!searching.get() && !showing_stats.get()).then(|| loaded.get()).flatten()
                        .map(|Loaded { number, page }| {
                            // Drawn again in another language (the rows' texts are plain).
                            let t = i18n.t();
                            let skipped = page.skipped;
                            view! {
                                {(skipped > 0).then(|| view! { <p class="vch-note" role="status">{i18n.format(|t, n| (t.skipped)(n as usize), skipped as u64)}</p> })}
                                {if page.is_empty() {
                                    Either::Left(view! { <EmptyPage number /> })
                                } else {
                                    Either::Right(view! {
                                        <ul class="vch-list" role="list" aria-labelledby="vch-history-title">
                                            {page.conversations.iter().cloned().map(|conversation| {
                                                let id = conversation.uss_sso_id;
                                                view! { <ConversationRow conversation open=move || url.conversation() == Some(id) page=number t /> }
                                            }).collect_view()}
                                        </ul>
                                    })
                                }}
                            }
                        })
                }}
                {move || showing_stats.get().then(|| view! {
                    <StatsView stats=statistics complete=Signal::derive(move || full.loading.get() == Loading::Complete) />
                })}
                <div hidden=move || searching.get() || showing_stats.get()>
                    <Pager page is_last />
                </div>
            </div>
            {thread_pane}
            <Shortcuts dialog=help />
        </section>
    }
}

/// Downloads what `search` finds in the loaded history (all of it, unnarrowed) as
/// `vchat-history-<admin>-<date>.csv`.
fn save_csv(full: FullHistory, admin_id: u64, search: &Search, t: &'static Strings) {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let local = move |secs| time::local(secs, t.locale);
    let clock = Clock {
        local: &local,
        offset_minutes: &time::offset_minutes,
    };
    let text = full.index.with_untracked(|index: &HistoryIndex| {
        let found = index.search(&Query::parse(&search.text), &search.filter());
        let rows = found
            .hits
            .iter()
            .filter_map(|&hit| index.get(hit))
            .map(|(c, entry)| (c, entry.lead.as_ref()));
        export::csv(rows, t, &clock)
    });
    let date = time::iso_local(now, time::offset_minutes(now));
    let name = format!(
        "vchat-history-{admin_id}-{}.csv",
        date.get(..10).unwrap_or("export")
    );
    download::save(&name, "text/csv;charset=utf-8", &text);
}

/// The row links of the list, in order.
fn row_links() -> Vec<web_sys::HtmlElement> {
    let Ok(links) = document().query_selector_all(".vchat-history .vch-list .vch-open") else {
        return Vec::new();
    };
    (0..links.length())
        .filter_map(|i| links.item(i)?.dyn_into().ok())
        .collect()
}

/// Moves focus to the next (or previous) conversation of the list.
fn move_focus(forward: bool) {
    let links = row_links();
    let active = document().active_element();
    let current = links.iter().position(|link| {
        active
            .as_ref()
            .is_some_and(|a| a == link.as_ref() as &web_sys::Element)
    });
    let next = match (current, forward) {
        (None, _) => Some(0),
        (Some(i), true) => Some((i + 1).min(links.len().saturating_sub(1))),
        (Some(i), false) => i.checked_sub(1).or(Some(0)),
    };
    if let Some(link) = next.and_then(|i| links.get(i)) {
        let _ = link.focus();
    }
}

/// Moves focus to the element with this id, if it is there.
fn focus_id(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Back to the row of conversation `id` after its thread closes.
fn focus_row(id: u64) {
    let selector = format!(".vchat-history .vch-list .vch-open[data-customer=\"{id}\"]");
    if let Some(link) = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = link.focus();
    }
}

/// A page with no rows: either the account has no conversations, or the user went past the end.
#[component]
fn EmptyPage(number: u32) -> impl IntoView {
    let i18n = use_i18n();
    if number <= 1 {
        return Either::Left(
            view! { <p class="vch-empty">{i18n.text(|t| t.no_conversations)}</p> },
        );
    }
    Either::Right(view! {
        <div class="vch-empty">
            <p>{i18n.text(|t| t.no_more)}</p>
            <PageLink number=number - 1>{i18n.text(|t| t.back_to_previous)}</PageLink>
        </div>
    })
}
