//! The history known here, searchable: every conversation fetched in this session or kept from an
//! earlier visit, each customer once, with its folded text, its phone numbers and the lead in its
//! message, computed once when it arrives.

use super::{
    filter::Filter,
    fold::fold,
    lead::{self, Lead},
    phone,
    query::Query,
};
use crate::api::{
    wire::{sorted, time_key},
    Conversation, Page,
};
use std::{
    collections::{BTreeSet, HashMap},
    ops::Range,
    sync::OnceLock,
};

/// A conversation as search sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The folded text of the searched fields, one per line.
    pub(super) text: String,
    /// The conversation's phone numbers in today's form: the profile's and the lead's.
    pub(super) phones: Vec<String>,
    pub lead: Option<Lead>,
}

impl Entry {
    pub fn of(c: &Conversation) -> Entry {
        let message = c.last_message.as_ref().map_or("", |m| m.text.as_str());
        let lead = lead::parse(message);
        let mut phones: Vec<String> = phone::normalize(&c.phone).into_iter().collect();
        if phones.is_empty() {
            // A number vChat's profile holds in a form not known here still counts as a phone.
            let digits: String = c.phone.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 6 {
                phones.push(digits);
            }
        }
        if let Some(lead) = &lead {
            if !phones.contains(&lead.phone) {
                phones.push(lead.phone.clone());
            }
        }
        let id = c.customer_id.to_string();
        let fields = [
            c.name.as_str(),
            lead.as_ref().map_or("", |l| l.name.as_str()),
            &c.phone,
            &c.email,
            &c.address,
            &id,
            message,
        ];
        let mut text = fold(&fields.join("\n"));
        for number in &phones {
            text.push('\n');
            text.push_str(number);
        }
        Entry { text, phones, lead }
    }

    /// The customer left a phone number, in their profile or in their message.
    pub fn has_phone(&self) -> bool {
        !self.phones.is_empty()
    }
}

/// One customer's conversation, as last listed, with its entry and where it was last seen.
#[derive(Debug)]
struct Row {
    conversation: Conversation,
    entry: Entry,
    seen: Seen,
    /// What ties it to the same person's other conversations ([`contacts`]).
    contacts: Vec<String>,
}

/// A person's phone numbers in today's form (the 2018 renumbering included) and e-mail: vChat
/// gives each guest a new id, so one person writing again is another conversation, found by
/// these.
fn contacts(c: &Conversation, entry: &Entry) -> Vec<String> {
    let mut keys = entry.phones.clone();
    // ASCII case only: Rust's Unicode lower-casing would bring its tables (see `fold.rs`).
    let email = c.email.trim().to_ascii_lowercase();
    if email.contains('@') {
        keys.push(email);
    }
    keys
}

/// Where and when a conversation was last listed: the page, and the time in ms since 1970.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    pub page: u32,
    pub at: u64,
}

/// One conversation found: where it is in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    row: usize,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Newest message first.
    pub hits: Vec<Hit>,
    /// The conversations searched (each customer once).
    pub searched: usize,
}

/// What merging a page changed: conversations not known before, and known ones whose latest
/// message is another. A page that changed nothing ends the check of what is new at a visit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    pub new: usize,
    pub changed: usize,
}

impl Merged {
    pub fn any(self) -> bool {
        self.new + self.changed > 0
    }
}

/// Every conversation of the history known here, each customer once (the latest listing wins),
/// and which pages of vChat's list hold them.
#[derive(Debug, Default)]
pub struct HistoryIndex {
    rows: Vec<Row>,
    /// Each customer's row.
    at: HashMap<u64, usize>,
    /// Pages 1 to `through` were all loaded, at an earlier visit or in this one.
    through: u32,
    /// Pages loaded in this session past `through`.
    pages: BTreeSet<u32>,
    /// The last page (the first short one), once seen.
    last: Option<u32>,
    /// Counts the changes: a search of one version can be narrowed while it is the same.
    version: u64,
    /// The rows of each phone number and e-mail.
    by_contact: HashMap<String, Vec<usize>>,
    /// The rows newest first, sorted at the first search of each change of the index rather
    /// than at every search (sorting 30,000 found took a few ms of a keystroke).
    newest_first: OnceLock<Vec<usize>>,
}

