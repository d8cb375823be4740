//! Every demo conversation's messages, for `/chistory.php`: generated from the customer's id, so
//! each run serves the same threads, whose newest message is the one `/hischat.php` lists.

use crate::{
    data::{self, Customer, Rng},
    hostile, timed,
    wire::{Conversation, Message},
};

/// The demo shop's support agent.
pub const AGENT_ID: u64 = 630_394;

const CUSTOMER_LINES: &[&str] = &[
    "Shop ơi cho mình hỏi sản phẩm này còn hàng không?",
    "Giá này đã gồm VAT chưa ạ?",
    "Mình ở Hà Nội, ship mất mấy ngày?",
    "Có màu khác không shop?",
    "Mình muốn mua 2 cái, có giảm giá không?",
    "Cảm ơn shop nhiều <3",
    "Bảo hành bao lâu vậy shop?",
    "ok, để mình suy nghĩ thêm",
];
pub const SHOP_LINES: &[&str] = &[
    "Chào bạn, sản phẩm vẫn còn hàng ạ.",
    "Bạn xem thêm ảnh thật tại https://vatgia.com/shop/anh-that nhé.",
    "Giá đã gồm VAT &amp; miễn phí vận chuyển nội thành.",
    "Shop giao trong 1–2 ngày ở Hà Nội, 3–4 ngày các tỉnh.",
    "<b>Khuyến mãi</b>: mua 2 tặng 1 đến hết tuần.",
    "Bạn để lại số điện thoại, shop gọi lại tư vấn ngay ạ.",
    "Bảo hành 12 tháng chính hãng, đổi mới trong 7 ngày đầu.",
    "Hướng dẫn đặt hàng: http://vatgia.com/huong-dan?buoc=1&nguon=chat",
];
const SYSTEM_LINES: &[&str] = &[
    "Cuộc trò chuyện được chuyển cho hỗ trợ viên.",
    "Khách đã rời khỏi trang.",
];

/// How many messages the customer's conversation has: from 1 to a few hundred.
fn length(id: u64) -> usize {
    match id % 10 {
        0 | 1 => 120 + (id % 200) as usize,
        2..=5 => 1 + (id % 8) as usize,
        _ => 9 + (id % 50) as usize,
    }
}

/// The conversation's messages, oldest first; `now` as for `/hischat.php`.
pub fn messages(c: &Customer, now: u64) -> Vec<Message> {
    if let Some(scripted) = timed::messages(c, now) {
        return scripted;
    }
    let mut rng = Rng(c.id | 1);
    let count = length(c.id);
    let newest = now.saturating_sub(c.age);
    let asked = newest.saturating_sub(c.reply.as_ref().map_or(0, |r| r.after));
    let mut time = asked;
    let mut messages: Vec<Message> = (1..count)
        .map(|back| {
            time = time.saturating_sub(
                30 + rng.below(if back % 9 == 0 { 2 * 86_400 } else { 3_600 }) as u64,
            );
            let (owner, support, system, text) = match rng.below(10) {
                0..=3 => (c.id, 0, 0, rng.pick(CUSTOMER_LINES)),
                4..=6 => (c.admin, 0, 0, rng.pick(SHOP_LINES)),
                7 | 8 => (AGENT_ID, AGENT_ID, 0, rng.pick(SHOP_LINES)),
                _ => (0, 0, 1, rng.pick(SYSTEM_LINES)),
            };
            Message {
                id: c.message_id * 1_000 + (count - back) as u64,
                text: text.to_owned(),
                link: if owner == c.id {
                    c.link.clone()
                } else {
                    data::SUPPORT_PAGE.to_owned()
                },
                time: i64::try_from(time).ok(),
                writer_id: owner,
                agent_id: support,
                system_id: system,
                ..message(c)
            }
        })
        .collect();
    messages.reverse();
    messages.push(Message {
        id: c.message_id * 1_000 + count as u64,
        text: c.message.clone(),
        link: c.link.clone(),
        time: i64::try_from(asked).ok(),
        writer_id: c.id,
        ..message(c)
    });
    if let Some(reply) = &c.reply {
        messages.push(Message {
            id: c.message_id * 1_000 + count as u64 + 1,
            text: reply.text.to_owned(),
            link: data::SUPPORT_PAGE.to_owned(),
            time: i64::try_from(newest).ok(),
            writer_id: reply.writer,
            agent_id: reply.agent,
            ..message(c)
        });
    }
    messages
}

