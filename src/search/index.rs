//! The loaded history, searchable: every page fetched in this session, each conversation with its
//! folded text, its phone numbers and the lead in its message, computed once when its page
//! arrives.

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
use std::{collections::BTreeMap, collections::BTreeSet, sync::Arc};

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

/// A loaded page with its conversations' entries, in the same order.
#[derive(Debug)]
struct Indexed {
    page: Arc<Page>,
    entries: Vec<Entry>,
}

/// One conversation found: where it is in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub page: u32,
    pub row: usize,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Newest message first.
    pub hits: Vec<Hit>,
    /// The conversations searched (each customer once).
    pub searched: usize,
}

/// Every page of the history loaded in this session, by number.
#[derive(Debug, Default)]
pub struct HistoryIndex {
    pages: BTreeMap<u32, Indexed>,
}

impl HistoryIndex {
    /// Keeps page `number`, replacing what was loaded for it before.
    pub fn put(&mut self, number: u32, page: Arc<Page>) {
        if self
            .pages
            .get(&number)
            .is_some_and(|known| Arc::ptr_eq(&known.page, &page) || known.page == page)
        {
            return;
        }
        let entries = page.conversations.iter().map(Entry::of).collect();
        self.pages.insert(number, Indexed { page, entries });
    }

    /// The first page not loaded yet, or `None` once every page up to the last (the first short
    /// one) is.
    pub fn next_missing(&self) -> Option<u32> {
        for number in 1.. {
            match self.pages.get(&number) {
                Some(indexed) if indexed.page.is_last() => return None,
                Some(_) => {}
                None => return Some(number),
            }
        }
        None
    }

    pub fn is_complete(&self) -> bool {
        self.next_missing().is_none()
    }

    /// Pages loaded.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Each customer once, from the lowest page (the newest listing) that holds them.
    fn unique(&self) -> impl Iterator<Item = (Hit, &Conversation, &Entry)> {
        let mut seen = BTreeSet::new();
        self.pages.iter().flat_map(move |(&number, indexed)| {
            let rows = indexed.page.conversations.iter().zip(&indexed.entries);
            rows.enumerate()
                .filter(|(_, (c, _))| seen.insert(c.customer_id))
                .map(move |(row, (c, e))| (Hit { page: number, row }, c, e))
                .collect::<Vec<_>>()
        })
    }

    /// The conversations loaded (each customer once).
    pub fn conversations(&self) -> usize {
        self.unique().count()
    }

    /// The conversations that match `query` and pass `filter`, newest first.
    pub fn search(&self, query: &Query, filter: &Filter) -> Found {
        let mut searched = 0;
        let hits: Vec<(Option<i64>, Hit)> = self
            .unique()
            .inspect(|_| searched += 1)
            .filter(|(_, c, entry)| query.matches(entry) && filter.matches(c, entry))
            .map(|(hit, c, _)| (c.last_message.as_ref().and_then(|m| m.time), hit))
            .collect();
        // Stable: equal times keep the history's order; a conversation without a time goes last.
        let latest_first = |time: &Option<i64>| !time.map_or(0, |t| time_key(t) + 1);
        Found {
            hits: sorted(hits, |(time, _)| latest_first(time))
                .into_iter()
                .map(|(_, hit)| hit)
                .collect(),
            searched,
        }
    }

    /// The conversation and entry at `hit`.
    pub fn get(&self, hit: Hit) -> Option<(&Conversation, &Entry)> {
        let indexed = self.pages.get(&hit.page)?;
        Some((
            indexed.page.conversations.get(hit.row)?,
            indexed.entries.get(hit.row)?,
        ))
    }

    /// Each conversation loaded (each customer once) that `query` and `filter` let through.
    pub fn rows<'a>(
        &'a self,
        query: &'a Query,
        filter: &'a Filter,
    ) -> impl Iterator<Item = (&'a Conversation, &'a Entry)> {
        self.unique()
            .filter(|(_, c, entry)| query.matches(entry) && filter.matches(c, entry))
            .map(|(_, c, entry)| (c, entry))
    }

    /// The conversation with the customer `id`, from the newest listing that holds it.
    pub fn find(&self, id: u64) -> Option<&Conversation> {
        self.unique()
            .find(|(_, c, _)| c.customer_id == id)
            .map(|(_, c, _)| c)
    }
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

    fn page(ids: std::ops::Range<u64>) -> Arc<Page> {
        Arc::new(Page {
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
        })
    }

    #[test]
    fn loading_runs_to_the_first_short_page() {
        let mut index = HistoryIndex::default();
        assert_eq!(index.next_missing(), Some(1));
        index.put(1, page(0..PAGE_SIZE as u64));
        index.put(3, page(60..90));
        assert_eq!(index.next_missing(), Some(2));
        index.put(2, page(30..60));
        assert_eq!(index.next_missing(), Some(4));
        index.put(4, page(90..95));
        assert_eq!((index.next_missing(), index.is_complete()), (None, true));
        assert_eq!((index.pages(), index.conversations()), (4, 95));
        let mut empty_end = HistoryIndex::default();
        empty_end.put(1, Arc::new(Page::default()));
        assert!(empty_end.is_complete());
    }

    #[test]
    fn each_customer_counts_once_from_the_newest_listing() {
        let mut index = HistoryIndex::default();
        index.put(1, page(0..30));
        // The history moved on while loading: customer 5 wrote again and is on page 1 as well.
        let mut second = (*page(30..60)).clone();
        second.conversations[0] = conversation(5, "Khách 5", Some(1), "old");
        index.put(2, Arc::new(second));
        assert_eq!(index.conversations(), 59);
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
            Arc::new(Page {
                conversations: rows,
                skipped: 0,
            }),
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
    fn a_profile_number_in_an_unknown_form_still_counts_as_a_phone() {
        let mut c = conversation(1, "Bob", None, "");
        c.phone = "+1 415 555 0100".into();
        assert!(Entry::of(&c).has_phone());
        c.phone = "n/a".into();
        assert!(!Entry::of(&c).has_phone());
    }
}
