//! How fast the shop answers needs every conversation's messages, which vChat gives one
//! conversation at a time: this reads them once, keeps only who wrote when, and reads a
//! conversation again only once its latest message changed.

use super::Loader;
use crate::api::{start_now, Api, ApiError, Conversation, ThreadKey};
use crate::search::{
    index::HistoryIndex,
    response::{Hours, Reply, Timeline},
};
use crate::store::Store;
use leptos::{prelude::*, task::spawn_local};
use std::{collections::HashMap, time::Duration};

/// How reading the conversations' messages goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Analysis {
    /// Not started in this visit.
    Idle,
    /// Reading, one conversation at a time (waiting while the whole history loads).
    Running,
    /// The admin paused it; it goes on from where it stopped.
    Paused,
    /// A request failed; resuming goes on from the conversation that failed.
    Failed(ApiError),
    /// Every conversation loaded is read.
    Done,
}

/// The conversations read: who wrote when in each, by customer id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timelines(HashMap<u64, Timeline>);

impl Timelines {
    pub fn get(&self, id: u64) -> Option<&Timeline> {
        self.0.get(&id)
    }

    /// The conversation's first reply, if its messages were read and it had one.
    pub fn first_response(&self, id: u64, hours: Hours) -> Option<Reply> {
        self.get(id)?.first_response(hours)
    }

    /// The conversation `id` passes a filter on its first response: none (`slower_than` is
    /// `None`), or one that took longer than `slower_than` seconds.
    pub fn slower_than(&self, id: u64, hours: Hours, slower_than: Option<i64>) -> bool {
        slower_than.is_none_or(|limit| {
            self.first_response(id, hours)
                .is_some_and(|reply| reply.waited > limit)
        })
    }

    /// `c` was read as it is now.
    fn is_current(&self, c: &Conversation) -> bool {
        self.0
            .get(&c.customer_id)
            .is_some_and(|t| t.latest == c.last_message.as_ref().map_or(0, |m| m.id))
    }
}

/// The state of [`use_response_times`].
#[derive(Clone, Copy)]
pub struct ResponseTimes {
    pub state: ReadSignal<Analysis>,
    pub timelines: ReadSignal<Timelines>,
    /// Conversations of the loaded history not read yet, or changed since.
    pub left: Memo<usize>,
    start: UnsyncCallback<()>,
    pause: UnsyncCallback<()>,
}

impl ResponseTimes {
    /// Starts reading, or goes on after a pause or a failure.
    pub fn start(self) {
        self.start.run(());
    }

    pub fn pause(self) {
        self.pause.run(());
    }
}

/// Conversations read between two updates of [`ResponseTimes::timelines`]: the figures over
/// 30,000 conversations are not computed again for each one.
const BATCH: usize = 20;

