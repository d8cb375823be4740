//! Who wrote a message, and so whether a conversation waits for the shop's answer: what the
//! thread shows beside each message and what the list, its filter and the statistics count.

use super::{Conversation, Message};

/// The writer of a message in a customer's conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writer {
    /// vChat itself (`cha_system_id` set): a transfer, the customer leaving the page.
    System,
    Customer,
    /// A support agent, by id (`cha_support_id`).
    Agent(u64),
    /// The shop's own account.
    Shop,
}

impl Writer {
    pub fn of(message: &Message, customer_id: u64) -> Writer {
        if message.system_id != 0 {
            Writer::System
        } else if message.writer_id == customer_id {
            Writer::Customer
        } else if message.agent_id != 0 {
            Writer::Agent(message.agent_id)
        } else {
            Writer::Shop
        }
    }
}

/// The conversation waits for an answer: its latest message is the customer's.
pub fn is_waiting(c: &Conversation) -> bool {
    customers_latest(c).is_some()
}

/// The page the customer was on when writing the latest message, as sent (untrusted): none when
/// the latest message is the shop's, written from vChat's own pages, not a product page.
pub fn customer_page(c: &Conversation) -> Option<&str> {
    customers_latest(c).map(|m| m.link.as_str())
}

fn customers_latest(c: &Conversation) -> Option<&Message> {
    c.last_message
        .as_ref()
        .filter(|m| Writer::of(m, c.customer_id) == Writer::Customer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(writer_id: u64, agent_id: u64, system_id: u64) -> Conversation {
        Conversation {
            customer_id: 7,
            last_message: Some(Message {
                writer_id,
                agent_id,
                system_id,
                ..Message::default()
            }),
            ..Conversation::default()
        }
    }

    #[test]
    fn only_a_customer_s_latest_message_waits() {
        assert!(is_waiting(&by(7, 0, 0)));
        // An agent's id in a customer's message is the conversation's agent, not the writer.
        assert!(is_waiting(&by(7, 630_394, 0)));
        assert!(!is_waiting(&by(218, 0, 0)));
        assert!(!is_waiting(&by(630_394, 630_394, 0)));
        assert!(!is_waiting(&by(7, 0, 1)));
        assert!(!is_waiting(&Conversation::default()));
        let mut asked = by(7, 0, 0);
        let mut answered = by(218, 0, 0);
        for c in [&mut asked, &mut answered] {
            if let Some(m) = c.last_message.as_mut() {
                m.link = "http://vatgia.com/sua".into();
            }
        }
        assert_eq!(customer_page(&asked), Some("http://vatgia.com/sua"));
        assert_eq!(customer_page(&answered), None);
        let message = |c: &Conversation| c.last_message.clone().unwrap_or_default();
        assert_eq!(Writer::of(&message(&by(7, 0, 1)), 7), Writer::System);
        assert_eq!(
            Writer::of(&message(&by(630_394, 630_394, 0)), 7),
            Writer::Agent(630_394)
        );
        assert_eq!(Writer::of(&message(&by(218, 0, 0)), 7), Writer::Shop);
    }
}