impl HistoryIndex {
    /// Merges page `number` of vChat's list, listed at `seen_at`: a conversation replaces the
    /// one known for its customer unless that one's latest message is newer (a page asked
    /// during a load can list a customer who has since written again, higher up).
    pub fn put(&mut self, number: u32, page: &Page, seen_at: u64) -> Merged {
        self.version += 1;
        self.newest_first = OnceLock::new();
        let mut merged = Merged::default();
        let seen = Seen {
            page: number,
            at: seen_at,
        };
        for c in &page.conversations {
            match self.merge(c.clone(), seen) {
                Change::New => merged.new += 1,
                Change::Changed => merged.changed += 1,
                Change::Same | Change::Older => {}
            }
        }
        if number == self.through + 1 {
            self.through = number;
            while self.pages.remove(&(self.through + 1)) {
                self.through += 1;
            }
        } else if number > self.through {
            self.pages.insert(number);
        }
        if page.is_last() {
            self.last = Some(number);
        }
        merged
    }

    /// Adds what an earlier visit stored: its conversations, and how far its loading went.
    pub fn restore(
        &mut self,
        stored: impl IntoIterator<Item = (Conversation, Seen)>,
        through: u32,
        complete: bool,
    ) {
        self.version += 1;
        self.newest_first = OnceLock::new();
        for (c, seen) in stored {
            self.merge(c, seen);
        }
        if through > self.through {
            self.through = through;
            self.pages.retain(|&n| n > through);
        }
        if complete {
            self.last = self.last.or(Some(through));
        }
    }

    fn merge(&mut self, conversation: Conversation, seen: Seen) -> Change {
        let Some(&row) = self.at.get(&conversation.customer_id) else {
            let row = self.rows.len();
            let entry = Entry::of(&conversation);
            let keys = contacts(&conversation, &entry);
            self.link(row, &keys);
            self.at.insert(conversation.customer_id, row);
            self.rows.push(Row {
                entry,
                conversation,
                seen,
                contacts: keys,
            });
            return Change::New;
        };
        let Some(known) = self.rows.get_mut(row) else {
            return Change::Older;
        };
        let time = |c: &Conversation| c.last_message.as_ref().and_then(|m| m.time);
        if time(&known.conversation) > time(&conversation) {
            return Change::Older;
        }
        let change = if known.conversation.last_message == conversation.last_message {
            Change::Same
        } else {
            Change::Changed
        };
        known.seen = seen;
        if known.conversation != conversation {
            known.entry = Entry::of(&conversation);
            let keys = contacts(&conversation, &known.entry);
            known.conversation = conversation;
            let old = std::mem::replace(&mut known.contacts, keys.clone());
            if old != keys {
                for key in &old {
                    if let Some(rows) = self.by_contact.get_mut(key) {
                        rows.retain(|&r| r != row);
                    }
                }
                self.link(row, &keys);
            }
        }
        change
    }

    fn link(&mut self, row: usize, keys: &[String]) {
        for key in keys {
            let rows = self.by_contact.entry(key.clone()).or_default();
            if !rows.contains(&row) {
                rows.push(row);
            }
        }
    }

    /// The same person's other conversations: those sharing a phone number or an e-mail with
    /// the customer `id`'s, newest first, each with what it shares.
    pub fn same_person(&self, id: u64) -> Vec<(&Conversation, &str)> {
        let Some(row) = self.at.get(&id).and_then(|&r| self.rows.get(r)) else {
            return Vec::new();
        };
        let mut others: Vec<(&Conversation, &str)> = Vec::new();
        for key in &row.contacts {
            for other in self.by_contact.get(key).into_iter().flatten() {
                let Some(other) = self.rows.get(*other) else {
                    continue;
                };
                let c = &other.conversation;
                if c.customer_id != id
                    && !others.iter().any(|(o, _)| o.customer_id == c.customer_id)
                {
                    others.push((c, key));
                }
            }
        }
        let time = |c: &Conversation| c.last_message.as_ref().and_then(|m| m.time);
        sorted(others, |(c, _)| !time(c).map_or(0, |t| time_key(t) + 1))
    }

