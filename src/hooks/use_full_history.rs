//! The whole history, searchable: kept between visits for an admin who chose to be remembered,
//! brought up to date at each visit, and the loading of the pages not seen yet.

use super::{Account, Loaded, Loader};
use crate::{
    api::{start_now, Api, ApiError, Conversation, Page},
    search::index::{HistoryIndex, Seen},
    store::{sync::Sync, Kept, State, Store},
};
use leptos::{prelude::*, task::spawn_local};
use std::{cell::RefCell, rc::Rc, sync::Arc};

/// How loading the whole history goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loading {
    /// Not asked for yet, or the history kept is up to date and not all of it was loaded yet.
    Idle,
    Running,
    /// The admin stopped it; it goes on from where it stopped.
    Stopped,
    /// A request failed; retrying goes on from the page that failed.
    Failed(ApiError),
    /// Every page up to the last (the first short one) is here.
    Complete,
}

/// Whether the history is kept between visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeping {
    /// Not kept: the admin did not choose to be remembered.
    Off,
    /// Reading what an earlier visit kept.
    Opening,
    /// Kept; `synced`: when the newest conversations were last checked with vChat, in ms since
    /// 1970 (0: not yet).
    On { synced: u64 },
    /// The browser would not keep it: the history lives in memory, as if not remembered.
    Refused,
}

/// The history known here, and the loading of the rest of it.
#[derive(Clone, Copy)]
pub struct FullHistory {
    /// Every conversation known, searchable.
    pub index: ReadSignal<HistoryIndex>,
    pub loading: ReadSignal<Loading>,
    pub keeping: ReadSignal<Keeping>,
    start: UnsyncCallback<()>,
    stop: UnsyncCallback<()>,
    reload: UnsyncCallback<()>,
}

impl FullHistory {
    /// Loads the pages not here yet, from the first missing one; again after a stop or a
    /// failure. Nothing while it runs.
    pub fn start(self) {
        self.start.run(());
    }

    /// How many other conversations the customer `id`'s person has had, as far as known.
    pub fn repeats(self, id: u64) -> Signal<usize> {
        let index = self.index;
        Signal::derive(move || index.with(|index| index.same_person(id).len()))
    }

    /// The other conversations of the customer `id`'s person, newest first, as far as known.
    pub fn same_person(self, id: u64) -> Signal<Vec<Conversation>> {
        let index = self.index;
        Signal::derive(move || {
            index.with(|index| {
                let others = index.same_person(id).into_iter();
                others.map(|(c, _)| c.clone()).collect()
            })
        })
    }

    /// Stops the loading after the page in flight, which is called off; what was loaded stays.
    pub fn stop(self) {
        self.stop.run(());
    }

    /// Loads every page again from vChat, from page 1; what is known stays until replaced.
    pub fn reload(self) {
        self.reload.run(());
    }
}

