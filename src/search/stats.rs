//! Statistics of the loaded history. `/hischat.php` gives one row per customer with its latest
//! message, so everything here counts conversations by their last activity, not messages.

use super::index::Entry;
use crate::{
    api::{customer_page, is_waiting, wire::sorted, Conversation},
    format::links::web_url,
    format::time::civil_from_days,
};

/// The most days a chart shows: the last year of the range.
pub const MAX_DAYS: i64 = 366;
/// Product pages listed.
pub const TOP_PRODUCTS: usize = 10;

/// Conversations and leads in a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub conversations: usize,
    pub leads: usize,
}

impl Count {
    fn add(&mut self, lead: bool) {
        self.conversations += 1;
        self.leads += usize::from(lead);
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub total: Count,
    pub guests: usize,
    pub members: usize,
    pub online: usize,
    /// Conversations without a message time: counted in the totals, on no day.
    pub undated: usize,
    /// Conversations whose latest message is the customer's.
    pub waiting: usize,
    /// Of those with a time, how many have waited under an hour, under a day, longer.
    pub waiting_spans: [usize; 3],
    /// Every day of the range, oldest first, as days from 1970-01-01 in the admin's time zone.
    pub days: Vec<(i64, Count)>,
    /// Weeks (from Monday) of the range, by their Monday.
    pub weeks: Vec<(i64, Count)>,
    /// Calendar months of the range, as (year, month).
    pub months: Vec<((i64, i64), Count)>,
    /// The product pages (`http`/`https` only) that brought the most conversations.
    pub products: Vec<(String, Count)>,
    /// Conversations per support agent (`0`: none), most first.
    pub agents: Vec<(u64, usize)>,
}

/// What a conversation counts towards, ordered so that one sort groups each kind.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Day(i64),
    Product(&'a str),
    Agent(u64),
}

/// The counts of some conversations before they are charted. Tallies of disjoint sets of
/// conversations merge into the tally of them all, so that a large history can be counted a
/// slice at a time ([`crate::hooks::use_statistics`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// The totals, without days, periods, products or agents.
    stats: Stats,
    /// Each day's count, by day.
    by_day: Vec<(i64, Count)>,
    /// Each product page's count, by address.
    products: Vec<(String, Count)>,
    /// Each agent's count, by id.
    agents: Vec<(u64, Count)>,
}

