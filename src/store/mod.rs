//! The history kept between visits: what is kept (each conversation with where and when it was
//! last listed, and how far the loading went), the [`Store`] the hooks keep it through, and
//! [`sync`], the pure decisions of what to ask vChat at a visit. [`idb`] keeps it in the
//! browser's IndexedDB, and has the tabs of one admin share the asking: one tab at a time asks
//! vChat (a Web Lock), and tells the others each page it got (a `BroadcastChannel`). The hooks'
//! host tests use a fake of it all.
//!
//! Only for an admin who chose to be remembered; never the hash (a record is a conversation as
//! vChat lists it, whose `hash` opens that one conversation's messages, not the admin's).

pub mod idb;
pub mod sync;

use crate::{
    api::{wire::Item, Conversation, Page},
    search::{index::Seen, response::Timeline},
};
use serde::{Deserialize, Serialize};
use std::future::Future;

/// What an earlier visit kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    pub records: Vec<(Conversation, Seen)>,
    pub state: State,
}

/// How far the loading of the whole history went, and when the history was last brought up to
/// date with vChat.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Whose history it is.
    pub admin: u64,
    /// Pages 1 to `through` were all loaded.
    pub through: u32,
    /// The last page was reached: every conversation is here.
    pub complete: bool,
    /// When the newest conversations were last checked with vChat, ms since 1970 (0: never).
    /// Whole numbers here and in records: writing a float would add the float formatting's
    /// code to the app.
    pub synced: u64,
}

/// Where the history is kept between visits, and how the tabs that keep it share the asking.
pub trait Store: Clone + 'static {
    /// Held while this tab asks vChat for pages; dropping it lets another tab ask.
    type Turn;

    /// Waits until no other tab of this browser asks vChat for this history.
    fn turn(&self) -> impl Future<Output = Self::Turn>;

    /// Tells the other tabs that page `number` came from vChat.
    fn announce(&self, number: u32, page: &Page);

    /// Hearing the other tabs, until dropped.
    type Listening;

    /// Hears the pages other tabs announce, for as long as the returned value lives.
    fn listen(&self, heard: impl Fn(u32, Page) + 'static) -> Self::Listening;

    /// What an earlier visit of this admin kept, or nothing (another admin's history is erased).
    fn load(&self) -> impl Future<Output = Result<Option<Kept>, StoreError>>;

    /// Keeps `records` (replacing what was kept for their customers) and `state`, all or none.
    fn save(
        &self,
        records: Vec<(Conversation, Seen)>,
        state: State,
    ) -> impl Future<Output = Result<(), StoreError>>;

    /// Who wrote when in each conversation read for the response times, by customer id.
    fn load_timelines(&self) -> impl Future<Output = Result<Vec<(u64, Timeline)>, StoreError>>;

    /// Keeps `timelines`, replacing what was kept for their customers.
    fn save_timelines(
        &self,
        timelines: Vec<(u64, Timeline)>,
    ) -> impl Future<Output = Result<(), StoreError>>;
}

/// The browser would not keep the history: storage refused (private browsing, quota, policy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError;

/// One conversation as kept: vChat's fields, and where and when it was last listed.
#[derive(Serialize)]
struct RecordOut<'a> {
    page: u32,
    seen: u64,
    conversation: &'a Conversation,
}

#[derive(Deserialize)]
struct RecordIn {
    page: u32,
    seen: u64,
    conversation: Conversation,
}

/// A record as the text kept for it.
pub fn encode(conversation: &Conversation, seen: Seen) -> String {
    serde_json::to_string(&RecordOut {
        page: seen.page,
        seen: seen.at,
        conversation,
    })
    .unwrap_or_default()
}

/// A kept record, or `None` for one that cannot be read (it is then asked for again).
pub fn decode(text: &str) -> Option<(Conversation, Seen)> {
    let record: RecordIn = serde_json::from_str(text).ok()?;
    Some((
        record.conversation,
        Seen {
            page: record.page,
            at: record.seen,
        },
    ))
}

/// A page another tab got, as it is told: whose history, which page, its conversations.
#[derive(Serialize)]
struct NoteOut<'a> {
    admin: u64,
    number: u32,
    conversations: &'a [Conversation],
}

#[derive(Deserialize)]
struct NoteIn {
    admin: u64,
    number: u32,
    conversations: Vec<Item<Conversation>>,
}

/// Page `number` of the admin `admin`'s history, as told to the other tabs.
pub fn encode_note(admin: u64, number: u32, page: &Page) -> String {
    serde_json::to_string(&NoteOut {
        admin,
        number,
        conversations: &page.conversations,
    })
    .unwrap_or_default()
}

/// A page another tab told of, if it is of the admin `admin`'s history.
pub fn decode_note(text: &str, admin: u64) -> Option<(u32, Page)> {
    let note: NoteIn = serde_json::from_str(text).ok()?;
    (note.admin == admin).then_some(())?;
    let conversations: Vec<Conversation> = note
        .conversations
        .into_iter()
        .filter_map(Item::entry)
        .collect();
    Some((
        note.number,
        Page {
            conversations,
            skipped: 0,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Message;

    #[test]
    fn a_record_reads_back_as_it_was_kept_and_a_damaged_one_is_dropped() {
        let conversation = Conversation {
            customer_id: 150_000_007,
            name: "Khách - 150000007".into(),
            phone: "0913 911 427".into(),
            last_message: Some(Message {
                id: 9,
                text: "Cho mình hỏi giá \"áo\" <b>".into(),
                time: Some(1_436_149_648),
                ..Message::default()
            }),
            ..Conversation::default()
        };
        let seen = Seen {
            page: 3,
            at: 1_764_000_000_000,
        };
        let text = encode(&conversation, seen);
        assert_eq!(decode(&text), Some((conversation.clone(), seen)));
        for bad in ["", "{", "null", "{\"page\":1}", &text[..text.len() - 1]] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }

        let page = Page {
            conversations: vec![conversation],
            skipped: 0,
        };
        let note = encode_note(218, 4, &page);
        assert_eq!(decode_note(&note, 218), Some((4, page)));
        assert_eq!(decode_note(&note, 219), None, "another admin's");
        assert_eq!(decode_note("{}", 218), None);
    }
}
