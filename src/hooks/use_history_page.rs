use crate::{
    api::{use_api, ApiError, Cancel, Credentials, Page},
    session::use_session,
};
use leptos::{prelude::*, task::spawn_local};
use std::sync::Arc;

/// A page of the history as loaded, with the number it was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub number: u32,
    pub page: Arc<Page>,
}

/// The state of [`use_history_page`]: what is on screen, and how loading the wanted page goes.
#[derive(Clone, Copy)]
pub struct HistoryPage {
    /// The rows on screen; kept while another page loads or fails.
    pub loaded: ReadSignal<Option<Loaded>>,
    pub pending: ReadSignal<bool>,
    pub error: ReadSignal<Option<ApiError>>,
    retry: Trigger,
}

impl HistoryPage {
    /// Asks again for the page that failed.
    pub fn retry(self) {
        self.retry.notify();
    }
}

/// Loads page `number` of the admin's history whenever it changes (or on [`HistoryPage::retry`]),
/// one request at a time: a newer request, leaving the screen or signing out cancels the one in
/// flight, and its reply, should it still arrive, is dropped. A refusal ends the session.
///
/// Why not a `LocalResource`: Leptos 0.8 resources never cancel the future they run
/// (leptos-rs/leptos#4434). Dropping stale replies without aborting their `fetch` let 8 requests
/// run at once in the rapid-use browser test (100 clicks, replies taking 250 ms), each competing
/// with the page the admin actually wants; aborting keeps it at 1.
///
/// `first` is a page already in hand (page 1 of a sign-in), shown without asking again.
pub fn use_history_page(
    credentials: Credentials,
    number: Memo<u32>,
    first: Option<Loaded>,
) -> HistoryPage {
    let api = use_api();
    let session = use_session();
    let (loaded, set_loaded) = signal(first);
    let (pending, set_pending) = signal(false);
    let (error, set_error) = signal(None::<ApiError>);
    let retry = Trigger::new();
    let in_flight = StoredValue::new_local(None::<Cancel>);
    let cancel = move || {
        if let Some(Some(request)) = in_flight.try_update_value(Option::take) {
            request.cancel();
        }
    };
    on_cleanup(cancel);

    Effect::new(move |_| {
        let number = number.get();
        retry.track();
        cancel();
        let on_screen = loaded.with_untracked(|l| l.as_ref().is_some_and(|l| l.number == number));
        if on_screen && error.with_untracked(Option::is_none) {
            set_pending.set(false);
            return;
        }
        let request = Cancel::new();
        in_flight.set_value(Some(request.clone()));
        set_error.set(None);
        set_pending.set(true);
        let (api, credentials) = (api.clone(), credentials.clone());
        spawn_local(async move {
            let result = api.page(&credentials, number, &request).await;
            if matches!(result, Err(ApiError::Cancelled)) {
                // A newer request, or the end of the screen, took over.
                return;
            }
            in_flight.try_set_value(None);
            set_pending.try_set(false);
            match result {
                Ok(page) => {
                    set_loaded.try_set(Some(Loaded {
                        number,
                        page: Arc::new(page),
                    }));
                }
                Err(ApiError::Refused(reason)) => session.refused(reason),
                Err(other) => {
                    set_error.try_set(Some(other));
                }
            }
        });
    });

    HistoryPage {
        loaded,
        pending,
        error,
        retry,
    }
}
