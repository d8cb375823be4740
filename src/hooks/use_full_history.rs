use super::Loaded;
use crate::{
    api::{use_api, ApiError, Cancel, Credentials},
    search::index::HistoryIndex,
    session::use_session,
};
use leptos::{prelude::*, task::spawn_local};
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;

/// How loading the whole history goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loading {
    /// Not asked for yet.
    Idle,
    Running,
    /// The admin stopped it; it goes on from where it stopped.
    Stopped,
    /// A request failed; retrying goes on from the page that failed.
    Failed(ApiError),
    /// Every page up to the last (the first short one) is in memory.
    Complete,
}

/// The history loaded in this session, and the loading of the rest of it.
#[derive(Clone, Copy)]
pub struct FullHistory {
    /// Every page in memory, searchable.
    pub index: ReadSignal<HistoryIndex>,
    pub loading: ReadSignal<Loading>,
    start: Trigger,
    stop: Trigger,
}

impl FullHistory {
    /// Loads the pages not in memory yet, from the first missing one; again after a stop or a
    /// failure.
    pub fn start(self) {
        self.start.notify();
    }

    pub fn stop(self) {
        self.stop.notify();
    }
}

/// Keeps every page of the history that reaches the app (`fetched`, from
/// [`super::use_history_page`]) in one searchable index, and loads all the others on
/// [`FullHistory::start`], because vChat has no search: one request at a time, at least the
/// configured interval apart (`load-interval-ms`), stopping at the first short page, skipping
/// pages already in memory. A failure pauses it with the error, a refusal ends the session,
/// and what was loaded stays. It lives in memory as long as the history screen, so a sign-out
/// drops it.
pub fn use_full_history(
    credentials: Credentials,
    fetched: ReadSignal<Option<Loaded>>,
) -> FullHistory {
    let api = StoredValue::new(use_api());
    let credentials = StoredValue::new(credentials);
    let session = use_session();
    let (index, set_index) = signal(HistoryIndex::default());
    let (loading, set_loading) = signal(Loading::Idle);
    let (start, stop) = (Trigger::new(), Trigger::new());
    let request = StoredValue::new_local(None::<Cancel>);
    // Each run of the loading loop has a number; a loop whose run is over ends at its next step.
    let run = StoredValue::new(0_u32);
    let halt = move || {
        run.try_update_value(|run| *run += 1);
        if let Some(Some(request)) = request.try_update_value(Option::take) {
            request.cancel();
        }
    };
    on_cleanup(halt);

    let finish_if_complete = move || {
        if index.with_untracked(HistoryIndex::is_complete) {
            set_loading.set(Loading::Complete);
        }
    };
    Effect::new(move |_| {
        if let Some(Loaded { number, page }) = fetched.get() {
            set_index.update(|index| index.put(number, page));
            if loading.get_untracked() == Loading::Idle {
                finish_if_complete();
            }
        }
    });

    Effect::new(move |first: Option<()>| {
        stop.track();
        if first.is_some() && loading.get_untracked() == Loading::Running {
            halt();
            set_loading.set(Loading::Stopped);
        }
    });

    Effect::new(move |first: Option<()>| {
        start.track();
        if first.is_none() || loading.get_untracked() == Loading::Running {
            return;
        }
        set_loading.set(Loading::Running);
        let this_run = run.get_value();
        let (api, credentials) = (api.get_value(), credentials.get_value());
        spawn_local(async move {
            let interval = api.load_interval();
            loop {
                let Some(next) = index.try_with_untracked(HistoryIndex::next_missing) else {
                    return;
                };
                let Some(next) = next else {
                    set_loading.try_set(Loading::Complete);
                    return;
                };
                let cancel = Cancel::new();
                request.try_set_value(Some(cancel.clone()));
                let started = js_sys::Date::now();
                let result = api.page(&credentials, next, &cancel).await;
                request.try_set_value(None);
                match result {
                    Ok(page) => {
                        set_index.try_update(|index| index.put(next, Arc::new(page)));
                    }
                    // Stopped, or the screen went away.
                    Err(ApiError::Cancelled) => return,
                    Err(ApiError::Refused(reason)) => {
                        session.refused(reason);
                        return;
                    }
                    Err(error) => {
                        set_loading.try_set(Loading::Failed(error));
                        return;
                    }
                }
                let waited = js_sys::Date::now() - started;
                pause(interval.as_millis() as f64 - waited).await;
                if run.try_get_value() != Some(this_run) {
                    return;
                }
            }
        });
    });

    FullHistory {
        index,
        loading,
        start,
        stop,
    }
}

/// Waits `ms` milliseconds (none if not positive).
async fn pause(ms: f64) {
    if ms <= 0.0 {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = JsFuture::from(promise).await;
}
