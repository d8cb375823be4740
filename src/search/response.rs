//! How fast the shop answers: each conversation's messages reduced to who wrote when
//! ([`Timeline`], what is kept; never the texts), the replies found in them, and the figures over
//! many conversations ([`Tally`]). Plain functions, so the rules are tested on the host.
//!
//! A customer's run of messages (one or more, with no answer between them) is answered by the
//! next message of the shop or of an agent; the time it took counts only the shop's hours, so a
//! message after closing starts counting at the next opening. vChat's own messages (a transfer,
//! the customer leaving) neither ask nor answer.

use crate::api::{
    wire::{sorted, time_key},
    Message, Writer,
};
use serde::{Deserialize, Serialize};

/// Who wrote a message, as the figures need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum By {
    Customer,
    /// The shop's own account.
    Shop,
    /// A support agent, by id.
    Agent(u64),
}

impl By {
    /// Kept as one number: the agent's id (never 0: vChat's 0 means no agent), 0 for the shop,
    /// -1 for the customer.
    fn code(self) -> i64 {
        match self {
            By::Customer => -1,
            By::Shop => 0,
            By::Agent(id) => i64::try_from(id).unwrap_or(i64::MAX),
        }
    }

    fn from_code(code: i64) -> By {
        match code {
            ..0 => By::Customer,
            0 => By::Shop,
            id => By::Agent(id as u64),
        }
    }
}

/// One conversation's messages as the figures need them: when each was written and by whom,
/// oldest first, without vChat's own. `latest` is the id of the conversation's newest message
/// when they were read: they are read again only once it changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    pub latest: u64,
    pub turns: Vec<(i64, By)>,
}

impl Timeline {
    /// The timeline of `messages` (in any order) of the customer `customer_id`'s conversation
    /// whose newest message is `latest`. Messages without a time are left out.
    pub fn of(messages: &[Message], customer_id: u64, latest: u64) -> Timeline {
        let mut turns: Vec<(i64, By)> = messages
            .iter()
            .filter_map(|m| {
                let by = match Writer::of(m, customer_id) {
                    Writer::System => return None,
                    Writer::Customer => By::Customer,
                    Writer::Shop => By::Shop,
                    Writer::Agent(id) => By::Agent(id),
                };
                Some((m.time?, by))
            })
            .collect();
        // vChat lists a page newest first; ties keep vChat's order, reversed.
        turns.reverse();
        Timeline {
            latest,
            turns: sorted(turns, |(at, _)| time_key(*at)),
        }
    }

    /// The first reply: how long the customer's first run waited for it, in the shop's hours,
    /// and who wrote it.
    pub fn first_response(&self, hours: Hours) -> Option<Reply> {
        replies(&self.turns, hours).0.into_iter().next()
    }
}

/// A timeline as kept, with its customer:
/// `{"id":7,"latest":9,"turns":[[1764000000,-1],[1764000300,630394]]}`.
#[derive(Serialize, Deserialize)]
struct Kept {
    id: u64,
    latest: u64,
    turns: Vec<(i64, i64)>,
}

/// The text kept for customer `id`'s `timeline`.
pub fn encode(id: u64, timeline: &Timeline) -> String {
    serde_json::to_string(&Kept {
        id,
        latest: timeline.latest,
        turns: timeline
            .turns
            .iter()
            .map(|(at, by)| (*at, by.code()))
            .collect(),
    })
    .unwrap_or_default()
}

/// A kept timeline with its customer, or `None` for one that cannot be read (its conversation
/// is read again).
pub fn decode(text: &str) -> Option<(u64, Timeline)> {
    let kept: Kept = serde_json::from_str(text).ok()?;
    let timeline = Timeline {
        latest: kept.latest,
        turns: kept
            .turns
            .into_iter()
            .map(|(at, code)| (at, By::from_code(code)))
            .collect(),
    };
    Some((kept.id, timeline))
}

