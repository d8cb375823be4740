//! The history screen: the page of conversations that `?page=N` names, what the search and the
//! filters (`&q=…&leads=1&agent=…`) find in the loaded history, or its statistics
//! (`&view=stats`); and beside it (or, at phone width, in its place) the conversation `&c=<id>`
//! opens.
//!
//! Each job has its own place: loading in the hooks, what to export and when in
//! [`use_export`], which conversation is open in [`selection`], which pages stay drawn out of
//! sight in [`drawn`], the thread and its scrolling in [`ThreadView`]; this file wires them and
//! lays the screen out.

mod drawn;
mod selection;

use crate::{
    api::{use_api, Credentials, ThreadKey},
    app::TitleCount,
    browser::{
        download, history_url::use_history_url, idle::when_idle, storage, visibility::page_visible,
        xlsx,
    },
    components::{
        ConversationRow, ErrorAlert, Filters, FirstScreen, LoadStatus, PageLink, Pager,
        ResponseView, SearchBar, Shortcuts, StatsView, ThreadView,
    },
    format::time::{self, LocalDays},
    hooks::{
        use_export, use_full_history, use_history_page, use_news, use_response_times, use_search,
        use_shortcuts, use_statistics, Account, Export, Exporter, Format, FullHistory, Keeping,
        ListView, Loaded, Loading, News, ResponseTimes, Saving, SearchState, Shortcut,
    },
    i18n::{use_i18n, Strings},
    search::{
        export::{self, Clock},
        index::HistoryIndex,
        location::{Search, View},
        query::Query,
        response::{Hours, Reply},
    },
    session::use_session,
    store::idb::IdbStore,
};
use drawn::DrawnPages;
use leptos::{
    either::{Either, EitherOf3},
    html,
    prelude::*,
};
use selection::{select, Selection};
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[component]
pub fn History(
    credentials: Credentials,
    /// The admin chose to be remembered: the history is kept between visits.
    remember: bool,
    /// vChat accepted the credentials. Until then (a sign-in being checked) the screen is built
    /// out of sight and asks vChat nothing.
    #[prop(into)]
    verified: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_history_url();
    let page = Memo::new(move |_| url.page());
    let admin_id = credentials.sso_id;
    let session = use_session();
    let account = Account {
        first_page: {
            let credentials = credentials.clone();
            Signal::derive(move || session.first_page(&credentials))
        },
        credentials,
        verified,
        on_refused: Callback::new(move |reason| session.refused(reason)),
    };
    let api = use_api();
    // The whole history's loading asks for pages itself: nothing is fetched ahead or asked again
    // meanwhile, or the same page would be asked twice.
    let quiet = RwSignal::new(true);
    let history = use_history_page(
        api.clone(),
        account.clone(),
        page,
        quiet.into(),
        page_visible(),
    );
    let clock = api.clone();
    let loaded = Memo::new(move |_| history.state.with(|s| s.value().cloned()));
    let pending = Memo::new(move |_| history.state.with(|s| s.is_loading()));
    let error = Memo::new(move |_| history.state.with(|s| s.error().cloned()));
    let store = remember.then_some(IdbStore::new(admin_id));
    let reader = api.clone();
    let full = use_full_history(api, account, history.fetched, page.into(), store.clone());
    let hours = use_context::<Hours>().unwrap_or(Hours::parse(None, 0));
    // The messages are read while nothing else asks vChat for pages, once signed in.
    let hold = Signal::derive(move || !verified.get() || full.loading.get() == Loading::Running);
    let times = use_response_times(reader, admin_id, full.index, hold, store);
    Effect::new(move |_| {
        let asking = full.loading.get() == Loading::Running;
        // Until what was kept is read, whether the top of the list must be read is not known.
        quiet.set(!asking && full.keeping.get() != Keeping::Opening);
    });

    let news = use_news(
        clock.clone(),
        full.index,
        admin_id,
        storage::stored_visit(remember),
        verified,
        Signal::derive(move || url.conversation()),
        move |visit| storage::store_visit(visit, remember),
    );
    let found_history = use_search(full, verified, times, hours);
    let SearchState {
        search,
        searching,
        view: list_view,
        query,
        found,
        agents,
        counted,
        results,
        ..
    } = found_history;
    let days = LocalDays::default();
    let statistics = use_statistics(
        clock,
        full.index,
        times.timelines,
        hours,
        counted,
        move |secs| days.day(secs),
    );
    let exporter = use_export(full, search, searching, move |search, format| {
        save(full, (times, hours), admin_id, &search, format, i18n.t())
    });

    let selection = Memo::new(move |previous: Option<&Selection>| {
        let settled =
            !pending.get() && loaded.with(|l| l.as_ref().is_some_and(|l| l.number == page.get()));
        loaded.with(|l| {
            select(
                url.conversation(),
                l.iter().flat_map(|l| l.page.conversations.iter()),
                |id| full.index.with(|index| index.find(id).cloned()),
                settled,
                previous,
            )
        })
    });
    let key = Memo::new(move |_| match selection.get() {
        Selection::Open(c) => Some(ThreadKey {
            customer_id: c.customer_id,
            hash: c.hash.clone(),
        }),
        _ => None,
    });

    // The page shown, and out of sight the next one and the one before ([`drawn`]).
    let drawn_pages = Memo::new(move |before: Option<&DrawnPages>| {
        DrawnPages::next(
            before.unwrap_or(&DrawnPages::default()),
            loaded.get(),
            history.fetched.get(),
        )
    });

    // Paging moves focus to the top of the new list, as a page load would.
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |previous: Option<Option<u32>>| {
        let shown = loaded.with(|l| l.as_ref().map(|l| l.number));
        if previous.is_some_and(|p| p != shown) && url.conversation().is_none() {
            focus_next_frame(heading);
        }
        shown
    });
    // The count of conversations waiting to be shown goes into the tab's title, for an admin
    // looking at another tab.
    if let Some(TitleCount(count)) = use_context() {
        Effect::new(move |_| {
            if verified.get() {
                count.set(history.newer.get());
            }
        });
        on_cleanup(move || {
            if verified.try_get_untracked() == Some(true) {
                count.set(0);
            }
        });
    }

    let list_pane = NodeRef::<html::Div>::new();
    let search_input = NodeRef::<html::Input>::new();
    let export_buttons = [
        NodeRef::<html::Button>::new(),
        NodeRef::<html::Button>::new(),
    ];
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
            let row = format!("{SHOWN_ROWS}[data-customer=\"{id}\"]");
            if let Some(link) = row_links(list_pane, &row).into_iter().next() {
                let _ = link.focus();
            }
        }
    };
    use_shortcuts(move |shortcut, event| match shortcut {
        _ if !verified.get_untracked() => {}
        Shortcut::NextConversation | Shortcut::PreviousConversation => {
            event.prevent_default();
            move_focus(list_pane, shortcut == Shortcut::NextConversation);
        }
        Shortcut::Close => close(),
        Shortcut::NextPage if !is_last.get_untracked() => url.go_to_page(page.get_untracked() + 1),
        Shortcut::PreviousPage if page.get_untracked() > 1 => {
            url.go_to_page(page.get_untracked() - 1)
        }
        Shortcut::Help => open_help(),
        Shortcut::Search => {
            event.prevent_default();
            if let Some(input) = search_input.get_untracked() {
                let _ = input.focus();
            }
        }
        Shortcut::NextPage | Shortcut::PreviousPage => {}
    });

    let caption = move || {
        if searching.get() {
            let (complete, results) = (full.loading.get() == Loading::Complete, i18n.t().results);
            if list_view.get() == ListView::Stats {
                // The count's own total, the same conversations: no search beside the count
                // (11 ms a keystroke over 30,000 conversations on a 2-core machine).
                let searched = full.index.with(HistoryIndex::conversations);
                let total = statistics.stats.with(|s| s.total.conversations);
                return Some(results(total, searched, complete));
            }
            return found.with(|f| {
                f.as_ref()
                    .map(|f| results(f.hits.len(), f.searched, complete))
            });
        }
        loaded
            .get()
            .map(|l| (i18n.t().conversations_on_page)(l.page.conversations.len(), l.number))
    };
    let thread_pane = move || {
        if key.with(Option::is_some) {
            let conversation = selection.with_untracked(|s| match s {
                Selection::Open(c) => Some((**c).clone()),
                _ => None,
            })?;
            let id = conversation.customer_id;
            let first_response = first_response(times, hours, id);
            return Some(Either::Left(view! {
                <ThreadView conversation admin_id on_close=move || close() others=full.same_person(id) first_response />
            }));
        }
        // Looking for it on the page that is loading (or that failed: its error and retry are
        // the list's), or not found there.
        let (id, missing) = match selection.get() {
            Selection::Looking(id) => (id, false),
            Selection::Missing(id) => (id, true),
            Selection::Closed | Selection::Open(_) => return None,
        };
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
    };
    let first_screen = FirstScreen::new();
    let list = move || match list_view.get() {
        // Keyed by conversation: as the admin types, rows that stay are kept and only their
        // marks follow; drawing every row anew took most of a keystroke's time.
        ListView::Results => {
            let t = i18n.t();
            let number = page.get_untracked();
            EitherOf3::A(view! {
                <p class="vch-empty" hidden=move || results.with(|r| !r.is_empty())>{t.no_results}</p>
                <ul class="vch-list" role="list" aria-labelledby="vch-history-title">
                    <For each=move || results.get().into_iter().enumerate()
                        key=|(_, c)| (c.customer_id, c.last_message.as_ref().map(|m| m.id))
                        let((position, conversation))>
                        {
                            let id = conversation.customer_id;
                            let (fresh, repeats) = (news.fresh(&conversation), full.repeats(id));
                            let first_response = first_response(times, hours, id);
                            first_screen.row(position, move || view! {
                                <ConversationRow conversation=conversation.clone() open=move || url.conversation() == Some(id) page=number t query fresh repeats first_response />
                            })
                        }
                    </For>
                </ul>
                <button type="button" class="vch-button vch-more"
                    hidden=move || !found_history.has_more()
                    on:click=move |_| found_history.show_more()>
                    {t.show_more}
                </button>
            })
        }
        ListView::Page => EitherOf3::B(move || {
            let t = i18n.t();
            view! {
                <For each=move || drawn_pages.with(|d| d.pages.clone())
                    key=|l| (l.number, Arc::as_ptr(&l.page) as usize)
                    let(loaded)>
                    {
                        let number = loaded.number;
                        let shown = move || drawn_pages.with(|d| d.shown == Some(number));
                        // A page out of sight is drawn when the browser is idle, or once shown.
                        let idle = RwSignal::new(false);
                        if !untrack(shown) {
                            when_idle(move |_| {
                                idle.try_set(true);
                            });
                        }
                        let drawn = Memo::new(move |was: Option<&bool>| {
                            was.copied().unwrap_or(false) || idle.get() || shown()
                        });
                        view! {
                            <div class="vch-page" hidden=move || !shown()>
                                {move || drawn.get().then(|| page_rows(loaded.clone(), news, full, (times, hours), t))}
                            </div>
                        }
                    }
                </For>
            }
        }),
        ListView::Stats => EitherOf3::C(view! {
            <StatsView stats=statistics.stats counting=statistics.counting
                complete=Signal::derive(move || full.loading.get() == Loading::Complete) />
            <ResponseView times figures=statistics.figures hours />
        }),
    };

    view! {
        <section class="vch-history" class:vch-split=move || selection.with(|s| *s != Selection::Closed)
            aria-labelledby="vch-history-title">
            <div class="vch-list-pane" node_ref=list_pane aria-busy=move || pending.get().to_string()>
                <div class="vch-history-head">
                    <h2 id="vch-history-title" tabindex="-1" node_ref=heading>
                        {i18n.text(|t| t.history_title)}
                    </h2>
                    <p class="vch-muted" aria-live="polite">{caption}</p>
                    <p class="vch-badge vch-new" hidden=move || news.count.get() == 0>
                        {move || (i18n.t().new_count)(news.count.get())}
                    </p>
                    <button type="button" class="vch-button vch-quiet" aria-keyshortcuts="?"
                        on:click=move |_| open_help()>
                        {i18n.text(|t| t.shortcuts)}
                    </button>
                </div>
                <div class="vch-views" role="group" aria-label=i18n.text(|t| t.views)>
                    {[(View::List, i18n.text(|t| t.view_list)), (View::Stats, i18n.text(|t| t.view_stats))].map(|(view, label)| view! {
                        <button type="button" class="vch-button vch-quiet" aria-pressed=move || ((list_view.get() == ListView::Stats) == (view == View::Stats)).to_string()
                            on:click=move |_| url.search_for(Search { view, ..search.get_untracked() })>
                            {label}
                        </button>
                    })}
                </div>
                <SearchBar search input=search_input export_buttons on_export=move |format| exporter.export(format) />
                <Filters search agents />
                <LoadStatus full />
                {move || match exporter.state.get() {
                    Export::Idle => None,
                    Export::Failed => Some(Either::Left(view! {
                        <ErrorAlert title=|t| t.excel_failed_title message=move || i18n.t().excel_failed.to_owned()
                            on_retry=move || exporter.retry() />
                    })),
                    state => Some(Either::Right(export_note(exporter, state, export_buttons))),
                }}
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
                <div class="vch-newer" role="status">
                    <button type="button" class="vch-button"
                        hidden=move || list_view.get() != ListView::Page || history.newer.get() == 0
                        on:click=move |_| {
                            history.show_newer();
                            focus_next_frame(heading);
                        }>
                        {move || (i18n.t().newer_count)(history.newer.get())}
                    </button>
                </div>
                {list}
                <div hidden=move || list_view.get() != ListView::Page>
                    <Pager page is_last />
                </div>
            </div>
            {thread_pane}
            <Shortcuts dialog=help />
        </section>
    }
}

