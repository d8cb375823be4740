//! One page of the history, with the pages seen kept in memory and the next fetched ahead.

use super::{Account, Load, Loader};
use crate::api::{Api, ApiError, Conversation, Page};
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
    /// The wanted page; while another loads or fails, the one on screen stays as `stale`.
    pub state: ReadSignal<Load<Loaded>>,
    /// Every page as it arrives, shown or not (fetched ahead, refreshed): what the loaded history
    /// is made of.
    pub fetched: ReadSignal<Option<Loaded>>,
    /// Conversations that a newer page 1 brought (new, or written to again) and the rows on
    /// screen do not show yet; [`HistoryPage::show_newer`] shows them.
    pub newer: ReadSignal<usize>,
    retry: UnsyncCallback<()>,
    show_newer: UnsyncCallback<()>,
}

impl HistoryPage {
    /// Asks again for the page that failed.
    pub fn retry(self) {
        self.retry.run(());
    }

    /// Shows the newer page 1 in place of the one on screen.
    pub fn show_newer(self) {
        self.show_newer.run(());
    }
}

/// Loads page `number` of the admin's history whenever it changes, one request the admin waits
/// for at a time ([`Loader`]). A refusal ends the session.
///
/// Pages seen in this session stay in memory (the 20 most recent, only as long as the hook's
/// owner, so never past a sign-out, a refusal or another account): a revisit shows one at once,
/// then asks vChat again quietly and updates the rows only if they changed. After a page has
/// been on screen for 100 ms, the next one is fetched ahead, once, unless the page is the last;
/// that request never runs beside one the admin waits for, and is cancelled if the admin goes
/// elsewhere than to the page it fetches.
///
/// While page 1 is on screen and `visible`, it is asked for again every
/// [`Api::refresh_every`] (never oftener than [`Api::load_interval`], never beside another
/// request, never while hidden: a tab coming back asks at once if it is due). Conversations it
/// brings do not push the rows under the admin's eyes: they are counted in `newer` until
/// [`HistoryPage::show_newer`], while the index hears of them at once (`fetched`).
///
/// Nothing is asked before the account is verified; then page 1 of the sign-in that verified
/// it, already in hand, is shown without asking again. Nothing is fetched ahead, or asked again
/// by itself, while `quiet` is false (the whole history's loading is asking for pages itself).
pub fn use_history_page<A: Api>(
    api: A,
    account: Account,
    number: Memo<u32>,
    quiet: Signal<bool>,
    visible: Signal<bool>,
) -> HistoryPage {
    let Account {
        credentials,
        verified,
        first_page,
        on_refused,
    } = account;
    let api = StoredValue::new_local(api);
    let credentials = StoredValue::new(credentials);
    let cache = StoredValue::new(PageCache::default());
    let (fetched, set_fetched) = signal(None::<Loaded>);
    let (state, set_state) = signal(Load::Idle);
    // The request the screen depends on (the wanted page, or its quiet refresh), and the page
    // fetched ahead.
    let (shown, ahead) = (Loader::new(), Loader::new());
    let ahead_page = StoredValue::new(0u32);

    let keep = move |loaded: &Loaded| {
        let now = api.with_value(A::now);
        cache.update_value(|cache| cache.put(loaded, now));
        set_fetched.set(Some(loaded.clone()));
    };
    let (newer, set_newer) = signal(0usize);
    let newer_page = StoredValue::new(None::<Loaded>);
    let show = move |loaded: Loaded| {
        if newer_page.with_value(Option::is_some) {
            newer_page.set_value(None);
            set_newer.set(0);
        }
        let ready = Load::Ready(loaded);
        if state.with_untracked(|s| *s != ready) {
            set_state.set(ready);
        }
    };
    let request = move |page: u32, purpose: Purpose| {
        let loader = if purpose == Purpose::Ahead {
            ahead_page.set_value(page);
            ahead
        } else {
            shown
        };
        if purpose == Purpose::Show {
            set_state.update(|s| *s = std::mem::replace(s, Load::Idle).loading());
        }
        let (client, credentials) = (api.get_value(), credentials.get_value());
        loader.spawn(
            move |cancel| async move { client.page(&credentials, page, &cancel).await },
            move |result| {
                let wanted = number.get_untracked() == page;
                match result {
                    // Page 1 as it was: nothing for the index to hear, every 30 s.
                    Ok(fresh)
                        if purpose == Purpose::Live
                            && cache.with_value(|cache| {
                                cache.get(page).is_some_and(|(kept, _)| *kept == fresh)
                            }) =>
                    {
                        let now = api.with_value(A::now);
                        cache.update_value(|cache| cache.touch(page, now));
                    }
                    Ok(fresh) => {
                        let loaded = Loaded {
                            number: page,
                            page: Arc::new(fresh),
                        };
                        keep(&loaded);
                        let arrived = (purpose == Purpose::Live)
                            .then(|| {
                                state.with_untracked(|s| {
                                    s.value().map(|shown| arrivals(&shown.page, &loaded.page))
                                })
                            })
                            .flatten();
                        match arrived {
                            Some(count) if count > 0 => {
                                newer_page.set_value(Some(loaded));
                                set_newer.set(count);
                            }
                            _ if wanted => show(loaded),
                            _ => {}
                        }
                    }
                    Err(ApiError::Refused(reason)) => on_refused.run(reason),
                    // A quiet refresh failing leaves the page as it was; so does a page fetched
                    // ahead that the admin did not go to.
                    Err(error) if wanted && purpose == Purpose::Show => {
                        set_state.update(|s| *s = std::mem::replace(s, Load::Idle).failed(error));
                    }
                    Err(_) => {}
                }
            },
        );
    };
    Effect::new(move |first_taken: Option<bool>| {
        if !verified.get() {
            return false;
        }
        if first_taken != Some(true) {
            if let Some(first) = first_page.get_untracked() {
                keep(&Loaded {
                    number: 1,
                    page: first,
                });
            }
        }
        let page = number.get();
        shown.cancel();
        let ahead_has_it = ahead.is_busy() && ahead_page.get_value() == page;
        if !ahead_has_it {
            ahead.cancel();
        }
        if let Some((cached, fetched_at)) = cache.with_value(|cache| cache.get(page)) {
            show(Loaded {
                number: page,
                page: cached,
            });
            if api.with_value(A::now) - fetched_at > FRESH_MS {
                request(page, Purpose::Refresh);
            }
        } else if ahead_has_it {
            // Already on its way: wait for it rather than ask twice.
            set_state.update(|s| *s = std::mem::replace(s, Load::Idle).loading());
        } else {
            request(page, Purpose::Show);
        }
        true
    });

    // Fetch the next page ahead, once the admin has stayed on this one for a moment.
    let on_screen =
        Memo::new(move |_| state.with(|s| s.value().map(|l| (l.number, l.page.is_last()))));
    Effect::new(move |_| {
        let Some((page, false)) = on_screen.get() else {
            return;
        };
        let api = api.get_value();
        spawn_local(async move {
            api.sleep(AHEAD_AFTER).await;
            let stayed = on_screen.try_get_untracked() == Some(Some((page, false)))
                && number.try_get_untracked() == Some(page);
            let next = page + 1;
            if stayed
                && quiet.try_get_untracked() == Some(true)
                && !shown.is_busy()
                && !ahead.is_busy()
                && cache.with_value(|cache| cache.get(next).is_none())
            {
                request(next, Purpose::Ahead);
            }
        });
    });

    // Page 1 again, while the admin looks at it.
    if let Some(every) = api.with_value(A::refresh_every) {
        let every = every.max(api.with_value(A::load_interval));
        let due = StoredValue::new(false);
        let ask = move || {
            let can = verified.try_get_untracked() == Some(true)
                && number.try_get_untracked() == Some(1)
                && visible.try_get_untracked() == Some(true)
                && quiet.try_get_untracked() == Some(true)
                && !shown.is_busy()
                && !ahead.is_busy()
                && !api.with_value(A::busy);
            if can && due.try_get_value() == Some(true) {
                due.set_value(false);
                request(1, Purpose::Live);
            }
        };
        let clock = api.get_value();
        spawn_local(async move {
            loop {
                // Due but held back by another request: try again soon, not a whole period on.
                let held =
                    due.try_get_value() == Some(true) && visible.try_get_untracked() == Some(true);
                clock.sleep(if held { HELD_RETRY } else { every }).await;
                match number.try_get_untracked() {
                    None => return,
                    Some(1) => due.set_value(true),
                    Some(_) => due.set_value(false),
                }
                ask();
            }
        });
        Effect::new(move |_| {
            if visible.get() {
                ask();
            }
        });
    }

    HistoryPage {
        state,
        fetched,
        newer,
        retry: UnsyncCallback::new(move |()| request(number.get_untracked(), Purpose::Show)),
        show_newer: UnsyncCallback::new(move |()| {
            if let Some(loaded) = newer_page.get_value() {
                show(loaded);
            }
        }),
    }
}

