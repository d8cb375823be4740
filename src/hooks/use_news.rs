//! "Mới": the conversations whose latest message came after the admin's last visit, marked until
//! opened, and how many there are. The visit (`search/visit.rs`) is kept where the session is;
//! what was opened, only while the screen lives (customer data is kept in the history store
//! alone).

use crate::{
    api::{Api, Conversation},
    search::{index::HistoryIndex, visit::Visit},
};
use leptos::{prelude::*, task::spawn_local};
use std::time::Duration;

/// How often the admin is noted as still here, so that the next visit starts from when they left.
const STILL_HERE: Duration = Duration::from_secs(60);

/// What is new in this visit.
#[derive(Clone, Copy)]
pub struct News {
    visit: Visit,
    opened: RwSignal<Vec<u64>>,
    /// The conversations known that are new and not opened yet.
    pub count: Memo<usize>,
}

impl News {
    /// The conversation `c` is new in this visit and has not been opened since.
    pub fn fresh(self, c: &Conversation) -> Signal<bool> {
        let id = c.customer_id;
        let new = self
            .visit
            .is_new(c.last_message.as_ref().and_then(|m| m.time));
        let opened = self.opened;
        Signal::derive(move || new && !opened.with(|o| o.contains(&id)))
    }
}

/// The news of the visit that follows `stored` (the last one kept, any admin's) for `admin`, over
/// the history `index`; `open` is the conversation the admin has open, and `keep` keeps the
/// visit where the session is: once the sign-in is `verified` (a screen built while it is
/// checked, or for no one, keeps nothing), then each minute on `api`'s clock while the screen
/// lives.
pub fn use_news(
    api: impl Api,
    index: ReadSignal<HistoryIndex>,
    admin: u64,
    stored: Option<Visit>,
    verified: Signal<bool>,
    open: Signal<Option<u64>>,
    keep: impl Fn(&Visit) + 'static,
) -> News {
    let visit = Visit::begin(stored, admin, (api.now() / 1000.0) as i64);
    let keep = StoredValue::new_local(keep);
    Effect::new(move |kept: Option<bool>| {
        let now = kept == Some(true) || verified.get();
        if now && kept != Some(true) {
            keep.with_value(|keep| keep(&visit));
        }
        now
    });
    spawn_local({
        let api = api.clone();
        async move {
            loop {
                api.sleep(STILL_HERE).await;
                match verified.try_get_untracked() {
                    // The screen has gone.
                    None => break,
                    Some(false) => continue,
                    Some(true) => {}
                }
                let seen = (api.now() / 1000.0) as i64;
                keep.with_value(|keep| keep(&Visit { seen, ..visit }));
            }
        }
    });
    let opened = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if let Some(id) = open.get() {
            if !opened.with_untracked(|o| o.contains(&id)) {
                opened.update(|o| o.push(id));
            }
        }
    });
    let count = Memo::new(move |_| match visit.since {
        None => 0,
        Some(since) => index.with(|index| {
            opened.with(|o| index.newer_than(since).filter(|id| !o.contains(id)).count())
        }),
    });
    News {
        visit,
        opened,
        count,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::{
        api::{Message, Page},
        hooks::testing::{Clock, FakeApi, Harness},
    };
    use std::{cell::RefCell, rc::Rc};

    fn at(id: u64, time: i64) -> Conversation {
        Conversation {
            customer_id: id,
            last_message: Some(Message {
                time: Some(time),
                ..Message::default()
            }),
            ..Conversation::default()
        }
    }

    #[test]
    fn what_came_since_the_last_visit_is_new_until_opened_and_the_visit_is_kept_each_minute() {
        let harness = Harness::new();
        let clock = Clock::default();
        clock.advance(&harness, 100_000_000);
        let api = FakeApi::new(&clock, 0);
        let index = RwSignal::new(HistoryIndex::default());
        let open = RwSignal::new(None);
        let kept = Rc::new(RefCell::new(Vec::new()));
        let last = Visit {
            admin: 218,
            since: None,
            seen: 50_000,
        };
        let verified = RwSignal::new(false);
        let news = use_news(
            api,
            index.read_only(),
            218,
            Some(last),
            verified.into(),
            open.into(),
            {
                let kept = kept.clone();
                move |visit| kept.borrow_mut().push(*visit)
            },
        );
        harness.run();
        // Nothing kept while the sign-in is checked.
        assert!(kept.borrow().is_empty());
        verified.set(true);
        harness.run();
        let (before, after, later) = (at(1, 49_000), at(2, 50_001), at(3, 90_000));
        index.update(|index| {
            index.put(
                1,
                &Page {
                    conversations: vec![later.clone(), after.clone(), before.clone()],
                    skipped: 0,
                },
                0,
            );
        });
        harness.run();
        assert_eq!(news.count.get_untracked(), 2);
        assert!(news.fresh(&after).get_untracked() && news.fresh(&later).get_untracked());
        assert!(!news.fresh(&before).get_untracked());
        // Opened: no longer new.
        open.set(Some(3));
        harness.run();
        assert_eq!(news.count.get_untracked(), 1);
        assert!(!news.fresh(&later).get_untracked());
        // The visit kept at once, then each minute, and no more once the screen has gone.
        assert_eq!(
            *kept.borrow(),
            [Visit {
                admin: 218,
                since: Some(50_000),
                seen: 100_000
            }]
        );
        clock.advance(&harness, 120_000);
        assert_eq!(kept.borrow().len(), 3);
        assert_eq!(kept.borrow()[2].seen, 100_120);
        harness.end();
        clock.advance(&harness, 120_000);
        assert_eq!(kept.borrow().len(), 3);
    }

    #[test]
    fn nothing_is_new_on_a_first_visit() {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 0);
        let index = RwSignal::new(HistoryIndex::default());
        index.update(|index| {
            index.put(
                1,
                &Page {
                    conversations: vec![at(1, 10)],
                    skipped: 0,
                },
                0,
            );
        });
        let news = use_news(
            api,
            index.read_only(),
            218,
            None,
            Signal::stored(true),
            Signal::stored(None),
            |_| {},
        );
        harness.run();
        assert_eq!(news.count.get_untracked(), 0);
        assert!(!news.fresh(&at(1, 10)).get_untracked());
    }
}
