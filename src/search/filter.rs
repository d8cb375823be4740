//! Narrowing the loaded history by what vChat records of each conversation: the support agent,
//! when the last message came, online now, Vatgia member, a phone number left, waiting for an
//! answer, the product page.

use super::{fold::fold, index::Entry};
use crate::api::{customer_page, is_waiting, Conversation};

/// Filters that combine with each other and with the search words (all must hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only customers who left a phone number (in their profile or their message).
    pub leads: bool,
    /// Only this support agent's conversations; `Some(0)`: those without an agent.
    pub agent: Option<u64>,
    /// The last message at or after this time (Unix seconds: the admin's midnight).
    pub since: Option<i64>,
    /// The last message before this time.
    pub until: Option<i64>,
    pub online: bool,
    pub member: bool,
    /// Only conversations whose latest message is the customer's.
    pub waiting: bool,
    /// A part of the product page's address, as typed.
    pub product: String,
    /// Only conversations whose first response took longer than this (seconds of shop hours).
    /// Not in [`Filter::matches`]: it needs each conversation's messages, which
    /// `hooks/use_search.rs` checks against the response times read.
    pub slower_than: Option<i64>,
}

impl Filter {
    /// The conversation passes every filter set.
    pub fn matches(&self, c: &Conversation, entry: &Entry) -> bool {
        let time = c.last_message.as_ref().and_then(|m| m.time);
        let in_range = match (self.since, self.until, time) {
            (None, None, _) => true,
            (_, _, None) => false,
            (since, until, Some(time)) => {
                since.is_none_or(|since| time >= since) && until.is_none_or(|until| time < until)
            }
        };
        in_range
            && (!self.leads || entry.has_phone())
            && self.agent.is_none_or(|agent| c.support_id == agent)
            && (!self.online || c.online)
            && (!self.member || c.vatgia_user)
            && (!self.waiting || is_waiting(c))
            && (self.product.trim().is_empty() || {
                let link = customer_page(c).unwrap_or_default();
                fold(link).contains(fold(self.product.trim()).as_str())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Message;

    fn conversation(time: Option<i64>, support_id: u64, link: &str) -> Conversation {
        Conversation {
            customer_id: 1,
            support_id,
            online: support_id > 0,
            last_message: Some(Message {
                time,
                link: link.into(),
                text: "ok".into(),
                writer_id: 1,
                ..Message::default()
            }),
            ..Conversation::default()
        }
    }

    #[test]
    fn every_filter_set_must_hold() {
        let c = conversation(
            Some(1_000),
            630_394,
            "http://vatgia.com/443/3359665/sua-bot-meiji-so-9.html",
        );
        let e = Entry::of(&c);
        let pass = |filter: Filter| filter.matches(&c, &e);
        assert!(pass(Filter::default()));
        assert!(pass(Filter {
            agent: Some(630_394),
            online: true,
            product: " MEIJI ".into(),
            ..Filter::default()
        }));
        assert!(!pass(Filter {
            agent: Some(0),
            ..Filter::default()
        }));
        assert!(!pass(Filter {
            member: true,
            ..Filter::default()
        }));
        assert!(!pass(Filter {
            leads: true,
            ..Filter::default()
        }));
        // The customer wrote last.
        assert!(pass(Filter {
            waiting: true,
            ..Filter::default()
        }));
        assert!(!pass(Filter {
            product: "samsung".into(),
            ..Filter::default()
        }));
        // The range includes its start and excludes its end.
        assert!(pass(Filter {
            since: Some(1_000),
            until: Some(1_001),
            ..Filter::default()
        }));
        assert!(!pass(Filter {
            since: Some(1_001),
            ..Filter::default()
        }));
        assert!(!pass(Filter {
            until: Some(1_000),
            ..Filter::default()
        }));
    }

    #[test]
    fn an_answered_conversation_does_not_wait() {
        let mut c = conversation(Some(1_000), 630_394, "");
        if let Some(m) = c.last_message.as_mut() {
            (m.writer_id, m.agent_id) = (630_394, 630_394);
        }
        let waiting = Filter {
            waiting: true,
            ..Filter::default()
        };
        assert!(!waiting.matches(&c, &Entry::of(&c)));
    }

    #[test]
    fn a_conversation_without_a_time_is_outside_every_range() {
        let c = conversation(None, 0, "");
        let e = Entry::of(&c);
        assert!(Filter::default().matches(&c, &e));
        assert!(Filter {
            agent: Some(0),
            ..Filter::default()
        }
        .matches(&c, &e));
        assert!(!Filter {
            since: Some(0),
            ..Filter::default()
        }
        .matches(&c, &e));
        assert!(!Filter {
            until: Some(i64::MAX),
            ..Filter::default()
        }
        .matches(&c, &e));
    }
}