/// What every message of the conversation shares.
fn message(c: &Customer) -> Message {
    Message {
        min_id: c.admin,
        max_id: c.id,
        r#type: "text".to_owned(),
        ..Message::default()
    }
}

/// The hostile account's conversations: every attack string, from the customer and from the
/// shop, each with one of the hostile URLs as its page, but the first, which has a real one.
pub fn hostile_messages(c: &Conversation) -> Vec<Message> {
    hostile::TEXT
        .iter()
        .chain([&hostile::SPOOFED_LINK])
        .zip(hostile::URLS.iter().cycle())
        .enumerate()
        .map(|(i, (text, url))| Message {
            id: c.customer_id * 100 + i as u64,
            min_id: hostile::ADMIN_ID,
            max_id: c.customer_id,
            text: (*text).to_owned(),
            link: if i == 0 {
                hostile::PRODUCT_URL.to_owned()
            } else {
                (*url).to_owned()
            },
            time: Some(1_436_149_000 + i as i64 * 60),
            writer_id: if i % 2 == 0 {
                c.customer_id
            } else {
                hostile::ADMIN_ID
            },
            r#type: "text".to_owned(),
            ..Message::default()
        })
        .collect()
}

/// Page `page` (from 1, the newest) of `limit` messages of a thread, oldest first; `html` gives
/// what `groupmsg=0` asks for: links written as anchors, as vChat's HTML mode does.
pub fn page(thread: &[Message], page: usize, limit: usize, html: bool) -> Vec<Message> {
    let end = thread
        .len()
        .saturating_sub((page - 1).saturating_mul(limit));
    let start = end.saturating_sub(limit);
    thread[start..end]
        .iter()
        .map(|message| Message {
            text: if html {
                linked(&message.text)
            } else {
                message.text.clone()
            },
            ..message.clone()
        })
        .collect()
}

/// `http(s)://…` words as `<a target="_blank" href="…">…</a>`.
fn linked(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.starts_with("http://") || word.starts_with("https://") {
                format!("<a target=\"_blank\" href=\"{word}\">{word}</a>")
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_end_with_the_listed_message_and_range_from_one_to_hundreds() {
        let customers = data::generate();
        let lengths: Vec<_> = customers
            .iter()
            .map(|c| {
                let thread = messages(c, 1_800_000_000);
                let newest = thread.last().expect("a message");
                let listed = data::conversation(c, "", 1_800_000_000).last_message;
                let listed = listed.expect("a listed message");
                assert_eq!(
                    (&newest.text, newest.time, newest.writer_id),
                    (&listed.text, listed.time, listed.writer_id)
                );
                assert!(thread.windows(2).all(|w| w[0].time <= w[1].time));
                thread.len()
            })
            .collect();
        assert_eq!(lengths.iter().min(), Some(&1));
        assert!(lengths.iter().any(|&n| n > 200));
        let writers: Vec<_> = customers
            .iter()
            .flat_map(|c| messages(c, 1_800_000_000))
            .collect();
        assert!(writers.iter().any(|m| m.system_id != 0));
        assert!(writers.iter().any(|m| m.agent_id == AGENT_ID));
        assert!(writers.iter().any(|m| m.writer_id == data::ADMIN_ID));
    }

    #[test]
    fn pages_count_back_from_the_newest() {
        let thread: Vec<Message> = (1..=120)
            .map(|id| Message {
                id,
                ..Message::default()
            })
            .collect();
        let ids = |page_number| -> Vec<u64> {
            page(&thread, page_number, 50, false)
                .iter()
                .map(|m| m.id)
                .collect()
        };
        assert_eq!(ids(1), (71..=120).collect::<Vec<_>>());
        assert_eq!(ids(3), (1..=20).collect::<Vec<_>>());
        assert!(ids(4).is_empty());
    }

    #[test]
    fn html_mode_writes_links_as_anchors() {
        assert_eq!(
            linked("xem https://vatgia.com/a nhé"),
            "xem <a target=\"_blank\" href=\"https://vatgia.com/a\">https://vatgia.com/a</a> nhé"
        );
    }
}
