//! The statistics and the response times of a large history take longer than a frame (30,000
//! conversations: 92 ms and 115 ms in a row on a 2-core machine), so they are counted a slice
//! of the history at a time, each slice its own task: a keystroke waits for one slice at most,
//! not for the whole count, and a keystroke that changes what is counted ends the count under
//! way. What shows meanwhile is the last count, marked as being counted again.

use super::Timelines;
use crate::api::Api;
use crate::browser::timing;
use crate::search::{
    filter::Filter,
    index::HistoryIndex,
    query::Query,
    response::{self, Figures, Hours},
    stats::{self, Stats},
};
use leptos::{prelude::*, task::spawn_local};
use std::{rc::Rc, sync::Arc, time::Duration};

/// Rows of the index counted in one task: the longest task while counting took a median of 8 ms
/// (the statistics of 30,000 conversations) to 10 ms (with the response figures) on a 2-core
/// machine, under a frame.
const SLICE: usize = 1_000;

/// What the statistics view asks to count.
#[derive(Clone, Debug, PartialEq)]
pub struct Counted {
    pub query: Arc<Query>,
    pub filter: Filter,
    /// The first and last day to chart; `None`: all days counted.
    pub range: Option<(i64, i64)>,
}

/// The state of [`use_statistics`].
#[derive(Clone, Copy)]
pub struct Statistics {
    /// The statistics of what was last counted.
    pub stats: ReadSignal<Stats>,
    /// How fast the shop answered in it, of the conversations whose messages were read.
    pub figures: ReadSignal<Figures>,
    /// A count is under way; what shows is the one before.
    pub counting: ReadSignal<bool>,
}

