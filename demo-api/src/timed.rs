//! The flower shop's account: eight conversations whose answers take known times (an agent in
//! minutes, another in hours, answers after closing, a customer never answered, vChat's own
//! message between a question and its answer), on the days of the week before the demo
//! started, in Vietnam's time. The response-time tests assert their figures exactly.

use crate::{
    data::{Avatar, Customer, Reply, SUPPORT_PAGE},
    threads::AGENT_ID,
    wire::Message,
};

pub const ADMIN_ID: u64 = 303;
pub const ADMIN_HASH: &str = "9b3e7a11c0d54f2a8e6b1d0c7f3a5e29";
/// The second agent.
pub const AGENT_B: u64 = 630_395;

#[derive(Clone, Copy)]
enum Who {
    Customer,
    Shop,
    Agent(u64),
    System,
}
use Who::*;

/// A message: days after Monday, local hour and minute, who, text.
type Line = (u64, u64, u64, Who, &'static str);

/// Each customer: id, name, messages oldest first.
const SCRIPTS: &[(u64, &str, &[Line])] = &[
    (
        303_001,
        "Nguyễn Thị Lan",
        &[
            (0, 9, 0, Customer, "Shop ơi bó hồng đỏ còn không?"),
            (0, 9, 3, Agent(AGENT_ID), "Dạ còn ạ, chị lấy mấy bó?"),
        ],
    ),
    (
        303_002,
        "Trần Văn Minh",
        &[
            (0, 10, 0, Customer, "Giao hoa trong ngày được không shop?"),
            (0, 12, 0, Agent(AGENT_B), "Dạ được anh, đặt trước 15 giờ ạ."),
        ],
    ),
    (
        303_003,
        "Lê Thị Hoa",
        &[
            (0, 21, 50, Customer, "Mai 7 giờ sáng giao được không?"),
            (
                1,
                8,
                10,
                Agent(AGENT_ID),
                "Dạ shop mở cửa 8 giờ, giao từ 9 giờ ạ.",
            ),
        ],
    ),
    (
        303_004,
        "Phạm Văn Tuấn",
        &[
            (1, 14, 0, Customer, "Lẵng hoa khai trương giá bao nhiêu?"),
            (1, 14, 5, Customer, "Shop ơi?"),
        ],
    ),
    (
        303_005,
        "Võ Thị Mai",
        &[
            (1, 9, 0, Customer, "Có hoa tulip không shop?"),
            (1, 9, 30, Shop, "Dạ có tulip Hà Lan ạ."),
            (1, 11, 0, Customer, "Giá một cành bao nhiêu?"),
            (1, 11, 1, Agent(AGENT_B), "Dạ 45.000đ một cành ạ."),
        ],
    ),
    (
        303_006,
        "Đỗ Văn Hùng",
        &[
            (2, 15, 0, Customer, "Cho mình đặt một bó cưới."),
            (
                2,
                15,
                1,
                System,
                "Cuộc trò chuyện được chuyển cho hỗ trợ viên.",
            ),
            (2, 15, 10, Agent(AGENT_ID), "Dạ anh cho em xin ngày cưới ạ."),
        ],
    ),
    (
        303_007,
        "Bùi Thị Thu",
        &[
            (2, 23, 30, Customer, "Shop còn mở không?"),
            (3, 8, 45, Agent(AGENT_B), "Dạ chào chị, shop mở từ 8 giờ ạ."),
        ],
    ),
    (
        303_008,
        "Hoàng Văn Nam",
        &[
            (3, 10, 0, Shop, "Chào anh, hoa anh đặt đã giao xong ạ."),
            (3, 10, 20, Customer, "Ok, cho mình xin hoá đơn."),
            (3, 13, 20, Agent(AGENT_ID), "Dạ em gửi hoá đơn qua email ạ."),
        ],
    ),
];

/// Vietnam is 7 hours ahead of UTC, all year.
const VIETNAM: u64 = 7 * 3_600;
const DAY: u64 = 86_400;

/// Midnight, in Vietnam, of the Monday of the week before the one of `now`.
fn monday(now: u64) -> u64 {
    let today = (now + VIETNAM) / DAY;
    // 1970-01-01 was a Thursday.
    let weekday = (today + 3) % 7;
    (today - weekday - 7) * DAY - VIETNAM
}

fn time(now: u64, (day, hour, minute, _, _): &Line) -> u64 {
    monday(now) + day * DAY + hour * 3_600 + minute * 60
}

fn writer(id: u64, who: Who) -> (u64, u64, u64) {
    match who {
        Customer => (id, 0, 0),
        Shop => (ADMIN_ID, 0, 0),
        Agent(agent) => (agent, agent, 0),
        System => (0, 0, 1),
    }
}

/// The account's conversations as `now` lists them, the latest first.
pub fn customers(now: u64) -> Vec<Customer> {
    let mut customers: Vec<Customer> = SCRIPTS
        .iter()
        .filter_map(|&(id, name, lines)| {
            let last = lines.last()?;
            let asked = lines.iter().rev().find(|l| matches!(l.3, Customer));
            let reply = match last.3 {
                Customer | System => None,
                Shop | Agent(_) => {
                    let (writer, agent, _) = writer(id, last.3);
                    Some(Reply {
                        writer,
                        agent,
                        text: last.4,
                        after: asked.map_or(0, |a| time(now, last) - time(now, a)),
                    })
                }
            };
            Some(Customer {
                admin: ADMIN_ID,
                id,
                name: name.to_owned(),
                guest: false,
                online: false,
                phone: String::new(),
                email: String::new(),
                address: String::new(),
                avatar: Avatar::Missing,
                product_id: 0,
                vatgia_user: true,
                support_id: 0,
                hash: format!("{:032x}", id.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                message_id: id * 10 + lines.len() as u64,
                message: asked.map_or(last.4, |a| a.4).to_owned(),
                link: "http://hoa.vatgia.com/".to_owned(),
                age: now.saturating_sub(time(now, last)),
                reply,
            })
        })
        .collect();
    customers.sort_by_key(|c| c.age);
    customers
}

/// The messages of customer `c`, oldest first, if the account is this one's.
pub fn messages(c: &Customer, now: u64) -> Option<Vec<Message>> {
    if c.admin != ADMIN_ID {
        return None;
    }
    let (_, _, lines) = SCRIPTS.iter().find(|(id, _, _)| *id == c.id)?;
    let mut messages: Vec<Message> = lines
        .iter()
        .enumerate()
        .map(|(at, line)| {
            let (writer_id, agent_id, system_id) = writer(c.id, line.3);
            Message {
                id: c.id * 10 + 1 + at as u64,
                min_id: ADMIN_ID,
                max_id: c.id,
                text: line.4.to_owned(),
                link: if writer_id == c.id {
                    c.link.clone()
                } else {
                    SUPPORT_PAGE.to_owned()
                },
                time: i64::try_from(time(now, line)).ok(),
                writer_id,
                agent_id,
                system_id,
                r#type: "text".to_owned(),
                ..Message::default()
            }
        })
        .collect();
    // The customer wrote again since (the tests' `/__demo/history`): that message is the newest.
    if messages.last().map(|m| m.id) != Some(c.message_id) {
        messages.push(Message {
            id: c.message_id,
            min_id: ADMIN_ID,
            max_id: c.id,
            text: c.message.clone(),
            link: c.link.clone(),
            time: i64::try_from(now.saturating_sub(c.age)).ok(),
            writer_id: c.id,
            r#type: "text".to_owned(),
            ..Message::default()
        });
    }
    Some(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scripts_fall_on_last_weeks_days_in_vietnam_and_end_with_the_listed_message() {
        // Wednesday 2026-12-02 12:00 in Vietnam.
        let now = 1_796_187_600;
        // Monday 2026-11-23 00:00 in Vietnam.
        assert_eq!(monday(now), 1_795_366_800);
        let customers = customers(now);
        assert_eq!(customers.len(), 8);
        assert_eq!(customers[0].name, "Hoàng Văn Nam");
        for c in &customers {
            let thread = messages(c, now).unwrap_or_default();
            let listed = crate::data::conversation(c, "", now).last_message;
            let newest = thread.last().cloned();
            assert_eq!(
                listed
                    .as_ref()
                    .map(|m| (m.id, m.time, m.writer_id, &m.text)),
                newest
                    .as_ref()
                    .map(|m| (m.id, m.time, m.writer_id, &m.text)),
                "{}",
                c.name
            );
        }
    }
}