impl Tally {
    /// Counts `rows`: `day_of` gives a time's local day, and `now` (Unix seconds) is what
    /// waiting is measured to.
    pub fn of<'a>(
        rows: impl IntoIterator<Item = (&'a Conversation, &'a Entry)>,
        day_of: impl Fn(i64) -> i64,
        now: i64,
    ) -> Tally {
        let mut stats = Stats::default();
        // Each conversation's day, product page and agent, grouped by one sort: one sort's code
        // rather than a map's for each kind.
        let mut keys: Vec<(Key, bool)> = Vec::new();
        for (c, entry) in rows {
            let lead = entry.has_phone();
            stats.total.add(lead);
            stats.guests += usize::from(is_guest(entry));
            stats.members += usize::from(c.vatgia_user);
            stats.online += usize::from(c.online);
            keys.push((Key::Agent(c.support_id), lead));
            let message = c.last_message.as_ref();
            let time = message.and_then(|m| m.time);
            match time {
                Some(time) => keys.push((Key::Day(day_of(time)), lead)),
                None => stats.undated += 1,
            }
            if is_waiting(c) {
                stats.waiting += 1;
                if let Some(time) = time {
                    let span = match now.saturating_sub(time) {
                        s if s < 3_600 => 0,
                        s if s < 86_400 => 1,
                        _ => 2,
                    };
                    if let Some(n) = stats.waiting_spans.get_mut(span) {
                        *n += 1;
                    }
                }
            }
            if let Some(link) = customer_page(c).and_then(web_url) {
                keys.push((Key::Product(link), lead));
            }
        }
        keys.sort_unstable_by_key(|&(key, _)| key);
        let mut tally = Tally {
            stats,
            ..Tally::default()
        };
        let mut products: Vec<(&str, Count)> = Vec::new();
        for (key, lead) in keys {
            match key {
                Key::Day(day) => count(&mut tally.by_day, day, lead),
                Key::Product(link) => count(&mut products, link, lead),
                Key::Agent(id) => count(&mut tally.agents, id, lead),
            }
        }
        tally.products = products
            .into_iter()
            .map(|(link, count)| (link.to_owned(), count))
            .collect();
        tally
    }

    /// The tally of both sets of conversations.
    pub fn merge(self, other: Tally) -> Tally {
        let (a, b) = (self.stats, other.stats);
        let mut waiting_spans = a.waiting_spans;
        for (n, m) in waiting_spans.iter_mut().zip(b.waiting_spans) {
            *n += m;
        }
        Tally {
            stats: Stats {
                total: Count {
                    conversations: a.total.conversations + b.total.conversations,
                    leads: a.total.leads + b.total.leads,
                },
                guests: a.guests + b.guests,
                members: a.members + b.members,
                online: a.online + b.online,
                undated: a.undated + b.undated,
                waiting: a.waiting + b.waiting,
                waiting_spans,
                ..Stats::default()
            },
            by_day: merge_runs(self.by_day, other.by_day),
            products: merge_runs(self.products, other.products),
            agents: merge_runs(self.agents, other.agents),
        }
    }

    /// The statistics: `range` is the first and last day to chart (all days counted when
    /// `None`, at most [`MAX_DAYS`], the latest).
    pub fn finish(self, range: Option<(i64, i64)>) -> Stats {
        let Tally {
            mut stats,
            by_day,
            products,
            agents,
        } = self;
        let range = range.or_else(|| Some((by_day.first()?.0, by_day.last()?.0)));
        if let Some((first, last)) = range.filter(|(first, last)| first <= last) {
            let first = first.max(last - (MAX_DAYS - 1));
            stats.days = (first..=last)
                .map(|day| {
                    let found = by_day.binary_search_by_key(&day, |&(d, _)| d).ok();
                    (
                        day,
                        found
                            .and_then(|i| by_day.get(i))
                            .map_or_else(Count::default, |d| d.1),
                    )
                })
                .collect();
        }
        for &(day, count) in &stats.days {
            let monday = day - (day + 3).rem_euclid(7);
            match stats.weeks.last_mut() {
                Some((week, total)) if *week == monday => add(total, count),
                _ => stats.weeks.push((monday, count)),
            }
            let (year, month, _) = civil_from_days(day);
            match stats.months.last_mut() {
                Some((m, total)) if *m == (year, month) => add(total, count),
                _ => stats.months.push(((year, month), count)),
            }
        }
        // Stable sorts: among equals, products by address and agents by id, as grouped.
        let most = |count: &Count| !((count.conversations as u128) << 64 | count.leads as u128);
        stats.products = sorted(products, |(_, count)| most(count));
        stats.products.truncate(TOP_PRODUCTS);
        stats.agents = sorted(agents, |(_, count)| most(count))
            .into_iter()
            .map(|(id, c)| (id, c.conversations))
            .collect();
        stats
    }
}

/// Two lists of counts, each sorted by key with each key once, as one.
fn merge_runs<K: Ord>(a: Vec<(K, Count)>, b: Vec<(K, Count)>) -> Vec<(K, Count)> {
    let mut runs = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.0 < x.0 => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        };
        let Some((key, count)) = next else {
            return runs;
        };
        match runs.last_mut() {
            Some((last, total)) if *last == key => add(total, count),
            _ => runs.push((key, count)),
        }
    }
}

/// Counts a conversation under `key`, in runs of equal keys.
fn count<K: PartialEq>(runs: &mut Vec<(K, Count)>, key: K, lead: bool) {
    match runs.last_mut() {
        Some((last, total)) if *last == key => total.add(lead),
        _ => {
            let mut total = Count::default();
            total.add(lead);
            runs.push((key, total));
        }
    }
}

fn add(total: &mut Count, count: Count) {
    total.conversations += count.conversations;
    total.leads += count.leads;
}