/// The shop's opening hours, every day, in the admin's time zone: seconds after midnight. Equal
/// ends mean always open; a close before the open means open across midnight (20:00–02:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hours {
    pub open: i64,
    pub close: i64,
    /// The zone's offset from UTC, in seconds east.
    pub offset: i64,
}

const DAY: i64 = 86_400;

impl Hours {
    /// `08:00-22:00` (the default when `text` is none or cannot be read), `00:00-24:00` for
    /// always.
    pub fn parse(text: Option<&str>, offset: i64) -> Hours {
        let time = |t: &str| {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
            ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 24 * 60)
                .then_some(h * 3_600 + m * 60)
        };
        let read = text.and_then(|t| {
            let (open, close) = t.split_once('-')?;
            Some((time(open)?, time(close)?))
        });
        let (open, close) = read.unwrap_or((8 * 3_600, 22 * 3_600));
        Hours {
            open,
            close: if close == DAY { 0 } else { close },
            offset,
        }
        .normalised(open == 0 && close == DAY)
    }

    fn normalised(self, always: bool) -> Hours {
        if always {
            Hours {
                open: 0,
                close: 0,
                ..self
            }
        } else {
            self
        }
    }

    /// `08:00–22:00`, or `None` when always open.
    pub fn text(self) -> Option<String> {
        let clock = |s: i64| format!("{:02}:{:02}", s / 3_600, s % 3_600 / 60);
        (self.open != self.close).then(|| format!("{}–{}", clock(self.open), clock(self.close)))
    }

    /// Seconds open in one day.
    fn daily(self) -> i64 {
        match self.close - self.open {
            0 => DAY,
            d if d > 0 => d,
            d => DAY + d,
        }
    }

    /// Seconds open from the start of a day to `s` seconds into it.
    fn within_day(self, s: i64) -> i64 {
        let (open, close) = (self.open, self.close);
        if open == close {
            s
        } else if open < close {
            s.clamp(open, close) - open
        } else {
            s.min(close) + (s - open).max(0)
        }
    }

    /// Seconds open from local 1970-01-01 00:00 to `at` (Unix seconds).
    fn open_until(self, at: i64) -> i64 {
        let local = at + self.offset;
        local.div_euclid(DAY) * self.daily() + self.within_day(local.rem_euclid(DAY))
    }

    /// Seconds open from `from` to `to` (Unix seconds); 0 when `to` is not after `from`.
    pub fn open_between(self, from: i64, to: i64) -> i64 {
        (self.open_until(to) - self.open_until(from)).max(0)
    }

    /// The local weekday (0 Monday … 6 Sunday) and hour of `at`.
    pub fn weekday_hour(self, at: i64) -> (usize, usize) {
        let local = at + self.offset;
        // 1970-01-01 was a Thursday.
        let weekday = (local.div_euclid(DAY) + 3).rem_euclid(7);
        (weekday as usize, (local.rem_euclid(DAY) / 3_600) as usize)
    }
}

/// A customer's run answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply {
    /// When the run began.
    pub asked: i64,
    /// Seconds of shop hours until the answer.
    pub waited: i64,
    /// Who answered: the shop or an agent.
    pub by: By,
}

/// The replies in `turns` (oldest first), and whether the last run is still unanswered.
pub fn replies(turns: &[(i64, By)], hours: Hours) -> (Vec<Reply>, bool) {
    let mut found = Vec::new();
    let mut asked = None;
    for &(at, by) in turns {
        match (by, asked) {
            (By::Customer, None) => asked = Some(at),
            (By::Customer, Some(_)) => {}
            (by, Some(from)) => {
                found.push(Reply {
                    asked: from,
                    waited: hours.open_between(from, at),
                    by,
                });
                asked = None;
            }
            (_, None) => {}
        }
    }
    (found, asked.is_some())
}

/// The figures of one who answers (the shop, or an agent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answerer {
    pub conversations: usize,
    pub replies: usize,
    pub median: i64,
}

