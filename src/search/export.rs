//! The spreadsheet of a list of conversations, as CSV or as an Excel sheet: one row per
//! conversation, with the lead its message holds and its phone in today's form.

use super::{lead::Lead, phone};
use crate::{
    api::{customer_page, Conversation},
    format::{csv, links::web_url, time::iso_local},
    i18n::Strings,
};
use vchat_xlsx::{Cell, Sheet};

/// A conversation to export, the lead its message holds, the phone number or e-mail it shares
/// with the same person's other conversations, and its first response (seconds of shop hours),
/// if its messages were read.
pub type Line<'a> = (
    &'a Conversation,
    Option<&'a Lead>,
    Option<&'a str>,
    Option<i64>,
);

/// How times are written: in the admin's time zone, as the browser knows it.
pub struct Clock<'a> {
    /// The time as the admin's language writes it.
    pub local: &'a dyn Fn(i64) -> String,
    /// The offset from UTC at a time, in minutes east.
    pub offset_minutes: &'a dyn Fn(i64) -> i64,
}

/// The CSV file of `rows`, headed in the language of `t`.
pub fn csv<'a>(rows: impl IntoIterator<Item = Line<'a>>, t: &Strings, clock: &Clock) -> String {
    let lines: Vec<Vec<String>> = cells(rows, t, clock)
        .into_iter()
        .map(|line| {
            line.into_iter()
                .map(|cell| match cell {
                    Cell::Empty => String::new(),
                    Cell::Text(text) => text,
                    Cell::Number(n) => n.to_string(),
                    Cell::Time(secs) => (clock.local)(secs),
                })
                .collect()
        })
        .collect();
    csv::write(
        std::iter::once(t.csv_columns.to_vec()).chain(
            lines
                .iter()
                .map(|line| line.iter().map(String::as_str).collect()),
        ),
    )
}