/// vChat names a guest `Khách - <id>`.
/// vChat names a guest "Khách - <id>"; the entry's folded text starts with the name.
fn is_guest(entry: &Entry) -> bool {
    entry.text.trim_start().starts_with("khach -")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Message;

    /// The statistics of `rows` counted at once.
    fn compute<'a>(
        rows: impl IntoIterator<Item = (&'a Conversation, &'a Entry)>,
        range: Option<(i64, i64)>,
        day_of: impl Fn(i64) -> i64,
        now: i64,
    ) -> Stats {
        Tally::of(rows, day_of, now).finish(range)
    }

    /// Vietnam: UTC+7, no daylight saving.
    fn vietnam(secs: i64) -> i64 {
        (secs + 7 * 3600).div_euclid(86_400)
    }

    fn row(
        name: &str,
        time: Option<i64>,
        message: &str,
        link: &str,
        support_id: u64,
    ) -> (Conversation, Entry) {
        let c = Conversation {
            customer_id: 1,
            name: name.into(),
            support_id,
            last_message: time.map(|t| Message {
                time: Some(t),
                text: message.into(),
                link: link.into(),
                writer_id: 1,
                ..Message::default()
            }),
            ..Conversation::default()
        };
        let e = Entry::of(&c);
        (c, e)
    }

    /// 2026-11-26 17:00 UTC is midnight of the 27th in Vietnam.
    const MIDNIGHT_27: i64 = 1_795_712_400;
    /// Two days later.
    const NOW: i64 = MIDNIGHT_27 + 2 * 86_400;

    #[test]
    fn waiting_conversations_by_how_long_they_waited() {
        let by_customer = |time: Option<i64>| row("Lan", time, "ok", "", 0).0;
        let rows: Vec<(Conversation, Entry)> = [
            by_customer(Some(NOW - 59 * 60)),
            by_customer(Some(NOW - 3_600)),
            by_customer(Some(NOW - 86_399)),
            by_customer(Some(NOW - 86_400)),
            by_customer(Some(NOW + 60)),
            // Without a time: waiting, for no known span.
            Conversation {
                customer_id: 1,
                last_message: Some(Message {
                    writer_id: 1,
                    ..Message::default()
                }),
                ..Conversation::default()
            },
            // Answered.
            {
                let (mut c, _) = row("Hoa", Some(NOW - 10), "ok", "http://vchat.vn/support", 0);
                if let Some(m) = c.last_message.as_mut() {
                    m.writer_id = 218;
                }
                c
            },
        ]
        .into_iter()
        .map(|c| {
            let e = Entry::of(&c);
            (c, e)
        })
        .collect();
        let stats = compute(rows.iter().map(|(c, e)| (c, e)), None, vietnam, NOW);
        assert_eq!(stats.waiting, 6);
        // A time ahead of the clock (skew) has waited under an hour.
        assert_eq!(stats.waiting_spans, [2, 2, 1]);
        // The shop writes from vChat's pages, which are no product page.
        assert!(stats.products.is_empty());
    }

    #[test]
    fn days_are_the_admins_days() {
        assert_eq!(
            vietnam(MIDNIGHT_27),
            crate::format::time::parse_date("2026-11-27").unwrap_or(0)
        );
        let rows = [
            row(
                "Khách - 1",
                Some(MIDNIGHT_27 - 1),
                "Khách: Lan 0913911427",
                "http://vatgia.com/a",
                0,
            ),
            row(
                "Lan",
                Some(MIDNIGHT_27),
                "ok",
                "http://vatgia.com/a",
                630_394,
            ),
            row(
                "Khách - 2",
                Some(MIDNIGHT_27 + 86_399),
                "hi",
                "javascript:alert(1)",
                630_394,
            ),
            row("Hoa", None, "", "", 0),
        ];
        let stats = compute(rows.iter().map(|(c, e)| (c, e)), None, vietnam, NOW);
        let day = vietnam(MIDNIGHT_27);
        assert_eq!(
            stats.days,
            [
                (
                    day - 1,
                    Count {
                        conversations: 1,
                        leads: 1
                    }
                ),
                (
                    day,
                    Count {
                        conversations: 2,
                        leads: 0
                    }
                ),
            ]
        );
        assert_eq!(
            stats.total,
            Count {
                conversations: 4,
                leads: 1
            }
        );
        assert_eq!((stats.guests, stats.undated), (2, 1));
        assert_eq!(stats.agents, [(0, 2), (630_394, 2)]);
        // Only web pages are product pages.
        assert_eq!(
            stats.products,
            [(
                "http://vatgia.com/a".to_owned(),
                Count {
                    conversations: 2,
                    leads: 1
                }
            )]
        );
        // 2026-11-26 is a Thursday: its week began on Monday the 23rd, the 27th is in the same.
        assert_eq!(
            stats.weeks,
            [(
                day - 4,
                Count {
                    conversations: 3,
                    leads: 1
                }
            )]
        );
        assert_eq!(
            stats.months,
            [(
                (2026, 11),
                Count {
                    conversations: 3,
                    leads: 1
                }
            )]
        );
    }

    #[test]
    fn a_chosen_range_has_every_day_even_empty_ones() {
        let rows = [row("Lan", Some(MIDNIGHT_27), "ok", "", 0)];
        let day = vietnam(MIDNIGHT_27);
        let stats = compute(
            rows.iter().map(|(c, e)| (c, e)),
            Some((day - 3, day + 5)),
            vietnam,
            NOW,
        );
        assert_eq!(stats.days.len(), 9);
        assert_eq!(
            stats
                .days
                .iter()
                .map(|(_, c)| c.conversations)
                .sum::<usize>(),
            1
        );
        // The month turns: November and December.
        assert_eq!(
            stats.months.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
            [(2026, 11), (2026, 12)]
        );
        assert_eq!(stats.weeks.len(), 2);
        // An empty range, and one the wrong way round.
        let none: [(Conversation, Entry); 0] = [];
        assert_eq!(
            compute(none.iter().map(|(c, e)| (c, e)), None, vietnam, NOW),
            Stats::default()
        );
        assert!(compute(
            rows.iter().map(|(c, e)| (c, e)),
            Some((day, day - 1)),
            vietnam,
            NOW
        )
        .days
        .is_empty());
    }

    #[test]
    fn a_chart_shows_the_last_year_at_most() {
        let rows = [
            row("Lan", Some(0), "ok", "", 0),
            row("Hoa", Some(MIDNIGHT_27), "ok", "", 0),
        ];
        let stats = compute(rows.iter().map(|(c, e)| (c, e)), None, vietnam, NOW);
        assert_eq!(stats.days.len(), MAX_DAYS as usize);
        assert_eq!(stats.days.last().map(|d| d.0), Some(vietnam(MIDNIGHT_27)));
        assert_eq!(stats.total.conversations, 2);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod slices {
        use super::*;
        use proptest::prelude::*;

        /// A conversation of few distinct days, products, agents and kinds, so that slices share
        /// keys.
        fn conversation() -> impl Strategy<Value = (Conversation, Entry)> {
            (
                proptest::option::of(0i64..5),
                0usize..4,
                0u64..3,
                any::<(bool, bool, bool)>(),
            )
                .prop_map(|(day, product, support_id, (online, member, answered))| {
                    let links = ["", "http://vatgia.com/a", "https://vatgia.com/b", "x:y"];
                    let link = links.get(product).copied().unwrap_or_default();
                    let (mut c, _) = row(
                        if member { "Lan" } else { "Khách - 1" },
                        day.map(|d| MIDNIGHT_27 + d * 50_000),
                        if online { "Lan 0913911427" } else { "ok" },
                        link,
                        support_id,
                    );
                    c.online = online;
                    c.vatgia_user = member;
                    if let Some(m) = c.last_message.as_mut() {
                        m.writer_id = if answered { 218 } else { 1 };
                    }
                    let e = Entry::of(&c);
                    (c, e)
                })
        }

        proptest! {
            #![proptest_config(crate::property::config())]

            #[test]
            fn counted_in_slices_and_merged_is_counted_at_once(
                rows in proptest::collection::vec(conversation(), 0..40),
                step in 1usize..8,
            ) {
                let whole = compute(rows.iter().map(|(c, e)| (c, e)), None, vietnam, NOW);
                let merged = rows
                    .chunks(step)
                    .map(|slice| Tally::of(slice.iter().map(|(c, e)| (c, e)), vietnam, NOW))
                    .fold(Tally::default(), Tally::merge)
                    .finish(None);
                prop_assert_eq!(merged, whole);
            }
        }
    }
}
