//! The messages of the open conversation, newest page first, older pages on request, or all of
//! them (to print the conversation).

use super::{Load, Loader};
use crate::api::{Api, Message, ThreadKey};
use leptos::{prelude::*, task::spawn_local};

/// The messages of a conversation loaded so far, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Messages {
    pub messages: Vec<Message>,
    /// The conversation's first message is among them.
    pub reached_start: bool,
    /// Pages loaded (1 is the newest).
    pages: u32,
}

/// The state of [`use_thread`].
#[derive(Clone, Copy)]
pub struct Thread {
    /// While an older page loads or fails, the messages shown stay as `stale`; with no stale
    /// messages, the newest page is loading (or failed).
    pub state: ReadSignal<Load<Messages>>,
    /// Every older page is being loaded, one after another, up to the first message.
    pub whole: ReadSignal<bool>,
    set_whole: WriteSignal<bool>,
    older: UnsyncCallback<()>,
    retry: UnsyncCallback<()>,
}

impl Thread {
    /// Loads the page of messages before the oldest shown, unless one loads or the start is
    /// shown.
    pub fn load_older(self) {
        self.older.run(());
    }

    /// Asks again for the page that failed.
    pub fn retry(self) {
        self.retry.run(());
    }

    /// Loads every older page, at the pace of the whole history's loading, up to the first
    /// message; or (`false`) stops after the page in flight.
    pub fn load_all(self, on: bool) {
        self.set_whole.set(on);
    }
}

/// The messages of the conversation `key` opens, for the admin `admin_id`: the newest page at
/// once, older pages on [`Thread::load_older`]. The thread lives as long as its owner (the
/// thread pane): closing it, or opening another conversation, calls off the request in flight.
/// Its errors are its own: a refused conversation hash does not end the admin's session, and
/// messages already shown stay.
///
/// `before_prepend` runs just before older messages are added above the others, while the page
/// still shows the old ones: the view notes its reading position there.
pub fn use_thread<A: Api>(
    api: A,
    admin_id: u64,
    key: ThreadKey,
    before_prepend: impl Fn() + 'static,
) -> Thread {
    let api = StoredValue::new_local(api);
    let (state, set_state) = signal(Load::<Messages>::Idle);
    let loader = Loader::new();
    let before_prepend = StoredValue::new_local(before_prepend);

    // Loads the page after those in `state` (the newest if none).
    let key = StoredValue::new(key);
    let load_next = move || {
        let key = key.get_value();
        let mut shown = None;
        set_state.update(|s| {
            let loading = std::mem::replace(s, Load::Idle).loading();
            shown = loading.value().cloned();
            *s = loading;
        });
        let page = shown.as_ref().map_or(1, |m| m.pages + 1);
        let api = api.get_value();
        loader.spawn(
            move |cancel| async move { api.messages(admin_id, &key, page, &cancel).await },
            move |result| match result {
                Ok(loaded) => {
                    let reached_start = loaded.reaches_start();
                    let messages = match shown {
                        Some(mut shown) => {
                            before_prepend.with_value(|note| note());
                            prepend(&mut shown.messages, loaded.messages);
                            shown.messages
                        }
                        None => loaded.messages,
                    };
                    set_state.set(Load::Ready(Messages {
                        messages,
                        reached_start,
                        pages: page,
                    }));
                }
                Err(error) => {
                    set_state.update(|s| *s = std::mem::replace(s, Load::Idle).failed(error));
                }
            },
        );
    };

    load_next();

    let older = move || {
        if state.with_untracked(|s| matches!(s, Load::Ready(m) if !m.reached_start)) {
            load_next();
        }
    };
    // The whole conversation: the next older page once one has arrived, after the pace's pause.
    let (whole, set_whole) = signal(false);
    Effect::new(move |_| {
        if !whole.get() {
            return;
        }
        match state.with(|s| match s {
            Load::Ready(m) => Some(m.reached_start),
            _ => None,
        }) {
            Some(true) => set_whole.set(false),
            Some(false) => {
                let api = api.get_value();
                spawn_local(async move {
                    api.sleep(api.load_interval()).await;
                    if whole.try_get_untracked() == Some(true) {
                        older();
                    }
                });
            }
            None => {}
        }
    });

    Thread {
        state,
        whole,
        set_whole,
        older: UnsyncCallback::new(move |()| older()),
        retry: UnsyncCallback::new(move |()| {
            if state.with_untracked(|s| s.error().is_some()) {
                load_next();
            }
        }),
    }
}

