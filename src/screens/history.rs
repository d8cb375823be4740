//! The history screen: the page named by `?page=N`, loaded one request at a time.

use crate::{
    api::Credentials,
    browser::page_url::use_page_url,
    components::{ConversationRow, PageLink, Pager},
    hooks::{use_history_page, Loaded},
    i18n::use_i18n,
    session::use_session,
};
use leptos::{either::Either, html, prelude::*};

#[component]
pub fn History(credentials: Credentials) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_page_url();
    let page = Memo::new(move |_| url.page());
    let first = use_session()
        .first_page(&credentials)
        .map(|page| Loaded { number: 1, page });
    let history = use_history_page(credentials, page, first);
    let (loaded, pending, error) = (history.loaded, history.pending, history.error);

    // Paging moves focus to the top of the new list, as a page load would.
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |previous: Option<Option<u32>>| {
        let shown = loaded.with(|l| l.as_ref().map(|l| l.number));
        if previous.is_some_and(|p| p != shown) {
            if let Some(heading) = heading.get_untracked() {
                let _ = heading.focus();
            }
        }
        shown
    });

    let caption = move || {
        loaded
            .get()
            .map(|l| (i18n.t().conversations_on_page)(l.page.conversations.len(), l.number))
    };

    view! {
        <section class="vch-history" aria-labelledby="vch-history-title" aria-busy=move || pending.get().to_string()>
            <div class="vch-history-head">
                <h2 id="vch-history-title" tabindex="-1" node_ref=heading>
                    {i18n.text(|t| t.history_title)}
                </h2>
                <p class="vch-muted" aria-live="polite">{caption}</p>
            </div>
            <div class="vch-progress" role="progressbar" aria-label=i18n.text(|t| t.loading) hidden=move || !pending.get()>
                <span></span>
            </div>
            {move || {
                error
                    .get()
                    .map(|error| {
                        view! {
                            <div class="vch-alert" role="alert">
                                <strong>{i18n.text(|t| t.error_title)}</strong>
                                <p>{move || i18n.t().error(&error)}</p>
                                <button type="button" class="vch-button" on:click=move |_| history.retry()>
                                    {i18n.text(|t| t.retry)}
                                </button>
                            </div>
                        }
                    })
            }}
            // The first page of a restored session: nothing to keep on screen yet.
            {move || {
                (pending.get() && loaded.with(Option::is_none))
                    .then(|| view! { <p class="vch-muted vch-loading">{i18n.text(|t| t.loading)}</p> })
            }}
            {move || {
                loaded
                    .get()
                    .map(|Loaded { number, page }| {
                        let skipped = page.skipped;
                        view! {
                            {(skipped > 0).then(|| view! { <p class="vch-note" role="status">{move || (i18n.t().skipped)(skipped)}</p> })}
                            {if page.is_empty() {
                                Either::Left(view! { <EmptyPage number /> })
                            } else {
                                Either::Right(view! {
                                    <ul class="vch-list" role="list" aria-labelledby="vch-history-title">
                                        {page.conversations.iter().cloned().map(|conversation| view! { <ConversationRow conversation /> }).collect_view()}
                                    </ul>
                                })
                            }}
                        }
                    })
            }}
            <Pager page is_last=move || loaded.with(|l| l.as_ref().is_some_and(|l| l.number == page.get() && l.page.is_last())) />
        </section>
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