    /// Forgets which pages were loaded, so that loading the whole history asks for every page
    /// again; the conversations stay until replaced.
    pub fn forget_progress(&mut self) {
        self.version += 1;
        self.through = 0;
        self.pages.clear();
        self.last = None;
    }

    /// The first page not loaded yet, or `None` once every page up to the last (the first short
    /// one) is.
    pub fn next_missing(&self) -> Option<u32> {
        if self.last.is_some_and(|last| last <= self.through) {
            return None;
        }
        let mut next = self.through + 1;
        while self.pages.contains(&next) {
            if self.last == Some(next) {
                return None;
            }
            next += 1;
        }
        Some(next)
    }

    pub fn is_complete(&self) -> bool {
        self.next_missing().is_none()
    }

    /// Pages 1 to this one are all loaded.
    pub fn through(&self) -> u32 {
        self.through
    }

    /// Pages loaded.
    pub fn pages(&self) -> usize {
        self.through as usize + self.pages.len()
    }

    /// The conversations known (each customer once).
    pub fn conversations(&self) -> usize {
        self.rows.len()
    }

    /// The customer `id`'s conversation and where it was last seen.
    pub fn stored(&self, id: u64) -> Option<(&Conversation, Seen)> {
        let row = self.rows.get(*self.at.get(&id)?)?;
        Some((&row.conversation, row.seen))
    }

    /// Which change of the index this is.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The conversations newest first (equal times in the index's order, those without a time
    /// last): all of them, or what `within` found in this same version of the index (a
    /// keystroke that narrows a search reads only its results). Whoever reads them stops where
    /// it has enough: the first screenful of a search over 30,000 reads a few dozen rows.
    pub fn newest_first<'a>(
        &'a self,
        within: Option<&'a Found>,
    ) -> impl Iterator<Item = (Hit, &'a Conversation, &'a Entry)> + 'a {
        let (found, all) = match within {
            Some(found) => (Some(found.hits.iter().map(|hit| hit.row)), None),
            None => (None, Some(self.order().iter().copied())),
        };
        found
            .into_iter()
            .flatten()
            .chain(all.into_iter().flatten())
            .filter_map(|row| {
                let r = self.rows.get(row)?;
                Some((Hit { row }, &r.conversation, &r.entry))
            })
    }

    fn order(&self) -> &[usize] {
        self.newest_first.get_or_init(|| {
            let latest_first = |row: &usize| {
                let time = self
                    .rows
                    .get(*row)
                    .and_then(|r| r.conversation.last_message.as_ref()?.time);
                !time.map_or(0, |t| time_key(t) + 1)
            };
            sorted((0..self.rows.len()).collect(), latest_first)
        })
    }

    /// The conversations that match `query` and pass `filter`, newest first.
    pub fn search(&self, query: &Query, filter: &Filter) -> Found {
        Found {
            hits: self
                .newest_first(None)
                .filter(|(_, c, e)| query.matches(e) && filter.matches(c, e))
                .map(|(hit, ..)| hit)
                .collect(),
            searched: self.rows.len(),
        }
    }

    /// The conversation and entry at `hit`.
    pub fn get(&self, hit: Hit) -> Option<(&Conversation, &Entry)> {
        let row = self.rows.get(hit.row)?;
        Some((&row.conversation, &row.entry))
    }

    /// Each conversation known (each customer once) that `query` and `filter` let through.
    pub fn rows<'a>(
        &'a self,
        query: &'a Query,
        filter: &'a Filter,
    ) -> impl Iterator<Item = (&'a Conversation, &'a Entry)> {
        self.rows_in(0..self.rows.len(), query, filter)
    }

    /// [`HistoryIndex::rows`] among the rows `range` of the index (rows are only ever added at
    /// its end): a large history is read a slice at a time.
    pub fn rows_in<'a>(
        &'a self,
        range: Range<usize>,
        query: &'a Query,
        filter: &'a Filter,
    ) -> impl Iterator<Item = (&'a Conversation, &'a Entry)> {
        self.rows
            .get(range)
            .unwrap_or_default()
            .iter()
            .filter(|r| query.matches(&r.entry) && filter.matches(&r.conversation, &r.entry))
            .map(|r| (&r.conversation, &r.entry))
    }

    /// The customers whose latest message came after `since` (Unix seconds).
    pub fn newer_than(&self, since: i64) -> impl Iterator<Item = u64> + '_ {
        self.rows
            .iter()
            .filter(move |r| {
                let time = r.conversation.last_message.as_ref().and_then(|m| m.time);
                time.is_some_and(|time| time > since)
            })
            .map(|r| r.conversation.customer_id)
    }

    /// The conversation at place `row` of the index: each keeps its place, and new ones come
    /// after the others.
    pub fn at(&self, row: usize) -> Option<&Conversation> {
        self.rows.get(row).map(|r| &r.conversation)
    }

    /// The conversation with the customer `id`.
    pub fn find(&self, id: u64) -> Option<&Conversation> {
        self.stored(id).map(|(c, _)| c)
    }
}