/// Keeps every page of the history that reaches the app (`fetched`, from
/// [`super::use_history_page`], which shows page `number`) in one searchable index, and loads
/// the others on [`FullHistory::start`], because vChat has no search: one request at a time, at
/// least the configured interval apart (`load-interval-ms`), stopping at the first short page,
/// skipping pages already here. A failure pauses it with the error, a refusal ends the session,
/// and what was loaded stays.
///
/// With a `store` (an admin who chose to be remembered), what an earlier visit kept is read
/// first, every page that arrives is kept, and the visit brings it up to date as
/// [`Sync`] decides: the top of the list until a page brings nothing new, then the rest of a
/// first load that stopped. Otherwise the history lives as long as its owner.
pub fn use_full_history<A: Api, S: Store>(
    api: A,
    account: Account,
    fetched: ReadSignal<Option<Loaded>>,
    number: Signal<u32>,
    store: Option<S>,
) -> FullHistory {
    let Account {
        credentials,
        on_refused,
        ..
    } = account;
    let admin = credentials.sso_id;
    let api = StoredValue::new_local(api);
    let credentials = StoredValue::new(credentials);
    let (index, set_index) = signal(HistoryIndex::default());
    let (loading, set_loading) = signal(Loading::Idle);
    let (keeping, set_keeping) = signal(if store.is_some() {
        Keeping::Opening
    } else {
        Keeping::Off
    });
    let sync = StoredValue::new(Sync::default());
    let requests = Loader::new();
    // Each run of the loading loop has a number; a loop whose run is over ends at its next step.
    let run = StoredValue::new(0_u32);
    // Pages that arrived before what was kept was read, and whether this tab asked for them.
    let pending: StoredValue<Option<Vec<(Loaded, bool)>>> = StoredValue::new(Some(Vec::new()));
    let saver = StoredValue::new_local(Saver::new(store.clone(), set_keeping));
    let tabs = StoredValue::new_local(store.clone());

    let state = move || {
        let synced = match keeping.get_untracked() {
            Keeping::On { synced } => synced,
            _ => 0,
        };
        index.with_untracked(|index| State {
            admin,
            through: index.through(),
            complete: index.is_complete(),
            synced,
        })
    };
    // A page merged: kept and told to the other tabs if this tab asked for it, and the top
    // check moves on or ends.
    let arrive = move |number: u32, page: &Page, own: bool| {
        let now = api.with_value(Api::now) as u64;
        let merged = set_index
            .try_update(|index| index.put(number, page, now))
            .unwrap_or_default();
        let checking = sync.with_value(|sync| sync.checking());
        sync.update_value(|sync| sync.arrived(number, merged, page.is_last()));
        // The newest conversations are up to date once the check of the top ends, or at page 1
        // when there is nothing to check.
        if !sync.with_value(|sync| sync.checking()) && (checking || number == 1) {
            if let Keeping::On { .. } = keeping.get_untracked() {
                set_keeping.set(Keeping::On { synced: now });
            }
        }
        if !own {
            return;
        }
        tabs.with_value(|store| {
            if let Some(store) = store {
                store.announce(number, page);
            }
        });
        let records = index.with_untracked(|index| {
            page.conversations
                .iter()
                .filter_map(|c| index.stored(c.customer_id))
                .map(|(c, seen)| (c.clone(), seen))
                .collect::<Vec<_>>()
        });
        saver.with_value(|saver| saver.save(records, state()));
    };

    let run_loop = move || {
        if loading.get_untracked() == Loading::Running {
            return;
        }
        set_loading.set(Loading::Running);
        run.update_value(|run| *run += 1);
        let this_run = run.get_value();
        let (api, credentials, store) =
            (api.get_value(), credentials.get_value(), tabs.get_value());
        spawn_local(async move {
            // One tab at a time asks vChat; meanwhile the pages the others get arrive here.
            let _turn = match &store {
                Some(store) => Some(store.turn().await),
                None => None,
            };
            let interval = api.load_interval();
            // Each step starts with the screen still there and the run not stopped.
            while run.try_get_value() == Some(this_run) {
                let Some(next) = sync.with_value(|sync| index.with_untracked(|i| sync.next(i)))
                else {
                    let complete = index.with_untracked(HistoryIndex::is_complete);
                    set_loading.set(if complete {
                        Loading::Complete
                    } else {
                        Loading::Idle
                    });
                    return;
                };
                let (asking, credentials) = (api.clone(), credentials.clone());
                let request = start_now(requests.send(move |cancel| async move {
                    asking.page(&credentials, next, &cancel).await
                }));
                // Read once the request has left: the next leaves an interval after it, however
                // long the browser paused in between (a pause measured before counted short).
                let started = api.monotonic();
                let Some(result) = request.await else {
                    return;
                };
                match result {
                    Ok(page) => arrive(next, &page, true),
                    Err(ApiError::Refused(reason)) => {
                        on_refused.run(reason);
                        return;
                    }
                    Err(error) => {
                        set_loading.set(Loading::Failed(error));
                        return;
                    }
                }
                api.pace(started, interval).await;
            }
        });
    };
    // After the kept history was read, and after each page: go on if the sync has pages to ask
    // and nobody stopped it.
    let go_on = move || {
        let wanted = sync.with_value(|sync| index.with_untracked(|i| sync.next(i)));
        match (wanted, loading.get_untracked()) {
            (Some(1), _) if number.get_untracked() == 1 => {} // the page on screen brings it
            (Some(_), Loading::Idle) => run_loop(),
            (None, Loading::Idle) if index.with_untracked(HistoryIndex::is_complete) => {
                set_loading.set(Loading::Complete);
            }
            _ => {}
        }
    };
    let restored = move |kept: Option<Kept>| {
        if let Some(kept) = kept {
            let State {
                through, complete, ..
            } = kept.state;
            set_index.update(|index| index.restore(kept.records, through, complete));
            sync.update_value(|sync| *sync = sync.visit(through, complete));
        }
        let waiting = pending.try_update_value(Option::take).flatten();
        for (Loaded { number, page }, own) in waiting.unwrap_or_default() {
            arrive(number, &page, own);
        }
        go_on();
    };

    match store.clone() {
        Some(store) => spawn_local(async move {
            let kept = store.load().await;
            if run.try_get_value().is_none() {
                return;
            }
            match kept {
                Ok(kept) => {
                    let synced = kept.as_ref().map_or(0, |kept| kept.state.synced);
                    set_keeping.set(Keeping::On { synced });
                    restored(kept);
                }
                Err(_) => {
                    saver.with_value(Saver::refused);
                    restored(None);
                }
            }
        }),
        None => restored(None),
    }

    // A page from vChat, asked for by the page on screen or by another tab.
    let received = move |loaded: Loaded, own: bool| {
        let waiting = pending.try_update_value(|pending| match pending {
            Some(pending) => {
                pending.push((loaded.clone(), own));
                true
            }
            None => false,
        });
        if waiting == Some(false) {
            arrive(loaded.number, &loaded.page, own);
            go_on();
        }
    };
    Effect::new(move |_| {
        if let Some(loaded) = fetched.get() {
            received(loaded, true);
        }
    });
    let listening = store.as_ref().map(|store| {
        store.listen(move |number, page| {
            let page = Arc::new(page);
            received(Loaded { number, page }, false);
        })
    });
    // Heard for as long as the history is here.
    StoredValue::new_local(listening);

    let stop = move |()| {
        if loading.get_untracked() == Loading::Running {
            run.update_value(|run| *run += 1);
            requests.cancel();
            set_loading.set(Loading::Stopped);
        }
    };
    let start = move |()| {
        sync.update_value(Sync::want_whole);
        // Until what was kept is read, which pages it holds is not known: it goes on from there.
        if keeping.get_untracked() == Keeping::Opening {
            return;
        }
        if loading.get_untracked() != Loading::Running {
            set_loading.set(Loading::Idle);
            run_loop();
        }
    };
    let reload = move |()| {
        stop(());
        set_index.update(HistoryIndex::forget_progress);
        start(());
    };

    FullHistory {
        index,
        loading,
        keeping,
        start: UnsyncCallback::new(start),
        stop: UnsyncCallback::new(stop),
        reload: UnsyncCallback::new(reload),
    }
}