/// How fast the shop answered, over many conversations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Conversations whose messages were read.
    pub conversations: usize,
    /// Every reply's wait, sorted.
    waits: Vec<i64>,
    /// Replies within 5 minutes, an hour, a day.
    pub within: [usize; 3],
    /// Each answerer, the slowest median first.
    pub answerers: Vec<(By, Answerer)>,
    /// Conversations in which the customer wrote and no one answered at all.
    pub never_answered: usize,
    /// Customers' messages by local weekday (Monday first) and hour.
    pub heatmap: [[u32; 24]; 7],
}

/// What [`Figures::within`] counts up to.
pub const WITHIN: [i64; 3] = [5 * 60, 3_600, DAY];

impl Figures {
    pub fn replies(&self) -> usize {
        self.waits.len()
    }

    /// The median wait, seconds.
    pub fn median(&self) -> Option<i64> {
        percentile(&self.waits, 50)
    }

    /// The 90th percentile of the waits, seconds.
    pub fn p90(&self) -> Option<i64> {
        percentile(&self.waits, 90)
    }
}

/// The nearest-rank percentile `p` of `sorted`.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The replies of some conversations before the figures are taken. Tallies of disjoint sets of
/// conversations merge into the tally of them all, so that many conversations can be counted a
/// slice at a time ([`crate::hooks::use_statistics`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    conversations: usize,
    never_answered: usize,
    heatmap: [[u32; 24]; 7],
    /// Every reply's wait, sorted.
    waits: Vec<i64>,
    /// Each answerer (the shop, then agents by id), with the conversations it answered and its
    /// waits, sorted.
    answerers: Vec<(By, usize, Vec<i64>)>,
}

impl Tally {
    /// Counts `timelines` in `hours`.
    pub fn of<'a>(timelines: impl IntoIterator<Item = &'a Timeline>, hours: Hours) -> Tally {
        let mut tally = Tally::default();
        // (answerer, conversation's place, wait): grouped by one sort.
        let mut by_answerer: Vec<(By, usize, i64)> = Vec::new();
        for (n, timeline) in timelines.into_iter().enumerate() {
            tally.conversations += 1;
            let (found, _) = replies(&timeline.turns, hours);
            let customer_wrote = timeline.turns.iter().any(|(_, by)| *by == By::Customer);
            if found.is_empty() && customer_wrote {
                tally.never_answered += 1;
            }
            for &(at, by) in &timeline.turns {
                if by == By::Customer {
                    let (day, hour) = hours.weekday_hour(at);
                    tally.heatmap[day][hour] += 1;
                }
            }
            for reply in found {
                tally.waits.push(reply.waited);
                by_answerer.push((reply.by, n, reply.waited));
            }
        }
        tally.waits = sorted(std::mem::take(&mut tally.waits), |w| wait_key(*w));
        let by_answerer = sorted(by_answerer, |(by, n, _)| (by_key(*by) << 64) | *n as u128);
        for group in by_answerer.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(by, _, _)) = group.first() else {
                continue;
            };
            let waits = sorted(group.iter().map(|(_, _, w)| *w).collect(), |w| wait_key(*w));
            let mut conversations: Vec<usize> = group.iter().map(|(_, n, _)| *n).collect();
            conversations.dedup();
            tally.answerers.push((by, conversations.len(), waits));
        }
        tally
    }

    /// The tally of both sets of conversations.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.conversations += other.conversations;
        self.never_answered += other.never_answered;
        for (row, more) in self.heatmap.iter_mut().zip(other.heatmap) {
            for (n, m) in row.iter_mut().zip(more) {
                *n += m;
            }
        }
        self.waits = merge_waits(self.waits, other.waits);
        let mut answerers = Vec::with_capacity(self.answerers.len() + other.answerers.len());
        let mut theirs = other.answerers.into_iter().peekable();
        for (by, conversations, waits) in self.answerers {
            while let Some(earlier) = theirs.next_if(|(b, _, _)| by_key(*b) < by_key(by)) {
                answerers.push(earlier);
            }
            match theirs.next_if(|(b, _, _)| *b == by) {
                Some((_, more, other)) => {
                    answerers.push((by, conversations + more, merge_waits(waits, other)))
                }
                None => answerers.push((by, conversations, waits)),
            }
        }
        answerers.extend(theirs);
        self.answerers = answerers;
        self
    }

    /// The figures.
    pub fn finish(self) -> Figures {
        let mut figures = Figures {
            conversations: self.conversations,
            never_answered: self.never_answered,
            heatmap: self.heatmap,
            ..Figures::default()
        };
        for (slot, limit) in figures.within.iter_mut().zip(WITHIN) {
            *slot = self.waits.partition_point(|&w| w <= limit);
        }
        figures.waits = self.waits;
        let answerers = self
            .answerers
            .into_iter()
            .map(|(by, conversations, waits)| {
                let answerer = Answerer {
                    conversations,
                    replies: waits.len(),
                    median: percentile(&waits, 50).unwrap_or_default(),
                };
                (by, answerer)
            })
            .collect();
        // The slowest first.
        figures.answerers = sorted(answerers, |(by, a)| {
            (u128::from(u64::MAX - wait_key(a.median) as u64) << 64) | by_key(*by)
        });
        figures
    }
}