/// The Excel sheet `name` of `rows`, headed in the language of `t`: the same columns as the CSV
/// file, with ids as numbers and the time as an Excel date in the admin's zone.
pub fn sheet<'a>(
    name: String,
    rows: impl IntoIterator<Item = Line<'a>>,
    t: &Strings,
    clock: &Clock,
) -> Sheet {
    Sheet {
        name,
        header: t
            .csv_columns
            .iter()
            .map(|&title| title.to_owned())
            .collect(),
        rows: cells(rows, t, clock)
            .into_iter()
            .map(|line| {
                line.into_iter()
                    .map(|cell| match cell {
                        // The time's offset from UTC, once as a date.
                        Cell::Time(secs) => Cell::Time(secs + 60 * (clock.offset_minutes)(secs)),
                        cell => cell,
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Each conversation's cells, in the order of `Strings::csv_columns`. The time is there twice:
/// written with its offset (`Text`), and as the admin's clock showed it (`Time`, still in UTC
/// here, which the CSV writes in the admin's words and the sheet as a date).
fn cells<'a>(
    rows: impl IntoIterator<Item = Line<'a>>,
    t: &Strings,
    clock: &Clock,
) -> Vec<Vec<Cell>> {
    let text = |text: &str| match text {
        "" => Cell::Empty,
        text => Cell::Text(text.to_owned()),
    };
    let number = |n: u64| match n {
        0 => Cell::Empty,
        n => Cell::Number(n),
    };
    rows.into_iter()
        .map(|(c, lead, group, response)| {
            let message = c.last_message.as_ref();
            let time = message.and_then(|m| m.time);
            let profile_phone = c.phone.trim();
            let (phone, written) = match (profile_phone, lead) {
                ("", Some(lead)) => (lead.phone.clone(), lead.written.clone()),
                (written, _) => (
                    phone::normalize(written).unwrap_or_default(),
                    written.to_owned(),
                ),
            };
            vec![
                number(c.customer_id),
                text(c.name.trim()),
                text(lead.map_or("", |l| l.name.as_str())),
                text(&phone),
                text(&written),
                text(c.email.trim()),
                text(c.address.trim()),
                text(message.map_or("", |m| m.text.as_str())),
                time.map_or(Cell::Empty, |secs| {
                    Cell::Text(iso_local(secs, (clock.offset_minutes)(secs)))
                }),
                time.map_or(Cell::Empty, Cell::Time),
                text(customer_page(c).and_then(web_url).unwrap_or_default()),
                number(c.product_id),
                text(if c.vatgia_user { t.yes } else { t.no }),
                number(c.support_id),
                text(group.unwrap_or_default()),
                // 0 is an answer: one given while the shop was closed.
                response.map_or(Cell::Empty, |secs| Cell::Number(secs.max(0) as u64)),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{api::Message, i18n::Lang, search::lead};

    #[test]
    fn a_row_per_conversation_with_its_lead_and_times() {
        let guest = Conversation {
            customer_id: 156_509_782,
            name: "Khách - 156509782".into(),
            support_id: 630_394,
            last_message: Some(Message {
                text: "Khách: hà văn truyền  01668152371  =chào, \"anh\" chị".into(),
                time: Some(1_436_149_648),
                link: "http://vatgia.com/438/3001006/".into(),
                writer_id: 156_509_782,
                ..Message::default()
            }),
            ..Conversation::default()
        };
        let member = Conversation {
            customer_id: 7,
            name: "Lê Thị Hoa".into(),
            phone: "+84 913 911 427".into(),
            email: "hoa@gmail.com".into(),
            product_id: 3_001_006,
            vatgia_user: true,
            last_message: Some(Message {
                link: "javascript:alert(1)".into(),
                ..Message::default()
            }),
            ..Conversation::default()
        };
        let nothing = Conversation {
            customer_id: 8,
            ..Conversation::default()
        };
        let guest_lead = lead::parse(&guest.last_message.clone().unwrap_or_default().text);
        let clock = Clock {
            local: &|secs| format!("local {secs}"),
            offset_minutes: &|_| 420,
        };
        let text = csv(
            [
                (&guest, guest_lead.as_ref(), None, Some(1_200)),
                (&member, None, Some("0913911427"), Some(0)),
                (&nothing, None, None, None),
            ],
            Lang::Vi.strings(),
            &clock,
        );
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(lines[0].starts_with("\u{feff}Mã khách,Tên,Tên khách để lại,"));
        assert_eq!(
            lines[1],
            "156509782,Khách - 156509782,hà văn truyền,0368152371,01668152371,,,\
             \"Khách: hà văn truyền  01668152371  =chào, \"\"anh\"\" chị\",\
             2015-07-06T09:27:28+07:00,local 1436149648,http://vatgia.com/438/3001006/,,Không,630394,,1200"
        );
        assert_eq!(
            lines[2],
            "7,Lê Thị Hoa,,0913911427,\"'+84 913 911 427\",hoa@gmail.com,,,,,,3001006,Có,,0913911427,0"
        );
        assert_eq!(lines[3], "8,,,,,,,,,,,,Không,,,");
        assert_eq!((lines.len(), lines[4]), (5, ""));

        // The sheet: the same cells, the number as text with its 0, the time as a date.
        let sheet = sheet(
            "vChat".into(),
            [
                (&guest, guest_lead.as_ref(), None, Some(1_200)),
                (&nothing, None, None, None),
            ],
            Lang::Vi.strings(),
            &clock,
        );
        assert_eq!(sheet.header.len(), 16);
        let first = &sheet.rows[0];
        assert_eq!(first[0], Cell::Number(156_509_782));
        assert_eq!(first[3], Cell::Text("0368152371".into()));
        assert_eq!(first[9], Cell::Time(1_436_149_648 + 420 * 60));
        assert_eq!(first[13], Cell::Number(630_394));
        assert_eq!(first[15], Cell::Number(1_200));
        assert_eq!(sheet.rows[1][9], Cell::Empty);
        assert_eq!(sheet.rows[1][15], Cell::Empty);
    }
}