/// Keeps pages in the store one save at a time, in order: what arrives while one is under way
/// goes with the next. Nothing once the store refused or the owner is gone (a sign-out erases
/// the store, and a late save must not bring the history back).
#[derive(Clone)]
struct Saver<S> {
    store: Option<S>,
    set_keeping: WriteSignal<Keeping>,
    queue: Rc<RefCell<Queue>>,
    alive: StoredValue<()>,
}

#[derive(Default)]
struct Queue {
    records: Vec<(Conversation, Seen)>,
    state: Option<State>,
    busy: bool,
    refused: bool,
}

impl<S: Store> Saver<S> {
    fn new(store: Option<S>, set_keeping: WriteSignal<Keeping>) -> Saver<S> {
        Saver {
            store,
            set_keeping,
            queue: Rc::default(),
            alive: StoredValue::new(()),
        }
    }

    /// The store refused: nothing more is saved, and the admin is told.
    fn refused(&self) {
        self.queue.borrow_mut().refused = true;
        self.set_keeping.set(Keeping::Refused);
    }

    fn save(&self, records: Vec<(Conversation, Seen)>, state: State) {
        let Some(store) = self.store.clone() else {
            return;
        };
        {
            let mut queue = self.queue.borrow_mut();
            if queue.refused {
                return;
            }
            queue.records.extend(records);
            queue.state = Some(state);
            if queue.busy {
                return;
            }
            queue.busy = true;
        }
        let (queue, alive, set_keeping) = (self.queue.clone(), self.alive, self.set_keeping);
        spawn_local(async move {
            loop {
                let next = {
                    let mut queue = queue.borrow_mut();
                    match queue.state.take() {
                        Some(state) if alive.try_get_value().is_some() => {
                            Some((std::mem::take(&mut queue.records), state))
                        }
                        _ => {
                            queue.busy = false;
                            None
                        }
                    }
                };
                let Some((records, state)) = next else {
                    return;
                };
                if store.save(records, state).await.is_err() {
                    let mut queue = queue.borrow_mut();
                    queue.refused = true;
                    queue.busy = false;
                    set_keeping.try_set(Keeping::Refused);
                    return;
                }
            }
        });
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::hooks::testing::{account, Clock, FakeApi, FakeStore, Harness};
    use std::time::Duration;

    struct Run {
        harness: Harness,
        clock: Clock,
        api: FakeApi,
        fetched: WriteSignal<Option<Loaded>>,
        refused: RwSignal<Vec<String>>,
        full: FullHistory,
    }

    /// The hook on a history of `conversations` (4 pages for 95), not kept.
    fn history(conversations: usize) -> Run {
        let clock = Clock::default();
        visit(&FakeApi::new(&clock, conversations), None)
    }

    /// A visit to the history `api` serves, kept in `store` if any.
    fn visit(api: &FakeApi, store: Option<FakeStore>) -> Run {
        let harness = Harness::new();
        let refused = RwSignal::new(Vec::new());
        let (read, fetched) = signal(None);
        let account = account(Signal::stored(true), None, refused);
        let full = use_full_history(api.clone(), account, read, Signal::stored(1), store);
        harness.run();
        api.state().sent.borrow_mut().clear();
        Run {
            harness,
            clock: api.state().clock.clone(),
            api: api.clone(),
            fetched,
            refused,
            full,
        }
    }

    impl Run {
        /// The page on screen brings page `number`, as vChat sends it now.
        fn show(&self, number: u32) {
            self.fetched.set(Some(Loaded {
                number,
                page: Arc::new(self.api.history_page(number)),
            }));
            self.harness.run();
        }

        fn conversations(&self) -> usize {
            self.full.index.with_untracked(HistoryIndex::conversations)
        }

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

    #[test]
    fn a_kept_history_is_read_back_and_a_revisit_asks_only_for_what_changed() {
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 95);
        let store = FakeStore::default();
        let first = visit(&api, Some(store.clone()));
        assert_eq!(
            first.full.keeping.get_untracked(),
            Keeping::On { synced: 0 }
        );
        first.show(1);
        first.full.start();
        first.wait(10_000);
        assert_eq!(first.api.pages_sent(), [2, 3, 4]);
        assert_eq!(store.ids(), (1..=95).collect::<Vec<_>>());
        let kept = store.state().kept.borrow().clone().map(|k| k.state);
        assert_eq!(
            kept.map(|s| (s.admin, s.through, s.complete)),
            Some((218, 4, true))
        );
        first.harness.end();

        // Nothing changed: the history is all here again, from page 1 alone.
        let again = visit(&api, Some(store.clone()));
        assert_eq!(
            again.conversations(),
            95,
            "read back before anything is asked"
        );
        again.show(1);
        again.wait(10_000);
        assert!(again.api.pages_sent().is_empty());
        assert_eq!(again.full.loading.get_untracked(), Loading::Complete);
        assert!(matches!(again.full.keeping.get_untracked(), Keeping::On { synced } if synced > 0));
        again.harness.end();

        // 40 new customers: pages 2 and 3 are read, page 3 bringing nothing new.
        api.state().arrived.set(40);
        let later = visit(&api, Some(store.clone()));
        later.show(1);
        later.wait(10_000);
        assert_eq!(later.api.pages_sent(), [2, 3]);
        assert_eq!(later.conversations(), 135);
        assert_eq!(store.ids().len(), 135);
    }

    /// A first visit to a history of 200 conversations kept in `store`, closed while the whole
    /// history loads: pages 1 to 3 kept.
    fn first_load_stopped(api: &FakeApi, store: &FakeStore) {
        let first = visit(api, Some(store.clone()));
        first.show(1);
        first.full.start();
        first.wait(850);
        assert_eq!(first.api.pages_sent(), [2, 3, 4]);
        // The tab closes while page 4 is on its way.
        first.harness.end();
        let kept = store.state().kept.borrow().clone().map(|k| k.state.through);
        assert_eq!(kept, Some(3));
    }

    /// The visit after [`first_load_stopped`] loads the rest, from page 4 on, each page once.
    fn goes_on_from_page_4(next: &Run) {
        next.show(1);
        next.wait(10_000);
        assert_eq!(next.api.pages_sent(), [4, 5, 6, 7]);
        assert_eq!(next.full.loading.get_untracked(), Loading::Complete);
    }

    #[test]
    fn a_first_load_that_stopped_goes_on_at_the_next_visit_without_asking_twice() {
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 200);
        let store = FakeStore::default();
        first_load_stopped(&api, &store);

        let next = visit(&api, Some(store.clone()));
        goes_on_from_page_4(&next);
        assert_eq!(store.ids(), (1..=200).collect::<Vec<_>>());
    }

