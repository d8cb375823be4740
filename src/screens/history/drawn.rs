//! Which pages of the history are drawn: the one shown, and beside it, out of sight, the next one
//! once it is fetched ahead and the one shown before. Next and back then show rows already drawn:
//! drawing a page of 30 rows was most of their 26–31 ms on a 2-core machine; shown from the
//! pages drawn, next takes 7 ms and back 15 (`scripts/bench`, replies after 0 ms).

use crate::{api::wire::sorted, hooks::Loaded};

/// The page of the history shown, and those kept drawn out of sight beside it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawnPages {
    pub shown: Option<u32>,
    /// The page shown before this one, kept for "back".
    back: Option<u32>,
    /// By number, each once.
    pub pages: Vec<Loaded>,
}

impl DrawnPages {
    /// The pages to draw once `shown` is on screen and `fetched` is the latest page fetched,
    /// given what was drawn `before`.
    pub fn next(before: &DrawnPages, shown: Option<Loaded>, fetched: Option<Loaded>) -> DrawnPages {
        let number = shown.as_ref().map(|l| l.number);
        let back = if before.shown == number {
            before.back
        } else {
            before.shown
        };
        let mut pages: Vec<Loaded> = shown.into_iter().collect();
        pages.extend(
            before
                .pages
                .iter()
                .find(|l| Some(l.number) == back)
                .cloned(),
        );
        pages.extend(fetched.filter(|f| number.is_some_and(|n| f.number == n + 1)));
        // The one shown wins over an older copy of it.
        let mut pages = sorted(pages, |l| u128::from(l.number));
        pages.dedup_by_key(|l| l.number);
        DrawnPages {
            shown: number,
            back,
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Conversation, Page};
    use std::sync::Arc;

    fn loaded(number: u32, id: u64) -> Loaded {
        Loaded {
            number,
            page: Arc::new(Page {
                conversations: vec![Conversation {
                    customer_id: id,
                    ..Conversation::default()
                }],
                skipped: 0,
            }),
        }
    }

    fn numbers(drawn: &DrawnPages) -> Vec<(u32, u64)> {
        drawn
            .pages
            .iter()
            .map(|l| {
                (
                    l.number,
                    l.page.conversations.first().map_or(0, |c| c.customer_id),
                )
            })
            .collect()
    }

    #[test]
    fn the_next_page_fetched_ahead_and_the_page_before_stay_drawn() {
        let start = DrawnPages::default();
        let one = DrawnPages::next(&start, Some(loaded(1, 10)), Some(loaded(1, 10)));
        assert_eq!(numbers(&one), [(1, 10)]);
        // Page 2 fetched ahead is drawn beside page 1; a page further on is not.
        let ahead = DrawnPages::next(&one, Some(loaded(1, 10)), Some(loaded(2, 20)));
        assert_eq!(numbers(&ahead), [(1, 10), (2, 20)]);
        assert_eq!(
            numbers(&DrawnPages::next(
                &one,
                Some(loaded(1, 10)),
                Some(loaded(3, 30))
            )),
            [(1, 10)]
        );
        // On page 2, page 1 stays for "back", also once page 3 is fetched ahead.
        let two = DrawnPages::next(&ahead, Some(loaded(2, 20)), Some(loaded(2, 20)));
        assert_eq!(
            (two.shown, numbers(&two)),
            (Some(2), vec![(1, 10), (2, 20)])
        );
        let three_ahead = DrawnPages::next(&two, Some(loaded(2, 20)), Some(loaded(3, 30)));
        assert_eq!(numbers(&three_ahead), [(1, 10), (2, 20), (3, 30)]);
        // Back on page 1: page 2 is both the one before and the next.
        let back = DrawnPages::next(&three_ahead, Some(loaded(1, 10)), Some(loaded(3, 30)));
        assert_eq!(numbers(&back), [(1, 10), (2, 20)]);
        // A page shown again with other rows replaces its older copy.
        let newer = DrawnPages::next(&back, Some(loaded(1, 11)), Some(loaded(1, 11)));
        assert_eq!(numbers(&newer), [(1, 11), (2, 20)]);
        // Nothing shown (signed out): nothing drawn but the page before.
        assert!(
            DrawnPages::next(&DrawnPages::default(), None, Some(loaded(2, 20)))
                .pages
                .is_empty()
        );
    }
}