/// Counts the rows of `index` that `counted` names (nothing while it is `None`: the statistics
/// do not show), again whenever it changes, and whenever the index or the `timelines` do: a
/// change of these lets the count under way end first, so that a history that changes often
/// still shows its counts. `day_of` gives a time's local day, `clock` the time and the pause
/// between slices. Measured as `vchat-history:statistics`, from the first slice to the last.
pub fn use_statistics<A: Api>(
    clock: A,
    index: ReadSignal<HistoryIndex>,
    timelines: ReadSignal<Timelines>,
    hours: Hours,
    counted: Memo<Option<Counted>>,
    day_of: impl Fn(i64) -> i64 + 'static,
) -> Statistics {
    let (stats, set_stats) = signal(Stats::default());
    let (figures, set_figures) = signal(Figures::default());
    let (counting, set_counting) = signal(false);
    let day_of = Rc::new(day_of);
    // The count under way, by number: a newer one ends it between two slices.
    let current = StoredValue::new(0u64);
    // What the count under way counts, and whether the history changed since it began.
    let under_way = StoredValue::new(None::<Counted>);
    let changed = StoredValue::new(false);
    let count = move |asked: Counted| {
        let number = current.get_value();
        let ended = move || current.get_value() != number;
        let (clock, day_of) = (clock.clone(), day_of.clone());
        spawn_local(async move {
            loop {
                let span = timing::begin("statistics");
                let now = (clock.now() / 1000.0) as i64;
                let mut tally = (stats::Tally::default(), response::Tally::default());
                let mut at = 0;
                loop {
                    // Each slice a task of its own, the first too: the keystroke that asked is
                    // drawn first, and the browser takes input and draws between two slices.
                    clock.sleep(Duration::ZERO).await;
                    if ended() {
                        return;
                    }
                    let more = index.with_untracked(|index| {
                        timelines.with_untracked(|t| {
                            let end = (at + SLICE).min(index.conversations());
                            let rows: Vec<_> = index
                                .rows_in(at..end, &asked.query, &asked.filter)
                                .filter(|(c, _)| {
                                    t.slower_than(c.customer_id, hours, asked.filter.slower_than)
                                })
                                .collect();
                            let stats = stats::Tally::of(rows.iter().copied(), &*day_of, now);
                            let read = rows.iter().filter_map(|(c, _)| t.get(c.customer_id));
                            let figures = response::Tally::of(read, hours);
                            let (s, f) = std::mem::take(&mut tally);
                            tally = (s.merge(stats), f.merge(figures));
                            at = end;
                            end < index.conversations()
                        })
                    });
                    if !more {
                        break;
                    }
                }
                if ended() {
                    return;
                }
                // Each view drawn in a task of its own too (the statistics' took 20 ms with the
                // response figures' in one task, for 2,987 conversations on a 2-core machine).
                let (stats, figures) = tally;
                set_stats.set(stats.finish(asked.range));
                clock.sleep(Duration::ZERO).await;
                if ended() {
                    return;
                }
                set_figures.set(figures.finish());
                span.end();
                // The history changed while it was counted: counted again, as it is now.
                if !changed.get_value() {
                    set_counting.set(false);
                    return;
                }
                changed.set_value(false);
            }
        });
    };
    Effect::new(move |_| {
        let asked = counted.get();
        index.track();
        timelines.track();
        let same = under_way.with_value(|was| *was == asked);
        if same && counting.get_untracked() {
            changed.set_value(true);
            return;
        }
        *current.write_value() += 1;
        changed.set_value(false);
        under_way.set_value(asked.clone());
        if counting.get_untracked() != asked.is_some() {
            set_counting.set(asked.is_some());
        }
        if let Some(asked) = asked {
            count(asked);
        }
    });
    Statistics {
        stats,
        figures,
        counting,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::hooks::testing::{Clock, FakeApi, Harness};

    struct Counting {
        harness: Harness,
        clock: Clock,
        api: FakeApi,
        index: RwSignal<HistoryIndex>,
        asked: RwSignal<Option<Counted>>,
        statistics: Statistics,
    }

    impl Counting {
        /// The statistics of a history of `conversations`, not shown yet.
        fn new(conversations: usize) -> Counting {
            let harness = Harness::new();
            let clock = Clock::default();
            let api = FakeApi::new(&clock, conversations);
            let index = RwSignal::new(HistoryIndex::default());
            load(&api, index);
            let asked = RwSignal::new(None);
            let statistics = use_statistics(
                api.clone(),
                index.read_only(),
                RwSignal::new(Timelines::default()).read_only(),
                Hours::parse(None, 0),
                Memo::new(move |_| asked.get()),
                |secs| secs.div_euclid(86_400),
            );
            Counting {
                harness,
                clock,
                api,
                index,
                asked,
                statistics,
            }
        }

        fn show(&self, words: &str) {
            self.asked.set(Some(Counted {
                query: Arc::new(Query::parse(words)),
                filter: Filter::default(),
                range: None,
            }));
        }

        fn total(&self) -> usize {
            self.statistics
                .stats
                .with_untracked(|s| s.total.conversations)
        }

        fn counting(&self) -> bool {
            self.statistics.counting.get_untracked()
        }
    }

    /// Lists every page of the history as `api` has it now.
    fn load(api: &FakeApi, index: RwSignal<HistoryIndex>) {
        let pages = api.state().conversations.get().div_ceil(30) as u32;
        for number in 1..=pages {
            let page = api.history_page(number);
            index.update(|index| {
                index.put(number, &page, 0);
            });
        }
    }

    #[test]
    fn a_large_history_is_counted_a_slice_a_task_and_only_while_shown() {
        let c = Counting::new(2_500);
        c.harness.run();
        assert!(
            !c.counting(),
            "nothing counted while the statistics are hidden"
        );

        c.show("");
        c.harness.run();
        assert!(c.counting(), "nothing counted in the task that asked");
        for slice in 1..=2 {
            c.clock.next_task(&c.harness);
            assert!(
                c.counting(),
                "three slices of 1,000 rows, a task each: {slice}"
            );
            assert_eq!(c.total(), 0, "nothing shown before the last");
        }
        c.clock.next_task(&c.harness);
        assert_eq!(c.total(), 2_500);
        assert!(
            c.counting(),
            "the response figures are drawn in a task of their own"
        );
        c.clock.next_task(&c.harness);
        assert!(!c.counting());

        // A small history in one task, and its figures in the next.
        let small = Counting::new(900);
        small.show("");
        small.clock.next_task(&small.harness);
        assert_eq!(small.total(), 900);
        small.clock.next_task(&small.harness);
        assert!(!small.counting());
    }

    #[test]
    fn new_words_end_the_count_under_way_and_a_changing_history_is_counted_again_after_it() {
        let c = Counting::new(2_500);
        c.show("");
        c.clock.next_task(&c.harness);
        // "25" is in 56 of the ids from 1 to 2,500 (each customer's name is "Khách <id>").
        c.show("Khách 25");
        for _ in 1..=2 {
            c.clock.next_task(&c.harness);
        }
        assert_eq!(
            c.total(),
            0,
            "the count of every conversation ended unfinished"
        );
        c.clock.next_task(&c.harness);
        assert_eq!(c.total(), 56, "only the newer words were counted");
        c.clock.next_task(&c.harness);
        assert!(!c.counting());

        c.show("");
        c.harness.run();
        // A customer writes at every slice: each count goes on to its end, then the next begins,
        // so the counts show while the history changes.
        for arrived in 1..=3 {
            c.api.state().arrived.set(arrived);
            let page = c.api.history_page(1);
            c.index.update(|index| {
                index.put(1, &page, 1);
            });
            c.clock.next_task(&c.harness);
            assert!(c.counting());
        }
        assert!(c.total() >= 2_502, "shown while it changes: {}", c.total());
        c.clock.advance(&c.harness, 1);
        assert_eq!((c.total(), c.counting()), (2_503, false));
    }
}
