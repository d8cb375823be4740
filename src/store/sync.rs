//! What to ask vChat next when a kept history is brought up to date, as a plain decision.
//!
//! vChat lists conversations newest first and has no "changed since": a customer who writes
//! again moves to the top, and everything above where they were moves one place down. So at a
//! visit the top of the list is read, page 1, 2, …, until a page brings nothing new or changed
//! (or the last page): below it, nothing changed but positions. A first full load that stopped
//! (a reload, a closed tab) then goes on from the page after the last one it kept: a page that
//! moved down meanwhile is read again there, never skipped, and each customer is kept once.

use crate::search::index::{HistoryIndex, Merged};

/// Where bringing the history up to date stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sync {
    /// The next page of the top to read for what changed since the kept visit, while checking.
    top: Option<u32>,
    /// The whole history is wanted: the admin asked for it, or a first load kept goes on.
    whole: bool,
}

impl Sync {
    /// At a visit: a kept history is checked from the top, and a first load it holds half of
    /// goes on, as does the whole history if it was already asked for.
    pub fn visit(self, kept_through: u32, kept_complete: bool) -> Sync {
        Sync {
            top: (kept_through > 0).then_some(1),
            whole: self.whole || (kept_through > 0 && !kept_complete),
        }
    }

    /// The admin asked for the whole history.
    pub fn want_whole(&mut self) {
        self.whole = true;
    }

    /// Page `number` arrived and merged to `merged`; `last` when it is the last page.
    pub fn arrived(&mut self, number: u32, merged: Merged, last: bool) {
        if self.top == Some(number) {
            self.top = (merged.any() && !last).then_some(number + 1);
        }
    }

    /// Still reading the top of the list for what changed.
    pub fn checking(self) -> bool {
        self.top.is_some()
    }

    /// The page to ask for next, or `None` when nothing is left to ask.
    pub fn next(self, index: &HistoryIndex) -> Option<u32> {
        self.top
            .or_else(|| self.whole.then(|| index.next_missing()).flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Conversation, Message, Page, PAGE_SIZE};

    /// vChat's list, newest first: each customer's id and their latest message's id, which is
    /// also its time.
    fn page_of(list: &[(u64, u64)], number: u32) -> Page {
        let start = (number as usize - 1) * PAGE_SIZE;
        Page {
            conversations: list
                .iter()
                .skip(start)
                .take(PAGE_SIZE)
                .map(|&(id, message)| Conversation {
                    customer_id: id,
                    last_message: Some(Message {
                        id: message,
                        time: Some(message as i64),
                        ..Message::default()
                    }),
                    ..Conversation::default()
                })
                .collect(),
            skipped: 0,
        }
    }

    /// Customers `ids`, newest first, each with their first message.
    fn listed(ids: impl IntoIterator<Item = u64>) -> Vec<(u64, u64)> {
        ids.into_iter().map(|id| (id, 100_000 - id)).collect()
    }

    /// `list` after customer `id` wrote again: first, with a later message.
    fn wrote_again(list: &mut Vec<(u64, u64)>, id: u64) {
        list.retain(|&(other, _)| other != id);
        list.insert(0, (id, 200_000 + id));
    }

    /// Runs the sync over `list` as vChat lists it now, the sign-in's page 1 first; returns the
    /// pages asked after it.
    fn run(index: &mut HistoryIndex, mut sync: Sync, list: &[(u64, u64)]) -> Vec<u32> {
        let first = page_of(list, 1);
        let merged = index.put(1, &first, 0);
        sync.arrived(1, merged, first.is_last());
        let mut asked = Vec::new();
        while let Some(next) = sync.next(index) {
            assert!(asked.len() < 1_000, "runs away: {asked:?}");
            asked.push(next);
            let page = page_of(list, next);
            let merged = index.put(next, &page, 0);
            sync.arrived(next, merged, page.is_last());
        }
        asked
    }

    fn kept(list: &[(u64, u64)], through: u32) -> HistoryIndex {
        let mut index = HistoryIndex::default();
        for number in 1..=through {
            index.put(number, &page_of(list, number), 0);
        }
        index
    }

    fn ids(index: &HistoryIndex) -> Vec<u64> {
        let mut ids: Vec<u64> = (0..100_000)
            .filter(|&id| index.find(id).is_some())
            .collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn a_first_visit_asks_nothing_until_the_whole_history_is_wanted() {
        let list = listed(1..=95);
        let mut index = HistoryIndex::default();
        assert_eq!(
            run(&mut index, Sync::default().visit(0, false), &list),
            [] as [u32; 0]
        );
        let mut sync = Sync::default().visit(0, false);
        sync.want_whole();
        assert_eq!(run(&mut index, sync, &list), [2, 3, 4]);
        assert_eq!(index.conversations(), 95);
    }

    #[test]
    fn a_revisit_with_nothing_new_asks_nothing_past_page_1() {
        let list = listed(1..=95);
        let mut index = kept(&list, 4);
        assert_eq!(
            run(&mut index, Sync::default().visit(4, true), &list),
            [] as [u32; 0]
        );
    }

    #[test]
    fn a_revisit_reads_the_top_until_a_page_brings_nothing_new_or_changed() {
        let mut list = listed(1..=95);
        let mut index = kept(&list, 4);
        // Customers 70 and 12 wrote again, then 40 new ones came.
        wrote_again(&mut list, 70);
        wrote_again(&mut list, 12);
        for id in 1_001..=1_040 {
            list.insert(0, (id, 300_000 + id));
        }
        // Page 2 holds the last 10 new ones and the two who wrote again; page 3 nothing new.
        assert_eq!(
            run(&mut index, Sync::default().visit(4, true), &list),
            [2, 3]
        );
        assert_eq!(ids(&index).len(), 135, "a customer who moved is one");
        let latest = |id| {
            index
                .find(id)
                .and_then(|c| c.last_message.clone())
                .map(|m| m.id)
        };
        assert_eq!((latest(70), latest(12)), (Some(200_070), Some(200_012)));
        assert!(latest(1_001).is_some());
    }

    #[test]
    fn a_first_load_goes_on_where_it_stopped_and_misses_nothing_that_moved_meanwhile() {
        let old = listed(1..=200);
        // Nothing changed: the top check ends at page 1, the load goes on from page 4.
        let mut index = kept(&old, 3);
        assert_eq!(
            run(&mut index, Sync::default().visit(3, false), &old),
            [4, 5, 6, 7]
        );
        assert_eq!(ids(&index), (1..=200).collect::<Vec<_>>());

        // Meanwhile customer 150 (not kept yet) and 20 (kept) wrote again, and 25 new ones came.
        let mut index = kept(&old, 3);
        let mut now = old.clone();
        wrote_again(&mut now, 150);
        wrote_again(&mut now, 20);
        for id in 1_001..=1_025 {
            now.insert(0, (id, 300_000 + id));
        }
        let asked = run(&mut index, Sync::default().visit(3, false), &now);
        assert_eq!(
            asked,
            [2, 4, 5, 6, 7, 8],
            "page 2 holds nothing new: the top ends there"
        );
        let mut every: Vec<u64> = now.iter().map(|&(id, _)| id).collect();
        every.sort_unstable();
        assert_eq!(ids(&index), every);
        let latest = |id| {
            index
                .find(id)
                .and_then(|c| c.last_message.clone())
                .map(|m| m.id)
        };
        assert_eq!((latest(150), latest(20)), (Some(200_150), Some(200_020)));
    }
}