/// What merging one conversation did.
enum Change {
    New,
    Changed,
    Same,
    /// A newer one was known, and stays.
    Older,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Message, PAGE_SIZE};

    fn conversation(id: u64, name: &str, time: Option<i64>, message: &str) -> Conversation {
        Conversation {
            customer_id: id,
            name: name.into(),
            last_message: Some(Message {
                text: message.into(),
                time,
                ..Message::default()
            }),
            ..Conversation::default()
        }
    }

    fn page(ids: std::ops::Range<u64>) -> Page {
        Page {
            conversations: ids
                .map(|id| {
                    conversation(
                        id,
                        &format!("Khách {id}"),
                        Some(1_000_000 - id as i64),
                        "ok",
                    )
                })
                .collect(),
            skipped: 0,
        }
    }

    #[test]
    fn one_person_s_conversations_are_found_by_any_form_of_their_number_or_their_e_mail() {
        let mut member = conversation(1, "Đinh Thị Mơ", Some(100), "Shop ơi");
        member.phone = "0399 123 456".into();
        member.email = " Mo.Dinh@gmail.com".into();
        let old_form = conversation(
            2,
            "Khách - 2",
            Some(300),
            "Khách: Mơ  01699123456  còn váy?",
        );
        let plus = conversation(
            3,
            "Khách - 3",
            Some(200),
            "Khách: đinh mơ  +84 399.123.456  ok",
        );
        let mut by_mail = conversation(4, "Mơ", Some(50), "hi");
        by_mail.email = "mo.dinh@GMAIL.com".into();
        let other = conversation(5, "Khách - 5", Some(400), "Khách: An  0913911427  hi");
        let mut index = HistoryIndex::default();
        index.put(
            1,
            &Page {
                conversations: vec![other, old_form, plus.clone(), member, by_mail],
                skipped: 0,
            },
            0,
        );
        let ids = |index: &HistoryIndex, id| -> Vec<(u64, String)> {
            index
                .same_person(id)
                .into_iter()
                .map(|(c, key)| (c.customer_id, key.to_owned()))
                .collect()
        };
        assert_eq!(
            ids(&index, 1),
            [
                (2, "0399123456".to_owned()),
                (3, "0399123456".to_owned()),
                (4, "mo.dinh@gmail.com".to_owned())
            ]
        );
        assert_eq!(
            ids(&index, 2),
            [(3, "0399123456".to_owned()), (1, "0399123456".to_owned())]
        );
        assert!(ids(&index, 5).is_empty() && ids(&index, 9).is_empty());
        // The guest writes again without the number: no longer tied by it.
        let mut again = plus;
        again.last_message = Some(Message {
            text: "cảm ơn".into(),
            time: Some(500),
            ..Message::default()
        });
        index.put(
            1,
            &Page {
                conversations: vec![again],
                skipped: 0,
            },
            0,
        );
        assert_eq!(ids(&index, 2), [(1, "0399123456".to_owned())]);
    }

    #[test]
    fn loading_runs_to_the_first_short_page() {
        let mut index = HistoryIndex::default();
        assert_eq!(index.next_missing(), Some(1));
        index.put(1, &page(0..PAGE_SIZE as u64), 0);
        index.put(3, &page(60..90), 0);
        assert_eq!(index.next_missing(), Some(2));
        index.put(2, &page(30..60), 0);
        assert_eq!((index.next_missing(), index.through()), (Some(4), 3));
        index.put(4, &page(90..95), 0);
        assert_eq!((index.next_missing(), index.is_complete()), (None, true));
        assert_eq!((index.pages(), index.conversations()), (4, 95));
        let mut empty_end = HistoryIndex::default();
        empty_end.put(1, &Page::default(), 0);
        assert!(empty_end.is_complete());

        // An earlier visit loaded pages 1 to 3: the loading goes on from 4.
        let mut resumed = HistoryIndex::default();
        resumed.put(1, &page(0..30), 0);
        resumed.restore([], 3, false);
        assert_eq!((resumed.next_missing(), resumed.pages()), (Some(4), 3));
        resumed.restore([], 3, true);
        assert!(resumed.is_complete());
    }

    #[test]
    fn each_customer_counts_once_from_the_newest_listing() {
        let mut index = HistoryIndex::default();
        assert_eq!(index.put(1, &page(0..30), 0).new, 30);
        // The history moved on while loading: customer 5 wrote again and is on page 1 as well.
        let mut second = page(30..60);
        second.conversations[0] = conversation(5, "Khách 5", Some(1), "old");
        let merged = index.put(2, &second, 0);
        assert_eq!(
            (merged, index.conversations()),
            (
                Merged {
                    new: 29,
                    changed: 0
                },
                59
            )
        );
        let found = index.search(&Query::default(), &Filter::default());
        assert_eq!((found.hits.len(), found.searched), (59, 59));
        assert_eq!(
            index
                .find(5)
                .map(|c| c.last_message.clone().unwrap_or_default().text),
            Some("ok".into())
        );
    }

    #[test]
    fn results_are_newest_first_and_leads_filter_on_phones() {
        let mut index = HistoryIndex::default();
        let rows = vec![
            conversation(1, "Nguyễn Văn An", Some(100), "hello"),
            conversation(
                2,
                "Khách - 2",
                Some(300),
                "Khách: Trần An  0913 911 427  giá?",
            ),
            conversation(3, "Lê An", None, "an"),
            conversation(4, "Phạm Bình", Some(200), "an ninh"),
        ];
        index.put(
            1,
            &Page {
                conversations: rows,
                skipped: 0,
            },
            0,
        );
        let ids = |found: Found| -> Vec<u64> {
            found
                .hits
                .iter()
                .filter_map(|&h| index.get(h))
                .map(|(c, _)| c.customer_id)
                .collect()
        };
        let all = Filter::default();
        let leads = Filter {
            leads: true,
            ..Filter::default()
        };
        assert_eq!(ids(index.search(&Query::parse("an"), &all)), [2, 4, 1, 3]);
        assert_eq!(ids(index.search(&Query::parse("an"), &leads)), [2]);
        assert_eq!(ids(index.search(&Query::parse("tran an"), &all)), [2]);
        assert_eq!(ids(index.search(&Query::parse("+84913911427"), &all)), [2]);
        assert_eq!(index.search(&Query::parse("zzz"), &all).searched, 4);
    }

    #[test]
    fn a_customer_who_wrote_again_is_one_changed_conversation_and_a_page_seen_before_changes_nothing(
    ) {
        let mut index = HistoryIndex::default();
        index.put(1, &page(0..30), 1);
        assert_eq!(index.put(1, &page(0..30), 2), Merged::default());
        assert_eq!(index.stored(7).map(|(_, seen)| seen.at), Some(2));
        // Customer 40 wrote: first on page 1, the rest one place down.
        let mut top = page(0..29);
        top.conversations
            .insert(0, conversation(40, "Khách 40", Some(2_000_000), "lại"));
        let merged = index.put(1, &top, 3);
        assert_eq!((merged.new, merged.changed), (1, 0));
        let mut moved = page(0..29);
        moved.conversations[3] = conversation(3, "Khách 3", Some(2_000_001), "mới");
        assert_eq!(index.put(1, &moved, 4).changed, 1);
        assert_eq!(index.conversations(), 31);
        assert_eq!(
            index
                .stored(3)
                .map(|(c, seen)| (c.last_message.clone().unwrap_or_default().text, seen)),
            Some(("mới".into(), Seen { page: 1, at: 4 }))
        );
    }

    #[test]
    fn newest_first_follows_every_change_and_stops_where_its_reader_does() {
        let mut index = HistoryIndex::default();
        index.put(1, &page(0..30), 0);
        let first = |index: &HistoryIndex, n: usize| -> Vec<u64> {
            index
                .newest_first(None)
                .take(n)
                .map(|(_, c, _)| c.customer_id)
                .collect()
        };
        assert_eq!(first(&index, 3), [0, 1, 2]);
        // Customer 7 writes again: the next page of the list shows it first.
        let again = Page {
            conversations: vec![conversation(7, "Khách 7", Some(2_000_000), "lại")],
            skipped: 0,
        };
        index.put(1, &again, 1);
        assert_eq!(first(&index, 3), [7, 0, 1]);
        // From a page kept at an earlier visit, too.
        index.restore(
            [(
                conversation(99, "Khách 99", Some(3_000_000), "mới"),
                Seen::default(),
            )],
            1,
            false,
        );
        assert_eq!(first(&index, 3), [99, 7, 0]);
        // Within an earlier search's results, in their order.
        let found = index.search(&Query::parse("khach 9"), &Filter::default());
        let within: Vec<u64> = index
            .newest_first(Some(&found))
            .map(|(_, c, _)| c.customer_id)
            .collect();
        assert_eq!(within, [99, 9, 19, 29]);
    }

    #[test]
    fn a_narrowing_keystroke_finds_what_a_whole_search_finds() {
        let mut index = HistoryIndex::default();
        let mut rows = page(0..30).conversations;
        rows[3] = conversation(
            3,
            "Nguyễn Văn An",
            Some(50),
            "Khách: An  0913 911 427  giá?",
        );
        rows[7] = conversation(7, "Nguyễn Thị Anh", Some(60), "an ninh");
        index.put(
            1,
            &Page {
                conversations: rows,
                skipped: 0,
            },
            0,
        );
        let all = Filter::default();
        let typed = [
            "n",
            "ng",
            "nguyen",
            "nguyen a",
            "nguyen an",
            "an",
            "anh",
            "0913",
            "0913 911 427",
            "khach 0913911427",
        ];
        for (before, after) in typed.iter().zip(typed.iter().skip(1)) {
            let (earlier, query) = (Query::parse(before), Query::parse(after));
            if query.narrows(&earlier) {
                let found = index.search(&earlier, &all);
                let narrowed: Vec<Hit> = index
                    .newest_first(Some(&found))
                    .filter(|(_, c, e)| query.matches(e) && all.matches(c, e))
                    .map(|(hit, ..)| hit)
                    .collect();
                assert_eq!(
                    narrowed,
                    index.search(&query, &all).hits,
                    "{before:?} → {after:?}"
                );
            }
        }
        assert!(Query::parse("nguyen an").narrows(&Query::parse("nguyen a")));
        assert!(!Query::parse("nguyen").narrows(&Query::parse("nguyen a")));
        assert!(!Query::parse("0913 911 427").narrows(&Query::parse("0913")));
    }

    #[test]
    fn a_profile_number_in_an_unknown_form_still_counts_as_a_phone() {
        let mut c = conversation(1, "Bob", None, "");
        c.phone = "+1 415 555 0100".into();
        assert!(Entry::of(&c).has_phone());
        c.phone = "n/a".into();
        assert!(!Entry::of(&c).has_phone());
    }
}
