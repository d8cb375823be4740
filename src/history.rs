//! The history screen: the page named by `?page=N`, loaded one request at a time.

use crate::{
    api::{self, ApiError, Credentials},
    config::Config,
    conversation::ConversationRow,
    i18n::use_i18n,
    pager::{PageLink, Pager},
    state::{use_app, Loaded},
    url::use_page_url,
};
use leptos::{either::Either, html, prelude::*, task::spawn_local};
use std::sync::Arc;
use web_sys::AbortController;

#[component]
pub fn History(credentials: Credentials) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let config = expect_context::<Config>();
    let timeout = config.timeout;
    let url = use_page_url();
    let page = Memo::new(move |_| url.page());

    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let retries = RwSignal::new(0u32);
    let heading = NodeRef::<html::H2>::new();
    // At most one request for the list is in flight: a newer one aborts it, and `generation`
    // makes sure a reply that slipped through before the abort is dropped.
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let generation = StoredValue::new(0u64);
    let cancel = move || {
        generation.try_update_value(|g| *g += 1);
        if let Some(Some(request)) = in_flight.try_update_value(Option::take) {
            request.abort();
        }
    };
    on_cleanup(cancel);

    Effect::new(move |_| {
        let number = page.get();
        retries.track();
        cancel();
        let on_screen = state
            .loaded
            .with_untracked(|l| l.as_ref().is_some_and(|l| l.number == number));
        if on_screen && error.get_untracked().is_none() {
            pending.set(false);
            return;
        }
        let Ok(request) = AbortController::new() else {
            return;
        };
        let current = generation.get_value();
        in_flight.set_value(Some(request.clone()));
        error.set(None);
        pending.set(true);
        let (config, credentials) = (config.clone(), credentials.clone());
        spawn_local(async move {
            let result = api::fetch_page(
                &config.api_url,
                &credentials,
                number,
                config.timeout,
                &request,
            )
            .await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            in_flight.set_value(None);
            pending.set(false);
            match result {
                Ok(page) => {
                    state.loaded.set(Some(Loaded {
                        number,
                        page: Arc::new(page),
                    }));
                    // Paging moves focus to the top of the new list, as a page load would.
                    if let Some(heading) = heading.get_untracked() {
                        let _ = heading.focus();
                    }
                }
                Err(refusal @ ApiError::Refused(_)) => state.refused(refusal),
                Err(other) => error.set(Some(other)),
            }
        });
    });

    let loaded = move || state.loaded.get();
    let caption = move || {
        loaded().map(|l| (i18n.t().conversations_on_page)(l.page.conversations.len(), l.number))
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
                                <p>{move || i18n.t().error(&error, timeout)}</p>
                                <button type="button" class="vch-button" on:click=move |_| retries.update(|n| *n += 1)>
                                    {i18n.text(|t| t.retry)}
                                </button>
                            </div>
                        }
                    })
            }}
            // The first page of a restored session: nothing to keep on screen yet.
            {move || {
                (pending.get() && state.loaded.with(Option::is_none))
                    .then(|| view! { <p class="vch-muted vch-loading">{i18n.text(|t| t.loading)}</p> })
            }}
            {move || {
                loaded()
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
            <Pager page is_last=move || loaded().is_some_and(|l| l.number == page.get() && l.page.is_last()) />
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