/// The rows of `fresh` that `shown` does not have as they are now: new conversations, and
/// conversations with a newer message.
fn arrivals(shown: &Page, fresh: &Page) -> usize {
    let latest = |c: &Conversation| (c.customer_id, c.last_message.as_ref().map(|m| m.id));
    fresh
        .conversations
        .iter()
        .filter(|c| !shown.conversations.iter().any(|s| latest(s) == latest(c)))
        .count()
}

/// How long the admin stays on a page before the next one is fetched ahead.
const AHEAD_AFTER: Duration = Duration::from_millis(100);
/// How soon a refresh of page 1 held back by another request is tried again.
const HELD_RETRY: Duration = Duration::from_secs(1);
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
    /// Page 1 on screen, asked again while the admin looks at it.
    Live,
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

    /// Notes that page `number` was fetched again at `now`, as it was.
    fn touch(&mut self, number: u32, now: f64) {
        if let Some(entry) = self.0.iter_mut().find(|(n, _, _)| *n == number) {
            entry.2 = now;
        }
    }

    fn put(&mut self, loaded: &Loaded, now: f64) {
        self.0.retain(|(n, _, _)| *n != loaded.number);
        if self.0.len() == CACHED_PAGES {
            self.0.remove(0);
        }
        self.0.push((loaded.number, loaded.page.clone(), now));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::Cancel;
    use crate::hooks::testing::{account, Clock, FakeApi, Harness};

    struct Screen {
        harness: Harness,
        clock: Clock,
        api: FakeApi,
        number: RwSignal<u32>,
        verified: RwSignal<bool>,
        refused: RwSignal<Vec<String>>,
        fetch_ahead: RwSignal<bool>,
        visible: RwSignal<bool>,
        history: HistoryPage,
    }

    /// The hook on a history of `conversations`, verified, with no first page in hand.
    fn screen(conversations: usize) -> Screen {
        live_screen(conversations, None)
    }

    /// The same, with page 1 asked again every `refresh` seconds.
    fn live_screen(conversations: usize, refresh: Option<u64>) -> Screen {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, conversations);
        api.state().refresh.set(refresh.map(Duration::from_secs));
        let (number, verified, refused, fetch_ahead, visible) = (
            RwSignal::new(1),
            RwSignal::new(true),
            RwSignal::new(Vec::new()),
            RwSignal::new(true),
            RwSignal::new(true),
        );
        let history = use_history_page(
            api.clone(),
            account(verified.into(), None, refused),
            Memo::new(move |_| number.get()),
            fetch_ahead.into(),
            visible.into(),
        );
        harness.run();
        Screen {
            harness,
            clock,
            api,
            number,
            verified,
            refused,
            fetch_ahead,
            visible,
            history,
        }
    }

    impl Screen {
        fn go(&self, page: u32) {
            self.number.set(page);
            self.harness.run();
        }

        fn wait(&self, ms: u64) {
            self.clock.advance(&self.harness, ms);
        }

        fn state(&self) -> Load<u32> {
            match self.history.state.get_untracked() {
                Load::Idle => Load::Idle,
                Load::Loading { stale } => Load::Loading {
                    stale: stale.map(|l| l.number),
                },
                Load::Ready(l) => Load::Ready(l.number),
                Load::Failed { stale, error } => Load::Failed {
                    stale: stale.map(|l| l.number),
                    error,
                },
            }
        }
    }

    #[test]
    fn nothing_is_asked_before_verification_then_the_sign_ins_page_one_is_shown_as_it_is() {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 100);
        let verified = RwSignal::new(false);
        let first = Arc::new(api.history_page(1));
        let history = use_history_page(
            api.clone(),
            account(
                verified.into(),
                Some(first.clone()),
                RwSignal::new(Vec::new()),
            ),
            Memo::new(|_| 1),
            Signal::stored(true),
            Signal::stored(true),
        );
        clock.advance(&harness, 1_000);
        assert!(api.pages_sent().is_empty());
        assert_eq!(history.state.get_untracked(), Load::Idle);
        verified.set(true);
        harness.run();
        let ready = Load::Ready(Loaded {
            number: 1,
            page: first,
        });
        assert_eq!(history.state.get_untracked(), ready);
        assert!(api.pages_sent().is_empty());
        assert_eq!(history.fetched.get_untracked().map(|l| l.number), Some(1));
    }

    #[test]
    fn the_latest_wish_wins_and_the_rows_shown_stay_while_it_loads() {
        let s = screen(300);
        s.wait(100);
        assert_eq!(s.state(), Load::Ready(1));
        s.go(3);
        assert_eq!(s.state(), Load::Loading { stale: Some(1) });
        s.wait(50);
        s.go(4);
        s.wait(100);
        assert_eq!(s.state(), Load::Ready(4));
        let sent = s.api.state().sent.borrow().clone();
        let third = sent
            .iter()
            .find(|r| r.page == 3)
            .map(|r| r.cancel.is_cancelled());
        assert_eq!(third, Some(true), "page 3 was called off");
        assert_eq!(s.api.pages_sent(), [1, 3, 4]);

        // Back to a page in memory: the one loading is called off.
        s.go(6);
        s.go(4);
        assert_eq!(s.state(), Load::Ready(4));
        let sent = s.api.state().sent.borrow().clone();
        assert!(sent
            .last()
            .is_some_and(|r| r.page == 6 && r.cancel.is_cancelled()));
    }

    #[test]
    fn twenty_pages_stay_in_memory_and_one_older_than_five_seconds_is_asked_again_quietly() {
        let s = screen(900);
        for page in 1..=21 {
            s.go(page);
            s.wait(100);
            assert_eq!(s.state(), Load::Ready(page));
        }
        // Moving on as each page arrives, before any is fetched ahead.
        assert_eq!(s.api.pages_sent(), (1..=21).collect::<Vec<_>>());
        s.go(2);
        assert_eq!(s.state(), Load::Ready(2), "shown at once");
        s.go(1);
        assert_eq!(
            s.state(),
            Load::Loading { stale: Some(2) },
            "the oldest left"
        );
        s.wait(5_000);
        // Page 2 (younger than 5 s) was shown without asking; page 1 took its place in memory,
        // so page 2 is then fetched ahead.
        assert_eq!(s.api.pages_sent()[21..], [1, 2]);

        s.go(5);
        assert_eq!(
            s.state(),
            Load::Ready(5),
            "shown at once, while asked again"
        );
        assert_eq!(s.api.pages_sent().last(), Some(&5));
        s.api.state().edition.set(7);
        s.wait(100);
        let shown = s.history.state.get_untracked();
        assert_eq!(
            shown.value().map(|l| (*l.page).clone()),
            Some(s.api.history_page(5))
        );
    }

    #[test]
    fn the_pages_in_memory_end_with_the_owner_as_at_sign_out() {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 300);
        let refused = RwSignal::new(Vec::new());
        let open = |api: &FakeApi| {
            let owner = Owner::new();
            let account = account(Signal::stored(true), None, refused);
            let history = owner.with(|| {
                let always = Signal::stored(true);
                use_history_page(api.clone(), account, Memo::new(|_| 2), always, always)
            });
            (owner, history)
        };
        let (owner, first) = open(&api);
        clock.advance(&harness, 100);
        assert_eq!(
            first.state.get_untracked().value().map(|l| l.number),
            Some(2)
        );
        owner.cleanup();
        let (_owner, second) = open(&api);
        harness.run();
        assert!(second.state.get_untracked().is_loading());
        assert_eq!(api.pages_sent(), [2, 2], "asked again");
    }

    #[test]
    fn the_next_page_is_fetched_ahead_after_a_moment_once_and_never_past_the_last() {
        let s = screen(45);
        s.wait(100);
        assert_eq!(s.api.pages_sent(), [1]);
        s.wait(99);
        assert_eq!(s.api.pages_sent(), [1], "not before 100 ms");
        s.wait(1);
        assert_eq!(s.api.pages_sent(), [1, 2]);
        // Going to it while it loads waits for it rather than asking again.
        s.wait(30);
        s.go(2);
        assert_eq!(s.state(), Load::Loading { stale: Some(1) });
        s.wait(70);
        assert_eq!(s.state(), Load::Ready(2));
        s.wait(1_000);
        assert_eq!(s.api.pages_sent(), [1, 2], "page 2 is the last");
        s.go(1);
        s.wait(1_000);
        assert_eq!(s.api.pages_sent(), [1, 2], "page 2 is in memory");
    }

    #[test]
    fn nothing_is_fetched_ahead_while_the_whole_history_asks_for_pages_itself() {
        let s = screen(300);
        s.fetch_ahead.set(false);
        s.wait(1_000);
        assert_eq!(s.api.pages_sent(), [1]);
    }

    #[test]
    fn a_page_fetched_ahead_is_called_off_when_the_admin_goes_elsewhere() {
        let s = screen(300);
        s.wait(200);
        assert_eq!(s.api.pages_sent(), [1, 2]);
        s.go(5);
        s.wait(100);
        let sent = s.api.state().sent.borrow().clone();
        assert!(sent[1].cancel.is_cancelled());
        assert_eq!(s.state(), Load::Ready(5));
        assert!(s
            .history
            .fetched
            .get_untracked()
            .is_some_and(|l| l.number == 5));
    }

    #[test]
    fn a_failure_keeps_the_rows_and_retry_asks_again_and_a_refusal_ends_the_session() {
        let s = screen(300);
        s.wait(100);
        s.api
            .state()
            .failing
            .borrow_mut()
            .insert(2, ApiError::Status(502));
        s.go(2);
        s.wait(100);
        assert_eq!(
            s.state(),
            Load::Failed {
                stale: Some(1),
                error: ApiError::Status(502)
            }
        );
        s.api.state().failing.borrow_mut().clear();
        s.history.retry();
        assert_eq!(s.state(), Load::Loading { stale: Some(1) });
        s.wait(100);
        assert_eq!(s.state(), Load::Ready(2));
        assert!(s.refused.get_untracked().is_empty());

        s.api
            .state()
            .failing
            .borrow_mut()
            .insert(4, ApiError::Refused("Sai mã".into()));
        s.go(4);
        s.wait(100);
        assert_eq!(s.refused.get_untracked(), ["Sai mã"]);
        assert!(s.verified.get_untracked());
    }

    /// The customers on screen, top first.
    fn ids(s: &Screen) -> Vec<u64> {
        s.history.state.with_untracked(|state| {
            state.value().map_or_else(Vec::new, |l| {
                l.page.conversations.iter().map(|c| c.customer_id).collect()
            })
        })
    }

    /// How often page 1 was asked for.
    fn ones(s: &Screen) -> usize {
        s.api.pages_sent().iter().filter(|&&p| p == 1).count()
    }

    #[test]
    fn page_one_is_asked_again_and_new_conversations_wait_for_the_admin() {
        let s = live_screen(300, Some(30));
        s.wait(100);
        let before = ids(&s);
        s.wait(29_899);
        assert_eq!(ones(&s), 1, "not before 30 s");
        s.wait(1);
        assert_eq!(ones(&s), 2);
        s.wait(100);
        assert_eq!(s.history.newer.get_untracked(), 0, "nothing new");
        assert_eq!(
            s.history.fetched.get_untracked().map(|l| l.number),
            Some(2),
            "page 1 as it was is not heard again"
        );

        s.api.state().arrived.set(3);
        s.wait(30_000);
        assert_eq!(ones(&s), 3);
        assert_eq!(s.history.newer.get_untracked(), 3);
        assert_eq!(ids(&s), before, "the rows stay");
        let top = s
            .history
            .fetched
            .get_untracked()
            .and_then(|l| l.page.conversations.first().map(|c| c.customer_id));
        assert_eq!(top, Some(1_000_003), "the index hears of them at once");
        // Two more before the admin looks: counted against the rows on screen.
        s.api.state().arrived.set(5);
        s.wait(30_000);
        assert_eq!(s.history.newer.get_untracked(), 5);
        assert_eq!(ids(&s), before);

        s.history.show_newer();
        s.harness.run();
        assert_eq!(s.history.newer.get_untracked(), 0);
        assert_eq!(
            ids(&s)[..6],
            [1_000_005, 1_000_004, 1_000_003, 1_000_002, 1_000_001, 1]
        );
    }

    #[test]
    fn page_one_is_not_asked_again_while_hidden_elsewhere_or_beside_another_request() {
        let s = live_screen(300, Some(30));
        s.wait(100);
        s.visible.set(false);
        s.wait(90_000);
        assert_eq!(ones(&s), 1, "never while hidden");
        s.visible.set(true);
        s.harness.run();
        assert_eq!(ones(&s), 2, "due: asked as the tab comes back");
        s.wait(100);

        s.go(2);
        s.wait(60_000);
        assert_eq!(ones(&s), 2, "only page 1");
        s.go(1);
        s.wait(100);
        assert_eq!(ones(&s), 3, "from memory, asked again quietly");

        // The whole history's loading asks for pages itself.
        s.fetch_ahead.set(false);
        s.wait(60_000);
        assert_eq!(ones(&s), 3);
        s.fetch_ahead.set(true);
        s.wait(1_000);
        assert_eq!(ones(&s), 4, "due: asked within a second");
        s.wait(100);

        s.api.state().latency_ms.set(40_000);
        let key = crate::api::ThreadKey {
            customer_id: 1,
            hash: "h1".into(),
        };
        let api = s.api.clone();
        leptos::task::spawn_local(async move {
            let _ = api.messages(1, &key, 1, &Cancel::default()).await;
        });
        s.wait(30_000);
        assert_eq!(ones(&s), 4, "not beside another request");
        s.api.state().latency_ms.set(100);
        s.wait(11_000);
        assert_eq!(ones(&s), 5, "asked once it is answered");
        let sent = s.api.state().sent.borrow().clone();
        let answered = sent
            .iter()
            .find(|r| r.customer.is_some())
            .map(|r| r.at + 40_000.0);
        let asked = sent.last().map(|r| r.at);
        assert!(answered
            .zip(asked)
            .is_some_and(|(a, b)| a <= b && b <= a + 1_000.0));
    }

    #[test]
    fn a_newer_page_one_waiting_is_shown_when_the_admin_comes_back_to_page_one() {
        let s = live_screen(300, Some(30));
        s.wait(100);
        s.api.state().arrived.set(2);
        s.wait(30_000);
        assert_eq!(s.history.newer.get_untracked(), 2);
        s.go(2);
        s.wait(100);
        assert_eq!(s.history.newer.get_untracked(), 0, "another page is shown");
        s.go(1);
        assert_eq!(ids(&s)[..2], [1_000_002, 1_000_001], "from memory, newer");
    }
}
