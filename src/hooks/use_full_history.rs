//! The whole history in memory, searchable, and the loading of the pages not seen yet.

use super::{Account, Loaded, Loader};
use crate::{
    api::{Api, ApiError},
    search::index::HistoryIndex,
};
use leptos::{prelude::*, task::spawn_local};
use std::{sync::Arc, time::Duration};

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
    start: UnsyncCallback<()>,
    stop: UnsyncCallback<()>,
}

impl FullHistory {
    /// Loads the pages not in memory yet, from the first missing one; again after a stop or a
    /// failure. Nothing while it runs.
    pub fn start(self) {
        self.start.run(());
    }

    /// Stops the loading after the page in flight, which is called off; what was loaded stays.
    pub fn stop(self) {
        self.stop.run(());
    }
}

/// Keeps every page of the history that reaches the app (`fetched`, from
/// [`super::use_history_page`]) in one searchable index, and loads all the others on
/// [`FullHistory::start`], because vChat has no search: one request at a time, at least the
/// configured interval apart (`load-interval-ms`), stopping at the first short page, skipping
/// pages already in memory. A failure pauses it with the error, a refusal ends the session,
/// and what was loaded stays. It lives in memory as long as its owner, so a sign-out drops it.
pub fn use_full_history<A: Api>(
    api: A,
    account: Account,
    fetched: ReadSignal<Option<Loaded>>,
) -> FullHistory {
    let Account {
        credentials,
        on_refused,
        ..
    } = account;
    let api = StoredValue::new_local(api);
    let credentials = StoredValue::new(credentials);
    let (index, set_index) = signal(HistoryIndex::default());
    let (loading, set_loading) = signal(Loading::Idle);
    let requests = Loader::new();
    // Each run of the loading loop has a number; a loop whose run is over ends at its next step.
    let run = StoredValue::new(0_u32);

    Effect::new(move |_| {
        if let Some(Loaded { number, page }) = fetched.get() {
            set_index.update(|index| index.put(number, page));
            if loading.get_untracked() == Loading::Idle
                && index.with_untracked(HistoryIndex::is_complete)
            {
                set_loading.set(Loading::Complete);
            }
        }
    });

    let stop = move |()| {
        if loading.get_untracked() == Loading::Running {
            run.update_value(|run| *run += 1);
            requests.cancel();
            set_loading.set(Loading::Stopped);
        }
    };
    let start = move |()| {
        if loading.get_untracked() == Loading::Running {
            return;
        }
        set_loading.set(Loading::Running);
        run.update_value(|run| *run += 1);
        let this_run = run.get_value();
        let (api, credentials) = (api.get_value(), credentials.get_value());
        spawn_local(async move {
            let interval = api.load_interval();
            // Each step starts with the screen still there and the run not stopped.
            while run.try_get_value() == Some(this_run) {
                let Some(next) = index.with_untracked(HistoryIndex::next_missing) else {
                    set_loading.set(Loading::Complete);
                    return;
                };
                let started = api.now();
                let (asking, credentials) = (&api, &credentials);
                let Some(result) = requests
                    .send(|cancel| async move { asking.page(credentials, next, &cancel).await })
                    .await
                else {
                    return;
                };
                match result {
                    Ok(page) => set_index.update(|index| index.put(next, Arc::new(page))),
                    Err(ApiError::Refused(reason)) => {
                        on_refused.run(reason);
                        return;
                    }
                    Err(error) => {
                        set_loading.set(Loading::Failed(error));
                        return;
                    }
                }
                let waited = Duration::from_secs_f64((api.now() - started).max(0.0) / 1000.0);
                api.sleep(interval.saturating_sub(waited)).await;
            }
        });
    };

    FullHistory {
        index,
        loading,
        start: UnsyncCallback::new(start),
        stop: UnsyncCallback::new(stop),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::hooks::testing::{account, Clock, FakeApi, Harness};

    struct Run {
        harness: Harness,
        clock: Clock,
        api: FakeApi,
        fetched: WriteSignal<Option<Loaded>>,
        refused: RwSignal<Vec<String>>,
        full: FullHistory,
    }

    /// The hook on a history of `conversations` (4 pages for 95).
    fn history(conversations: usize) -> Run {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, conversations);
        let refused = RwSignal::new(Vec::new());
        let (read, fetched) = signal(None);
        let account = account(Signal::stored(true), None, refused);
        let full = use_full_history(api.clone(), account, read);
        harness.run();
        Run {
            harness,
            clock,
            api,
            fetched,
            refused,
            full,
        }
    }

    impl Run {
        fn wait(&self, ms: u64) {
            self.clock.advance(&self.harness, ms);
        }

        fn times(&self) -> Vec<(u32, f64)> {
            let sent = self.api.state().sent.borrow();
            sent.iter().map(|s| (s.page, s.at)).collect()
        }
    }

    #[test]
    fn pages_load_one_at_a_time_at_the_pace_up_to_the_first_short_one() {
        let h = history(95);
        h.full.start();
        h.wait(10_000);
        assert_eq!(h.times(), [(1, 0.0), (2, 400.0), (3, 800.0), (4, 1200.0)]);
        assert_eq!(h.full.loading.get_untracked(), Loading::Complete);
        assert_eq!(h.full.index.with_untracked(HistoryIndex::conversations), 95);

        // A slow vChat sets the pace itself.
        let h = history(95);
        h.api.state().latency_ms.set(600);
        h.full.start();
        h.wait(10_000);
        assert_eq!(h.times(), [(1, 0.0), (2, 600.0), (3, 1200.0), (4, 1800.0)]);
    }

    #[test]
    fn pages_already_in_memory_are_skipped() {
        let h = history(95);
        let page = |n| {
            Some(Loaded {
                number: n,
                page: Arc::new(h.api.history_page(n)),
            })
        };
        h.fetched.set(page(2));
        h.harness.run();
        assert_eq!(h.full.loading.get_untracked(), Loading::Idle);
        h.full.start();
        h.wait(10_000);
        assert_eq!(h.api.pages_sent(), [1, 3, 4]);

        // Every page there before a start: complete without asking.
        let h = history(45);
        h.fetched.set(page(1));
        h.harness.run();
        h.fetched.set(Some(Loaded {
            number: 2,
            page: Arc::new(h.api.history_page(2)),
        }));
        h.harness.run();
        assert_eq!(h.full.loading.get_untracked(), Loading::Complete);
        assert!(h.api.pages_sent().is_empty());
    }

    #[test]
    fn a_stop_calls_the_request_off_and_a_resume_goes_on_without_asking_twice() {
        let h = history(95);
        h.full.start();
        h.wait(450);
        assert_eq!(h.api.pages_sent(), [1, 2]);
        h.full.stop();
        assert_eq!(h.full.loading.get_untracked(), Loading::Stopped);
        h.wait(5_000);
        assert_eq!(
            h.api.pages_sent(),
            [1, 2],
            "page 2, called off, and nothing after"
        );
        assert!(h.api.state().sent.borrow()[1].cancel.is_cancelled());
        assert_eq!(h.full.index.with_untracked(HistoryIndex::pages), 1);

        h.full.start();
        h.full.start();
        h.wait(5_000);
        assert_eq!(h.api.pages_sent(), [1, 2, 2, 3, 4]);
        assert_eq!(h.full.loading.get_untracked(), Loading::Complete);

        // Stopped between two requests: the next one is not sent.
        let h = history(95);
        h.full.start();
        h.wait(200);
        h.full.stop();
        h.wait(5_000);
        assert_eq!(h.api.pages_sent(), [1]);
    }

    #[test]
    fn a_failure_pauses_with_the_error_keeping_what_was_loaded_and_a_refusal_ends_the_session() {
        let h = history(95);
        h.api
            .state()
            .failing
            .borrow_mut()
            .insert(3, ApiError::Timeout(Duration::from_secs(15)));
        h.full.start();
        h.wait(5_000);
        assert_eq!(
            h.full.loading.get_untracked(),
            Loading::Failed(ApiError::Timeout(Duration::from_secs(15)))
        );
        assert_eq!(h.full.index.with_untracked(HistoryIndex::pages), 2);
        h.api.state().failing.borrow_mut().clear();
        h.full.start();
        h.wait(5_000);
        assert_eq!(h.api.pages_sent(), [1, 2, 3, 3, 4]);
        assert_eq!(h.full.loading.get_untracked(), Loading::Complete);

        let h = history(95);
        h.api
            .state()
            .failing
            .borrow_mut()
            .insert(2, ApiError::Refused(String::new()));
        h.full.start();
        h.wait(5_000);
        assert_eq!(h.refused.get_untracked(), [String::new()]);
        assert_eq!(h.api.pages_sent(), [1, 2]);
    }

    #[test]
    fn the_loading_ends_with_its_owner() {
        let h = history(95);
        h.full.start();
        h.wait(450);
        h.harness.end();
        h.wait(5_000);
        assert_eq!(h.api.pages_sent(), [1, 2]);
        assert_eq!(h.api.answered(), 1);
    }
}