/// Older messages go above the shown ones; the history moves on while the admin reads, so a page
/// may repeat messages already shown, which are kept once.
fn prepend(shown: &mut Vec<Message>, older: Vec<Message>) {
    let mut merged: Vec<Message> = older
        .into_iter()
        .filter(|m| !shown.iter().any(|s| s.id == m.id && m.id != 0))
        .collect();
    merged.append(shown);
    *shown = merged;
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn the_whole_conversation_loads_page_after_page_at_the_pace_and_stops_when_asked() {
        use crate::hooks::testing::{Clock, FakeApi, Harness};
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 30);
        api.state().messages.set(180);
        let key = ThreadKey {
            customer_id: 7,
            hash: "h7".into(),
        };
        let thread = use_thread(api.clone(), 218, key.clone(), || {});
        clock.advance(&harness, 1_000);
        assert_eq!(api.message_pages_sent(), [1]);
        thread.load_all(true);
        clock.advance(&harness, 100_000);
        // 180 messages: pages 1 to 4, the last short; then it stops by itself.
        assert_eq!(api.message_pages_sent(), [1, 2, 3, 4]);
        let sent: Vec<f64> = api.state().sent.borrow().iter().map(|s| s.at).collect();
        assert!(
            sent.windows(2).skip(1).all(|w| w[1] - w[0] >= 400.0),
            "{sent:?}"
        );
        assert!(thread.state.with_untracked(|s| s
            .value()
            .is_some_and(|m| m.reached_start && m.messages.len() == 180)));
        assert!(!thread.whole.get_untracked());

        // Stopped after the page in flight.
        let other = use_thread(api.clone(), 218, key, || {});
        clock.advance(&harness, 1_000);
        other.load_all(true);
        clock.advance(&harness, 500);
        other.load_all(false);
        clock.advance(&harness, 100_000);
        assert_eq!(api.message_pages_sent(), [1, 2, 3, 4, 1, 2]);
    }

    use super::*;
    use crate::{
        api::{ApiError, MESSAGES_PER_PAGE},
        hooks::testing::{Clock, FakeApi, Harness},
    };
    use std::{cell::Cell, rc::Rc};

    struct Pane {
        harness: Harness,
        clock: Clock,
        api: FakeApi,
        notes: Rc<Cell<u32>>,
        thread: Thread,
    }

    /// A thread pane of conversations of `messages` messages, with conversation 7 open.
    fn pane(messages: usize) -> Pane {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 0);
        api.state().messages.set(messages);
        let notes = Rc::new(Cell::new(0));
        let noted = notes.clone();
        let thread = use_thread(api.clone(), 218, key(7), move || noted.set(noted.get() + 1));
        harness.run();
        Pane {
            harness,
            clock,
            api,
            notes,
            thread,
        }
    }

    fn key(customer_id: u64) -> ThreadKey {
        ThreadKey {
            customer_id,
            hash: format!("h{customer_id}"),
        }
    }

    impl Pane {
        fn wait(&self, ms: u64) {
            self.clock.advance(&self.harness, ms);
        }

        /// The ids of the messages shown, whether loading, and the start reached.
        fn shown(&self) -> (Vec<u64>, bool, bool) {
            let state = self.thread.state.get_untracked();
            let messages = state.value().cloned().unwrap_or_default();
            let ids = messages.messages.iter().map(|m| m.id).collect();
            (ids, state.is_loading(), messages.reached_start)
        }
    }

    #[test]
    fn a_conversation_opens_on_its_newest_page_and_older_pages_go_above_up_to_the_start() {
        let per_page = MESSAGES_PER_PAGE as u64;
        let p = pane(120);
        assert_eq!(p.shown(), (vec![], true, false));
        p.thread.load_older();
        p.harness.run();
        assert_eq!(p.api.message_pages_sent(), [1], "not while the first loads");
        p.wait(100);
        assert_eq!(p.shown(), ((71..=120).collect(), false, false));
        p.thread.load_older();
        p.thread.load_older();
        p.harness.run();
        let (shown, loading, _) = p.shown();
        assert!(
            loading && shown.len() == per_page as usize,
            "the newest stay while loading"
        );
        p.wait(100);
        assert_eq!(p.shown(), ((21..=120).collect(), false, false));
        assert_eq!(p.notes.get(), 1, "the reading position noted before");
        p.thread.load_older();
        p.wait(100);
        assert_eq!(p.shown(), ((1..=120).collect(), false, true));
        p.thread.load_older();
        p.wait(100);
        assert_eq!(
            p.api.message_pages_sent(),
            [1, 2, 3],
            "once each, none past the start"
        );
    }

    #[test]
    fn closing_the_pane_calls_its_request_off() {
        let p = pane(10);
        p.wait(50);
        p.harness.end();
        p.wait(100);
        let sent = p.api.state().sent.borrow().clone();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].cancel.is_cancelled());
        assert_eq!(p.api.answered(), 0);
    }

    #[test]
    fn a_failed_older_page_keeps_the_messages_and_retry_asks_for_the_same_page() {
        let p = pane(120);
        p.wait(100);
        p.api
            .state()
            .failing
            .borrow_mut()
            .insert(2, ApiError::Refused("hash".into()));
        p.thread.load_older();
        p.wait(100);
        let state = p.thread.state.get_untracked();
        assert_eq!(state.error(), Some(&ApiError::Refused("hash".into())));
        assert_eq!(p.shown().0.len(), 50);
        p.api.state().failing.borrow_mut().clear();
        p.thread.retry();
        p.wait(100);
        assert_eq!(p.shown().0, (21..=120).collect::<Vec<_>>());
        assert_eq!(p.api.message_pages_sent(), [1, 2, 2]);
    }
}