    #[test]
    fn the_whole_history_asked_for_before_what_was_kept_is_read_waits_for_it() {
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 200);
        let store = FakeStore::default();
        first_load_stopped(&api, &store);

        // The admin searches at once, while what was kept is still being read.
        store.state().held.set(true);
        let next = visit(&api, Some(store.clone()));
        next.full.start();
        next.wait(1_000);
        assert!(next.api.pages_sent().is_empty());
        store.open();
        next.harness.run();
        goes_on_from_page_4(&next);
    }

    #[test]
    fn a_store_the_browser_refuses_leaves_the_history_in_memory() {
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 95);
        let store = FakeStore::default();
        store.state().refuse.set(true);
        let h = visit(&api, Some(store.clone()));
        assert_eq!(h.full.keeping.get_untracked(), Keeping::Refused);
        h.show(1);
        h.full.start();
        h.wait(10_000);
        assert_eq!(h.conversations(), 95);
        assert_eq!(store.state().saves.get(), 0);
    }

    #[test]
    fn nothing_is_kept_after_the_session_ends() {
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 95);
        let store = FakeStore::default();
        let h = visit(&api, Some(store.clone()));
        h.show(1);
        let saves = store.state().saves.get();
        h.harness.end();
        h.fetched.try_set(Some(Loaded {
            number: 2,
            page: Arc::new(api.history_page(2)),
        }));
        h.wait(1_000);
        assert_eq!((saves, store.state().saves.get()), (1, 1));
    }

    #[test]
    fn one_tab_at_a_time_asks_vchat_and_the_others_hear_what_it_gets() {
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 95);
        let store = FakeStore::default();
        let (one, other) = (
            visit(&api, Some(store.tab())),
            visit(&api, Some(store.tab())),
        );
        one.show(1);
        other.show(1);
        one.full.start();
        other.full.start();
        other.wait(10_000);
        assert_eq!(api.pages_sent(), [2, 3, 4], "asked once, by one tab");
        for tab in [&one, &other] {
            assert_eq!(tab.conversations(), 95);
            assert_eq!(tab.full.loading.get_untracked(), Loading::Complete);
        }
        // A tab that leaves hears nothing more, and lets the others ask: a tab opened later
        // reads the top of the list, and the one still open hears it.
        one.harness.end();
        api.state().arrived.set(40);
        let later = visit(&api, Some(store.tab()));
        later.show(1);
        later.wait(10_000);
        assert_eq!(api.pages_sent(), [2, 3]);
        assert_eq!((later.conversations(), other.conversations()), (135, 135));
    }
}