/// Reads, on [`ResponseTimes::start`], the newest page of messages of each conversation of
/// `index` not read yet or whose latest message changed since, in the history's order, one
/// request at a time, `load-interval-ms` apart, and never while `hold` is true (before the
/// sign-in is verified, and while the whole history loads: the two would ask vChat at twice the
/// pace). With a `store` (a remembered admin), what earlier
/// visits read is read back first, each conversation read is kept, and a visit after one that
/// read anything goes on by itself with the conversations that changed. Otherwise what was read
/// lives as long as the owner.
pub fn use_response_times<A: Api, S: Store>(
    api: A,
    admin_id: u64,
    index: ReadSignal<HistoryIndex>,
    hold: Signal<bool>,
    store: Option<S>,
) -> ResponseTimes {
    let (state, set_state) = signal(Analysis::Idle);
    let (timelines, set_timelines) = signal(Timelines::default());
    let unpublished = StoredValue::new(Vec::<(u64, Timeline)>::new());
    // How many are read and not published yet, for the progress.
    let (unpublished_count, set_unpublished_count) = signal(0usize);
    let requests = Loader::new();
    let run = StoredValue::new(0_u32);
    let api = StoredValue::new_local(api);
    let store = StoredValue::new_local(store);

    let publish = move || {
        let read = unpublished
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if read.is_empty() {
            return;
        }
        set_unpublished_count.set(0);
        if let Some(Some(store)) = store.try_get_value() {
            let kept = read.clone();
            spawn_local(async move {
                // A browser that will not keep them reads them again at the next visit.
                let _ = store.save_timelines(kept).await;
            });
        }
        set_timelines.update(|t| t.0.extend(read));
    };
    // Where the reading is in the index: each step goes on from there rather than from the top
    // (reading 30,000 conversations with no pause took 592 s scanning from the top, 528 s so).
    let cursor = StoredValue::new(0usize);
    let next = move || {
        let wanted = |c: &Conversation| {
            timelines.with_untracked(|t| !t.is_current(c))
                && unpublished.with_value(|u| !u.iter().any(|(id, _)| *id == c.customer_id))
        };
        index.with_untracked(|index| {
            let total = index.conversations();
            let from = cursor.get_value().min(total);
            // To the end, then from the top: one that changed behind the cursor is read too.
            let (row, c) = (from..total)
                .chain(0..from)
                .filter_map(|row| Some((row, index.at(row)?)))
                .find(|(_, c)| wanted(c))?;
            // Kept on it: one that fails or is called off is the next again.
            cursor.set_value(row);
            let key = ThreadKey {
                customer_id: c.customer_id,
                hash: c.hash.clone(),
            };
            Some((key, c.last_message.as_ref().map_or(0, |m| m.id)))
        })
    };

    let run_loop = move || {
        if state.get_untracked() == Analysis::Running {
            return;
        }
        set_state.set(Analysis::Running);
        run.update_value(|run| *run += 1);
        let this_run = run.get_value();
        let api = api.get_value();
        spawn_local(async move {
            let interval = api.load_interval();
            while run.try_get_value() == Some(this_run) {
                if hold.try_get_untracked() == Some(true) {
                    api.sleep(interval.max(Duration::from_millis(200))).await;
                    continue;
                }
                let Some((key, latest)) = next() else {
                    publish();
                    set_state.set(Analysis::Done);
                    return;
                };
                let (asking, asked) = (api.clone(), key.clone());
                let request = start_now(requests.send(move |cancel| async move {
                    asking.messages(admin_id, &asked, 1, &cancel).await
                }));
                // Read once the request has left, as the whole history's loading does.
                let started = api.monotonic();
                let Some(result) = request.await else {
                    return;
                };
                let timeline = match result {
                    Ok(messages) => Timeline::of(&messages.messages, key.customer_id, latest),
                    // That conversation's own hash was refused (it is gone from vChat): nothing
                    // to read in it, and nothing to ask again until it changes.
                    Err(ApiError::Refused(_)) => Timeline {
                        latest,
                        turns: Vec::new(),
                    },
                    Err(error) => {
                        publish();
                        set_state.set(Analysis::Failed(error));
                        return;
                    }
                };
                unpublished.update_value(|u| u.push((key.customer_id, timeline)));
                let count = unpublished.with_value(Vec::len);
                if count >= BATCH {
                    publish();
                } else {
                    set_unpublished_count.set(count);
                }
                api.pace(started, interval).await;
            }
        });
    };
    let pause = move |()| {
        if state.get_untracked() == Analysis::Running {
            run.update_value(|run| *run += 1);
            requests.cancel();
            publish();
            set_state.set(Analysis::Paused);
        }
    };

    if let Some(kept) = store.get_value() {
        spawn_local(async move {
            let read = kept.load_timelines().await.unwrap_or_default();
            if read.is_empty() || run.try_get_value().is_none() {
                return;
            }
            set_timelines.update(|t| t.0.extend(read));
            run_loop();
        });
    }

    // Counted over the index only when it or the published timelines change; each conversation
    // read meanwhile only takes one off (counting again at each: 528 s for 30,000, 358 s so).
    let unread = Memo::new(move |_| {
        index.with(|index| {
            timelines.with(|t| {
                (0..index.conversations())
                    .filter_map(|row| index.at(row))
                    .filter(|c| !t.is_current(c))
                    .count()
            })
        })
    });
    let left = Memo::new(move |_| unread.get().saturating_sub(unpublished_count.get()));
    // A conversation that changed or came in since it was done is read too.
    Effect::new(move |_| {
        if left.get() > 0 && state.get_untracked() == Analysis::Done {
            run_loop();
        }
    });

    ResponseTimes {
        state,
        timelines,
        left,
        start: UnsyncCallback::new(move |()| run_loop()),
        pause: UnsyncCallback::new(pause),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::Page;
    use crate::hooks::testing::{Clock, FakeApi, FakeStore, Harness};

    struct Reading {
        harness: Harness,
        clock: Clock,
        api: FakeApi,
        index: WriteSignal<HistoryIndex>,
        hold: RwSignal<bool>,
        times: ResponseTimes,
    }

    /// The hook over the first `pages` pages of a history of `conversations`.
    fn reading(conversations: usize, pages: u32, store: Option<FakeStore>) -> Reading {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, conversations);
        let (read, index) = signal(HistoryIndex::default());
        index.update(|index| {
            for number in 1..=pages {
                index.put(number, &api.history_page(number), 0);
            }
        });
        let hold = RwSignal::new(false);
        let times = use_response_times(api.clone(), 218, read, hold.into(), store);
        harness.run();
        Reading {
            harness,
            clock,
            api,
            index,
            hold,
            times,
        }
    }

    impl Reading {
        fn wait(&self, ms: u64) {
            self.clock.advance(&self.harness, ms);
        }

        /// The customers whose messages were asked for, in order.
        fn asked(&self) -> Vec<u64> {
            let sent = self.api.state().sent.borrow();
            sent.iter().filter_map(|s| s.customer).collect()
        }

        fn state(&self) -> Analysis {
            self.times.state.get_untracked()
        }
    }

    #[test]
    fn each_conversation_is_read_once_newest_first_at_the_pace_with_pause_and_resume() {
        let r = reading(45, 2, None);
        r.wait(1_000);
        assert!(r.asked().is_empty(), "nothing before it is started");
        assert_eq!(r.state(), Analysis::Idle);
        assert_eq!(r.times.left.get_untracked(), 45);

        r.times.start();
        r.wait(3_650);
        assert_eq!(r.asked(), (1..=10).collect::<Vec<_>>());
        assert_eq!(r.times.left.get_untracked(), 36, "one on its way");
        r.times.pause();
        assert_eq!(r.state(), Analysis::Paused);
        r.wait(10_000);
        assert_eq!(r.asked().len(), 10, "nothing while paused");
        let sent = r.api.state().sent.borrow().clone();
        assert!(
            sent[9].cancel.is_cancelled(),
            "the one on its way called off"
        );

        r.times.start();
        r.wait(60_000);
        assert_eq!(r.state(), Analysis::Done);
        let asked = r.asked();
        assert_eq!(
            asked[10..],
            (10..=45).collect::<Vec<_>>()[..],
            "from the one called off"
        );
        let sent = r.api.state().sent.borrow().clone();
        assert!(sent.windows(2).all(|w| w[1].at - w[0].at >= 400.0));
        assert_eq!(r.times.timelines.with_untracked(|t| t.0.len()), 45);
        assert_eq!(r.times.left.get_untracked(), 0);
    }

    #[test]
    fn what_was_read_is_kept_and_a_later_visit_reads_only_what_changed() {
        let store = FakeStore::default();
        let first = reading(45, 2, Some(store.clone()));
        first.times.start();
        first.wait(30_000);
        assert_eq!(first.state(), Analysis::Done);
        assert_eq!(store.state().timelines.borrow().len(), 45);
        first.harness.end();

        let next = reading(45, 2, Some(store.clone()));
        next.wait(1_000);
        assert_eq!(
            next.state(),
            Analysis::Done,
            "goes on by itself, with nothing to read"
        );
        assert!(next.asked().is_empty());
        assert_eq!(next.times.timelines.with_untracked(|t| t.0.len()), 45);

        // Two new customers write, and page 1 is listed again.
        next.api.state().arrived.set(2);
        let page: Page = next.api.history_page(1);
        next.index.update(|index| {
            index.put(1, &page, 1);
        });
        next.wait(2_000);
        assert_eq!(next.asked(), [1_000_002, 1_000_001]);
        assert_eq!(next.state(), Analysis::Done);
    }

    #[test]
    fn nothing_is_read_while_held_and_a_failure_pauses_where_it_was() {
        let r = reading(30, 1, None);
        r.hold.set(true);
        r.times.start();
        r.wait(5_000);
        assert!(r.asked().is_empty(), "held: the whole history is loading");
        r.hold.set(false);
        r.wait(1_000);
        assert_eq!(r.asked()[..2], [1, 2]);

        r.api
            .state()
            .failing
            .borrow_mut()
            .insert(1, ApiError::Status(502));
        r.wait(1_000);
        assert_eq!(r.state(), Analysis::Failed(ApiError::Status(502)));
        let failed = r.asked().len();
        r.api.state().failing.borrow_mut().clear();
        r.times.start();
        r.wait(100);
        assert_eq!(
            r.asked()[failed],
            r.asked()[failed - 1],
            "the one that failed"
        );

        // A conversation vChat refuses (its hash gone) is not asked again.
        r.api
            .state()
            .failing
            .borrow_mut()
            .insert(1, ApiError::Refused("Hash failed".into()));
        r.wait(20_000);
        assert_eq!(r.state(), Analysis::Done);
        assert_eq!(r.times.left.get_untracked(), 0);
    }
}
