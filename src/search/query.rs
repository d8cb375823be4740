//! What the admin types in the search field, and what it matches: every word, without case or
//! diacritics, and phone numbers whatever way they are written.

use super::{
    fold::{fold, fold_with_origins},
    index::Entry,
    phone,
};
use crate::api::wire::sorted;
use std::ops::Range;

/// A parsed search: folded words, and the phone numbers among them in today's form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
    phones: Vec<String>,
}

impl Query {
    /// Words are split at spaces, except where digits with spaces, dots or dashes form one phone
    /// number (`0913 911 427`, `+84 913 911 427`): that is one term.
    pub fn parse(text: &str) -> Query {
        let folded = fold(text);
        let mut query = Query::default();
        let mut rest = folded.trim_start();
        while !rest.is_empty() {
            let taken = match phone::leading(rest) {
                Some((written, number)) => {
                    query.phones.push(number);
                    written.len()
                }
                None => {
                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    query.words.push(rest[..end].to_owned());
                    end
                }
            };
            rest = rest[taken..].trim_start();
        }
        query
    }

    /// Whatever this query matches, `earlier` matched: each of its words is within a word of
    /// this one, and its phone numbers are among this one's (typing on narrows the results).
    pub fn narrows(&self, earlier: &Query) -> bool {
        earlier
            .words
            .iter()
            .all(|old| self.words.iter().any(|word| word.contains(old.as_str())))
            && earlier.phones.iter().all(|p| self.phones.contains(p))
    }

    /// Every word is in one of the conversation's fields, and every phone number is one of its
    /// numbers.
    pub fn matches(&self, entry: &Entry) -> bool {
        self.words
            .iter()
            .all(|word| entry.text.contains(word.as_str()))
            && self.phones.iter().all(|p| entry.phones.contains(p))
    }

    /// The parts of `text` that a word of the query matches, in order, merged where they touch.
    pub fn marks(&self, text: &str) -> Vec<Range<usize>> {
        if self.words.is_empty() {
            return Vec::new();
        }
        let (folded, origins) = fold_with_origins(text);
        let found: Vec<Range<usize>> = self
            .words
            .iter()
            .flat_map(|word| {
                folded
                    .match_indices(word.as_str())
                    .map(|(at, _)| at..at + word.len())
            })
            .filter_map(|r| Some(*origins.get(r.start)?..*origins.get(r.end)?))
            .collect();
        let found = sorted(found, |r| r.start as u128);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for range in found {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        merged
    }

    /// `written` is one of the query's phone numbers, in whatever form.
    pub fn names_phone(&self, written: &str) -> bool {
        !self.phones.is_empty()
            && phone::normalize(written).is_some_and(|number| self.phones.contains(&number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Conversation, Message};

    fn entry(name: &str, phone: &str, message: &str) -> Entry {
        Entry::of(&Conversation {
            name: name.into(),
            phone: phone.into(),
            customer_id: 156_509_782,
            email: "lan.nguyen@gmail.com".into(),
            address: "102 Thái Thịnh, Đống Đa, Hà Nội".into(),
            last_message: Some(Message {
                text: message.into(),
                ..Message::default()
            }),
            ..Conversation::default()
        })
    }

    #[test]
    fn every_word_must_match_without_case_or_diacritics() {
        let nguyen = entry("Nguyễn Đức Hải", "", "Sữa Meiji số 9 còn không?");
        for query in [
            "nguyen duc",
            "NGUYỄN",
            "hai nguyen",
            "meiji",
            "sua meiji",
            "dong da",
            "gmail",
            "156509",
        ] {
            assert!(Query::parse(query).matches(&nguyen), "{query}");
        }
        for query in ["nguyen tuan", "tran", "meiji 800g"] {
            assert!(!Query::parse(query).matches(&nguyen), "{query}");
        }
        assert_eq!(Query::parse("  "), Query::default());
        assert!(Query::default().matches(&nguyen));
    }

    #[test]
    fn a_phone_matches_in_every_written_form() {
        let profile = entry("Lê Văn Hùng", "0913 911 427", "ok shop");
        let lead = entry(
            "Khách - 156509782",
            "",
            "Khách: hà văn truyền  01668152371  chào anh chị",
        );
        for query in [
            "0913911427",
            "0913 911 427",
            "0913.911.427",
            "+84 913 911 427",
            "84913911427",
            "hung 0913-911-427",
            "911427",
        ] {
            assert!(Query::parse(query).matches(&profile), "{query}");
            assert!(!Query::parse(query).matches(&lead), "{query}");
        }
        for query in [
            "01668152371",
            "0368152371",
            "036 815 2371",
            "+84 166 815 2371",
            "truyen 0368.152.371",
            "8152371",
        ] {
            assert!(Query::parse(query).matches(&lead), "{query}");
            assert!(!Query::parse(query).matches(&profile), "{query}");
        }
    }

    #[test]
    fn marks_cover_the_original_letters() {
        let query = Query::parse("nguyen duc");
        let text = "Bà Nguyễn Đức, Nguyễn";
        let marked: Vec<&str> = query.marks(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(marked, ["Nguyễn", "Đức", "Nguyễn"]);
        assert!(Query::parse("0913 911 427").marks(text).is_empty());
        let overlapping = Query::parse("nguy guyen");
        assert_eq!(overlapping.marks("Nguyễn").len(), 1);
    }

    #[test]
    fn phones_in_the_query_name_the_numbers_shown() {
        let query = Query::parse("+84 166 815 2371");
        assert!(query.names_phone("0368.152.371") && query.names_phone("01668152371"));
        assert!(!query.names_phone("0913911427") && !Query::parse("lan").names_phone("0368152371"));
    }
}
