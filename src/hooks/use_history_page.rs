use crate::{
    api::{use_api, ApiError, Cancel, Credentials, Page},
    session::use_session,
};
use leptos::{prelude::*, task::spawn_local};
use std::{sync::Arc, time::Duration};

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
    /// Every page as it arrives, shown or not (fetched ahead, refreshed): what the loaded history
    /// is made of.
    pub fetched: ReadSignal<Option<Loaded>>,
    retry: Trigger,
}

impl HistoryPage {
    /// Asks again for the page that failed.
    pub fn retry(self) {
        self.retry.notify();
    }
}

/// Loads page `number` of the admin's history whenever it changes (or on [`HistoryPage::retry`]),
/// one request the admin waits for at a time: a newer request, leaving the screen or signing out
/// cancels the one in flight, and its reply, should it still arrive, is dropped. A refusal ends
/// the session.
///
/// Pages seen in this session stay in memory (the 20 most recent, only as long as this screen,
/// so never past a sign-out, a refusal or another account): a revisit shows one at once, then
/// asks vChat again quietly and updates the rows only if they changed. After a page has been on
/// screen for 100 ms, the next one is fetched ahead, once, unless the page is the last; that
/// request never runs beside one the admin waits for, and is cancelled if the admin goes
/// elsewhere than to the page it fetches.
///
/// Why not a `LocalResource`: Leptos 0.8 resources never cancel the future they run
/// (leptos-rs/leptos#4434). Dropping stale replies without aborting their `fetch` let 8 requests
/// run at once in the rapid-use browser test (100 clicks, replies taking 250 ms), each competing
/// with the page the admin actually wants; aborting keeps it at 1.
///
/// Nothing is asked before the credentials are `verified`; then page 1 of the sign-in that
/// verified them, already in hand, is shown without asking again.
pub fn use_history_page(
    credentials: Credentials,
    number: Memo<u32>,
    verified: Signal<bool>,
) -> HistoryPage {
    let api = StoredValue::new(use_api());
    let credentials = StoredValue::new(credentials);
    let session = use_session();
    let cache = StoredValue::new(PageCache::default());
    let (fetched, set_fetched) = signal(None::<Loaded>);
    let (loaded, set_loaded) = signal(None::<Loaded>);
    let (pending, set_pending) = signal(false);
    let (error, set_error) = signal(None::<ApiError>);
    let retry = Trigger::new();
    // The request the screen depends on (the wanted page, or its quiet refresh), and the page
    // fetched ahead.
    let main = StoredValue::new_local(None::<(u32, Cancel)>);
    let ahead = StoredValue::new_local(None::<(u32, Cancel)>);
    let cancel = move |slot: StoredValue<Option<(u32, Cancel)>, LocalStorage>| {
        if let Some(Some((_, request))) = slot.try_update_value(Option::take) {
            request.cancel();
        }
    };
    on_cleanup(move || {
        cancel(main);
        cancel(ahead);
    });

    let request = move |page: u32, purpose: Purpose| {
        let request = Cancel::new();
        let slot = if purpose == Purpose::Ahead {
            ahead
        } else {
            main
        };
        slot.set_value(Some((page, request.clone())));
        if purpose == Purpose::Show {
            set_error.set(None);
            set_pending.set(true);
        }
        let (api, credentials) = (api.get_value(), credentials.get_value());
        spawn_local(async move {
            let result = api.page(&credentials, page, &request).await;
            if matches!(result, Err(ApiError::Cancelled)) {
                // A newer request, or the end of the screen, took over.
                return;
            }
            slot.try_update_value(|s| {
                if s.as_ref().is_some_and(|(p, _)| *p == page) {
                    *s = None;
                }
            });
            let wanted = number.try_get_untracked() == Some(page);
            if wanted {
                set_pending.try_set(false);
            }
            match result {
                Ok(fresh) => {
                    let fresh = Arc::new(fresh);
                    cache.try_update_value(|cache| cache.put(page, fresh.clone()));
                    set_fetched.try_set(Some(Loaded {
                        number: page,
                        page: fresh.clone(),
                    }));
                    // Only a change reaches the screen: no flash, and focus and scroll stay.
                    let changed = loaded.with_untracked(|l| {
                        l.as_ref()
                            .is_none_or(|l| l.number != page || *l.page != *fresh)
                    });
                    if wanted && changed {
                        set_loaded.try_set(Some(Loaded {
                            number: page,
                            page: fresh,
                        }));
                    }
                }
                Err(ApiError::Refused(reason)) => session.refused(reason),
                // A quiet refresh failing leaves the page as it was; so does a page fetched
                // ahead that the admin did not go to.
                Err(other) if wanted && purpose != Purpose::Refresh => {
                    set_error.try_set(Some(other));
                }
                Err(_) => {}
            }
        });
    };

    Effect::new(move |first_taken: Option<bool>| {
        if !verified.get() {
            return false;
        }
        // Page 1 of the sign-in, taken once the credentials are accepted.
        if first_taken != Some(true) {
            if let Some(first) = credentials.with_value(|c| session.first_page(c)) {
                cache.update_value(|cache| cache.put(1, first.clone()));
                set_fetched.set(Some(Loaded {
                    number: 1,
                    page: first,
                }));
            }
        }
        let page = number.get();
        retry.track();
        cancel(main);
        if ahead.with_value(|a| a.as_ref().is_some_and(|(p, _)| *p != page)) {
            cancel(ahead);
        }
        let cached = cache.with_value(|cache| cache.get(page));
        if let Some((cached, fetched_at)) = cached {
            set_error.set(None);
            set_pending.set(false);
            if loaded.with_untracked(|l| {
                l.as_ref()
                    .is_none_or(|l| l.number != page || l.page != cached)
            }) {
                set_loaded.set(Some(Loaded {
                    number: page,
                    page: cached,
                }));
            }
            if js_sys::Date::now() - fetched_at > FRESH_MS {
                request(page, Purpose::Refresh);
            }
        } else if ahead.with_value(|a| a.as_ref().is_some_and(|(p, _)| *p == page)) {
            // Already on its way: wait for it rather than ask twice.
            set_error.set(None);
            set_pending.set(true);
        } else {
            request(page, Purpose::Show);
        }
        true
    });

    // Fetch the next page ahead, once the admin has stayed on this one for a moment.
    let shown =
        Memo::new(move |_| loaded.with(|l| l.as_ref().map(|l| (l.number, l.page.is_last()))));
    Effect::new(move |_| {
        let Some((page, false)) = shown.get() else {
            return;
        };
        let timer = set_timeout_with_handle(
            move || {
                let idle = main.with_value(Option::is_none) && ahead.with_value(Option::is_none);
                let next = page + 1;
                let known = cache.with_value(|cache| cache.get(next).is_some());
                if idle && !known && number.get_untracked() == page {
                    request(next, Purpose::Ahead);
                }
            },
            AHEAD_AFTER,
        )
        .ok();
        on_cleanup(move || {
            if let Some(timer) = timer {
                timer.clear();
            }
        });
    });

    HistoryPage {
        loaded,
        pending,
        error,
        fetched,
        retry,
    }
}

/// How long the admin stays on a page before the next one is fetched ahead.
const AHEAD_AFTER: Duration = Duration::from_millis(100);
/// A page younger than this is shown again without asking vChat.
const FRESH_MS: f64 = 5_000.0;
/// Pages kept in memory.
const CACHED_PAGES: usize = 20;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// The page the admin asked for, which the screen waits for.
    Show,
    /// A page on screen from memory, asked for again quietly.
    Refresh,
    /// The next page, fetched ahead.
    Ahead,
}

/// The pages seen in this session, most recent last, with when they were fetched (ms).
#[derive(Default)]
struct PageCache(Vec<(u32, Arc<Page>, f64)>);

impl PageCache {
    fn get(&self, number: u32) -> Option<(Arc<Page>, f64)> {
        self.0
            .iter()
            .find(|(n, _, _)| *n == number)
            .map(|(_, page, at)| (page.clone(), *at))
    }

    fn put(&mut self, number: u32, page: Arc<Page>) {
        self.0.retain(|(n, _, _)| *n != number);
        if self.0.len() == CACHED_PAGES {
            self.0.remove(0);
        }
        self.0.push((number, page, js_sys::Date::now()));
    }
}
