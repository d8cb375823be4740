//! The spreadsheet of a list of conversations: one row per conversation, with the lead its
//! message holds and its phone in today's form.

use super::{lead::Lead, phone};
use crate::{
    api::Conversation,
    format::{csv, links::web_url, time::iso_local},
    i18n::Strings,
};

/// How times are written: in the admin's time zone, as the browser knows it.
pub struct Clock<'a> {
    /// The time as the admin's language writes it.
    pub local: &'a dyn Fn(i64) -> String,
    /// The offset from UTC at a time, in minutes east.
    pub offset_minutes: &'a dyn Fn(i64) -> i64,
}

/// The CSV file of `rows`, headed in the language of `t`.
pub fn csv<'a>(
    rows: impl IntoIterator<Item = (&'a Conversation, Option<&'a Lead>)>,
    t: &Strings,
    clock: &Clock,
) -> String {
    let lines: Vec<[String; 14]> = rows
        .into_iter()
        .map(|(c, lead)| {
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
            [
                c.customer_id.to_string(),
                c.name.trim().to_owned(),
                lead.map(|l| l.name.clone()).unwrap_or_default(),
                phone,
                written,
                c.email.trim().to_owned(),
                c.address.trim().to_owned(),
                message.map(|m| m.text.clone()).unwrap_or_default(),
                time.map(|secs| iso_local(secs, (clock.offset_minutes)(secs)))
                    .unwrap_or_default(),
                time.map(|secs| (clock.local)(secs)).unwrap_or_default(),
                message
                    .and_then(|m| web_url(&m.link))
                    .unwrap_or_default()
                    .to_owned(),
                match c.product_id {
                    0 => String::new(),
                    id => id.to_string(),
                },
                (if c.vatgia_user { t.yes } else { t.no }).to_owned(),
                match c.support_id {
                    0 => String::new(),
                    id => id.to_string(),
                },
            ]
        })
        .collect();
    let header = t.csv_columns.to_vec();
    csv::write(
        std::iter::once(header).chain(
            lines
                .iter()
                .map(|line| line.iter().map(String::as_str).collect()),
        ),
    )
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
                (&guest, guest_lead.as_ref()),
                (&member, None),
                (&nothing, None),
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
             2015-07-06T09:27:28+07:00,local 1436149648,http://vatgia.com/438/3001006/,,Không,630394"
        );
        assert_eq!(
            lines[2],
            "7,Lê Thị Hoa,,0913911427,\"'+84 913 911 427\",hoa@gmail.com,,,,,,3001006,Có,"
        );
        assert_eq!(lines[3], "8,,,,,,,,,,,,Không,");
        assert_eq!((lines.len(), lines[4]), (5, ""));
    }
}