/// Two sorted lists of waits as one.
fn merge_waits(a: Vec<i64>, b: Vec<i64>) -> Vec<i64> {
    let mut waits = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for wait in a {
        while let Some(earlier) = b.next_if(|&w| w < wait) {
            waits.push(earlier);
        }
        waits.push(wait);
    }
    waits.extend(b);
    waits
}

/// A wait as a sort key (never negative).
fn wait_key(wait: i64) -> u128 {
    wait.max(0) as u128
}

/// An answerer as a sort key: the shop, then agents by id.
fn by_key(by: By) -> u128 {
    (by.code() + 1).max(0) as u128
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures of `timelines` counted at once.
    fn figures<'a>(timelines: impl IntoIterator<Item = &'a Timeline>, hours: Hours) -> Figures {
        Tally::of(timelines, hours).finish()
    }

    /// Monday 2026-11-30 00:00 in Vietnam (UTC+7).
    const MONDAY: i64 = 1_795_971_600;
    const VN: i64 = 7 * 3_600;
    const H: i64 = 3_600;
    const M: i64 = 60;

    fn shop(hours: &str) -> Hours {
        Hours::parse(Some(hours), VN)
    }

    fn waited(hours: Hours, from: i64, to: i64) -> i64 {
        let turns = [(from, By::Customer), (to, By::Shop)];
        replies(&turns, hours).0.first().map_or(-1, |r| r.waited)
    }

    #[test]
    fn shop_hours_count_only_while_open_across_midnight_and_days() {
        let day = shop("08:00-22:00");
        assert_eq!(day, Hours::parse(None, VN), "the default");
        assert_eq!(
            day,
            Hours::parse(Some("8h-22h"), VN),
            "unreadable: the default"
        );
        // Within the day.
        assert_eq!(waited(day, MONDAY + 9 * H, MONDAY + 9 * H + 5 * M), 5 * M);
        // Before closing, answered after the next opening: 10 + 10 minutes.
        assert_eq!(
            waited(day, MONDAY + 21 * H + 50 * M, MONDAY + 32 * H + 10 * M),
            20 * M
        );
        // Written after closing: counting starts at the next opening.
        assert_eq!(
            waited(day, MONDAY + 23 * H + 30 * M, MONDAY + 32 * H + 30 * M),
            30 * M
        );
        // Written and answered while closed.
        assert_eq!(waited(day, MONDAY + 23 * H, MONDAY + 31 * H), 0);
        // Friday 21:00 to Monday 09:00: 1 + 14 + 14 + 1 hours.
        let friday = MONDAY + 4 * 24 * H;
        assert_eq!(
            waited(day, friday + 21 * H, friday + 3 * 24 * H + 9 * H),
            30 * H
        );
        // Before 1970 and in another zone, the same rule.
        let west = Hours::parse(Some("08:00-22:00"), -5 * H);
        assert_eq!(waited(west, -10 * H, 20 * H), 13 * H + 7 * H);

        // Open across midnight: 20:00-02:00. 01:30 to 20:30 is 30 + 30 minutes.
        let night = shop("20:00-02:00");
        assert_eq!(
            waited(night, MONDAY + 25 * H + 30 * M, MONDAY + 44 * H + 30 * M),
            H
        );
        assert_eq!(waited(night, MONDAY + 21 * H, MONDAY + 27 * H), 5 * H);

        // Always open.
        let always = shop("00:00-24:00");
        assert_eq!((always.open, always.close), (0, 0));
        assert_eq!(waited(always, MONDAY + 23 * H, MONDAY + 31 * H), 8 * H);
        assert_eq!(
            shop(" 7:30 - 21:15 "),
            Hours {
                open: 7 * H + 30 * M,
                close: 21 * H + 15 * M,
                offset: VN
            }
        );
        assert_eq!(shop("25:00-26:00"), day);
    }

    #[test]
    fn a_run_of_customer_messages_waits_until_the_shop_or_an_agent_writes() {
        let always = shop("00:00-24:00");
        let turns = [
            (0, By::Customer),
            (60, By::Customer),
            (300, By::Agent(5)),
            (320, By::Agent(6)),
            (400, By::Customer),
            (1_000, By::Shop),
            (2_000, By::Customer),
        ];
        let (found, waiting) = replies(&turns, always);
        assert_eq!(
            found,
            [
                Reply {
                    asked: 0,
                    waited: 300,
                    by: By::Agent(5)
                },
                Reply {
                    asked: 400,
                    waited: 600,
                    by: By::Shop
                },
            ]
        );
        assert!(waiting, "the last run is not answered");
        // The shop writing first answers nothing.
        assert_eq!(
            replies(&[(0, By::Shop), (9, By::Customer)], always),
            (vec![], true)
        );
    }

    #[test]
    fn the_agent_who_wrote_the_reply_is_credited_and_vchats_own_messages_neither_ask_nor_answer() {
        let message = |id: u64, time: i64, writer_id: u64, agent_id: u64, system_id: u64| Message {
            id,
            time: Some(time),
            writer_id,
            agent_id,
            system_id,
            ..Message::default()
        };
        // Newest first, as vChat lists them; the shop account is 218, the customer 7.
        let messages = [
            message(5, 900, 218, 0, 0),
            message(4, 700, 218, 0, 1),
            message(3, 500, 7, 0, 0),
            message(2, 200, 218, 630_394, 0),
            message(1, 100, 7, 0, 0),
            message(0, 50, 218, 0, 9),
        ];
        let timeline = Timeline::of(&messages, 7, 5);
        assert_eq!(
            timeline.turns,
            [
                (100, By::Customer),
                (200, By::Agent(630_394)),
                (500, By::Customer),
                (900, By::Shop)
            ]
        );
        assert_eq!(
            timeline.first_response(shop("00:00-24:00")),
            Some(Reply {
                asked: 100,
                waited: 100,
                by: By::Agent(630_394)
            })
        );
        assert_eq!(decode(&encode(7, &timeline)), Some((7, timeline)));
        for bad in [
            "",
            "{",
            "{\"id\":7,\"latest\":1}",
            "{\"id\":7,\"latest\":1,\"turns\":[[1]]}",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn figures_over_many_conversations() {
        let day = shop("08:00-22:00");
        let at = |h: i64, m: i64| MONDAY + h * H + m * M;
        let timelines = [
            // Answered by agent 5 in 2 minutes, then by the shop in 3 hours.
            Timeline {
                latest: 1,
                turns: vec![
                    (at(9, 0), By::Customer),
                    (at(9, 2), By::Agent(5)),
                    (at(10, 0), By::Customer),
                    (at(13, 0), By::Shop),
                ],
            },
            // Answered by agent 5 in 30 minutes.
            Timeline {
                latest: 2,
                turns: vec![(at(14, 0), By::Customer), (at(14, 30), By::Agent(5))],
            },
            // Written Tuesday 23:00, answered Wednesday 10:00: 2 hours of shop time.
            Timeline {
                latest: 3,
                turns: vec![(at(47, 0), By::Customer), (at(58, 0), By::Agent(9))],
            },
            // Never answered.
            Timeline {
                latest: 4,
                turns: vec![(at(20, 0), By::Customer), (at(20, 1), By::Customer)],
            },
            // The shop wrote, the customer never did.
            Timeline {
                latest: 5,
                turns: vec![(at(8, 0), By::Shop)],
            },
        ];
        let figures = figures(&timelines, day);
        assert_eq!(figures.conversations, 5);
        assert_eq!(figures.replies(), 4);
        // 2 min, 30 min, 2 h, 3 h.
        assert_eq!(figures.median(), Some(30 * M));
        assert_eq!(figures.p90(), Some(3 * H));
        assert_eq!(figures.within, [1, 2, 4]);
        assert_eq!(figures.never_answered, 1);
        assert_eq!(
            figures.answerers,
            [
                (
                    By::Shop,
                    Answerer {
                        conversations: 1,
                        replies: 1,
                        median: 3 * H
                    }
                ),
                (
                    By::Agent(9),
                    Answerer {
                        conversations: 1,
                        replies: 1,
                        median: 2 * H
                    }
                ),
                (
                    By::Agent(5),
                    Answerer {
                        conversations: 2,
                        replies: 2,
                        median: 2 * M
                    }
                ),
            ]
        );
        // Monday 9, 10, 14 and twice 20; Tuesday 23.
        assert_eq!(figures.heatmap[0][9], 1);
        assert_eq!(figures.heatmap[0][10], 1);
        assert_eq!(figures.heatmap[0][14], 1);
        assert_eq!(figures.heatmap[0][20], 2);
        assert_eq!(figures.heatmap[1][23], 1);
        let total: u32 = figures.heatmap.iter().flatten().sum();
        assert_eq!(total, 6);
        assert_eq!(Tally::of(&[], day).finish(), Figures::default());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod slices {
        use super::*;
        use proptest::prelude::*;

        /// A conversation of a few turns by the customer, the shop and two agents.
        fn timeline() -> impl Strategy<Value = Timeline> {
            proptest::collection::vec((0i64..40, 0u8..4), 0..8).prop_map(|turns| {
                let mut at = MONDAY;
                let turns = turns
                    .into_iter()
                    .map(|(gap, who)| {
                        at += gap * 17 * M;
                        let by = match who {
                            0 | 1 => By::Customer,
                            2 => By::Shop,
                            n => By::Agent(u64::from(n)),
                        };
                        (at, by)
                    })
                    .collect();
                Timeline { latest: 1, turns }
            })
        }

        proptest! {
            #![proptest_config(crate::property::config())]

            #[test]
            fn counted_in_slices_and_merged_is_counted_at_once(
                timelines in proptest::collection::vec(timeline(), 0..30),
                step in 1usize..8,
            ) {
                let hours = shop("08:00-22:00");
                let whole = figures(&timelines, hours);
                let merged = timelines
                    .chunks(step)
                    .map(|slice| Tally::of(slice, hours))
                    .fold(Tally::default(), Tally::merge)
                    .finish();
                prop_assert_eq!(merged, whole);
            }
        }
    }
}