/// The rows of a page of the history, drawn again in another language (their texts are plain).
fn page_rows(
    Loaded { number, page }: Loaded,
    news: News,
    full: FullHistory,
    (times, hours): (ResponseTimes, Hours),
    t: &'static Strings,
) -> impl IntoView {
    let url = use_history_url();
    let i18n = use_i18n();
    let skipped = page.skipped;
    view! {
        {(skipped > 0).then(|| view! { <p class="vch-note" role="status">{i18n.format(|t, n| (t.skipped)(n as usize), skipped as u64)}</p> })}
        {if page.is_empty() {
            Either::Left(view! { <EmptyPage number /> })
        } else {
            Either::Right(view! {
                <ul class="vch-list" role="list" aria-labelledby="vch-history-title">
                    {page.conversations.iter().cloned().map(|conversation| {
                        let id = conversation.customer_id;
                        let (fresh, repeats) = (news.fresh(&conversation), full.repeats(id));
                        let first_response = first_response(times, hours, id);
                        view! { <ConversationRow conversation open=move || url.conversation() == Some(id) page=number t fresh repeats first_response /> }
                    }).collect_view()}
                </ul>
            })
        }}
    }
}

/// An export under way: waiting for the whole history (the admin may export what has loaded or
/// call the export off), or writing the Excel file (which may be called off). When the note
/// goes, focus in it moves to the export's button rather than to the page's start.
fn export_note(
    exporter: Exporter,
    state: Export,
    export_buttons: [NodeRef<html::Button>; 2],
) -> impl IntoView {
    let i18n = use_i18n();
    let note = NodeRef::<html::Div>::new();
    let button = export_buttons[usize::from(state != Export::Waiting(Format::Csv))];
    let leave = move || {
        let in_note = note
            .get_untracked()
            .zip(document().active_element())
            .is_some_and(|(note, active)| note.contains(Some(&active)));
        if let Some(button) = button.get_untracked().filter(|_| in_note) {
            let _ = button.focus();
        }
    };
    on_cleanup(leave);
    let waiting = matches!(state, Export::Waiting(_));
    let text = match state {
        Export::Waiting(Format::Csv) => i18n.text(|t| t.export_waiting),
        Export::Waiting(Format::Excel) => i18n.text(|t| t.export_waiting_excel),
        _ => i18n.text(|t| t.excel_writing),
    };
    view! {
        <div class="vch-load" node_ref=note>
            <p class="vch-note" role="status">{text}</p>
            <button type="button" class="vch-button vch-quiet" hidden=!waiting on:click=move |_| exporter.save_loaded()>
                {i18n.text(|t| t.export_loaded)}
            </button>
            <button type="button" class="vch-button vch-quiet" on:click=move |_| exporter.cancel()>
                {i18n.text(|t| t.export_cancel)}
            </button>
        </div>
    }
}

/// Customer `id`'s first reply, once the messages were read: for the row and the thread pane.
fn first_response(times: ResponseTimes, hours: Hours, id: u64) -> Signal<Option<Reply>> {
    Signal::derive(move || times.timelines.with(|t| t.first_response(id, hours)))
}

/// Offers what `search` finds in the loaded history (all of it, unnarrowed) as
/// `vchat-history-<admin>-<date>.csv` or `.xlsx`; the Excel file is written in its worker.
fn save(
    full: FullHistory,
    (times, hours): (ResponseTimes, Hours),
    admin_id: u64,
    search: &Search,
    format: Format,
    t: &'static Strings,
) -> Saving {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let local = move |secs| time::local(secs, t.locale);
    let clock = Clock {
        local: &local,
        offset_minutes: &time::offset_minutes,
    };
    let date = time::iso_local(now, time::offset_minutes(now));
    let name = format!(
        "vchat-history-{admin_id}-{}",
        date.get(..10).unwrap_or("export")
    );
    let timelines = times.timelines.read_untracked();
    let filter = search.filter();
    full.index.with_untracked(|index: &HistoryIndex| {
        let found = index.search(&Query::parse(&search.text), &filter);
        let rows = found
            .hits
            .iter()
            .filter_map(|&hit| index.get(hit))
            .filter_map(|(c, entry)| {
                let response = timelines
                    .first_response(c.customer_id, hours)
                    .map(|reply| reply.waited);
                let slow_enough = filter
                    .slower_than
                    .is_none_or(|limit| response.is_some_and(|secs| secs > limit));
                let group = index
                    .same_person(c.customer_id)
                    .first()
                    .map(|&(_, key)| key);
                slow_enough.then_some((c, entry.lead.as_ref(), group, response))
            });
        match format {
            Format::Csv => {
                let text = export::csv(rows, t, &clock);
                download::save(
                    &format!("{name}.csv"),
                    "text/csv;charset=utf-8",
                    &text.into(),
                );
                Saving::Done
            }
            Format::Excel => {
                let sheet = export::sheet(name.clone(), rows, t, &clock);
                Saving::Writing(Box::pin(async move {
                    let Some(file) = xlsx::write(&sheet).await else {
                        return false;
                    };
                    download::save(&format!("{name}.xlsx"), XLSX_TYPE, &file.into())
                }))
            }
        }
    })
}

/// The media type of an `.xlsx` file.
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Moves the focus to `target` in the next frame, whose layout it then shares: focusing at once
/// lays the new rows out on the spot, 5 ms more before the click's work is done.
fn focus_next_frame(target: NodeRef<html::H2>) {
    request_animation_frame(move || {
        if let Some(target) = target.try_get_untracked().flatten() {
            let _ = target.focus();
        }
    });
}

/// The links of the rows on screen, not of the pages kept drawn out of sight.
const SHOWN_ROWS: &str = ":not([hidden]) > .vch-list .vch-open";

/// The links of the list pane's rows matching `selector`, in order.
fn row_links(pane: NodeRef<html::Div>, selector: &str) -> Vec<web_sys::HtmlElement> {
    let Some(links) = pane
        .get_untracked()
        .and_then(|pane| pane.query_selector_all(selector).ok())
    else {
        return Vec::new();
    };
    (0..links.length())
        .filter_map(|i| links.item(i)?.dyn_into().ok())
        .collect()
}

/// Moves focus to the next (or previous) conversation of the list.
fn move_focus(pane: NodeRef<html::Div>, forward: bool) {
    let links = row_links(pane, SHOWN_ROWS);
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
