//! The name and phone number a guest left: vChat writes a guest's first message from a product
//! page as `Khách: <name>  <phone>  <text>`, while the guest's row is named only
//! `Khách - 156509782`.

use super::{fold::fold, phone};

/// What a guest left in their message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lead {
    /// As the guest wrote it; empty when they left only a number.
    pub name: String,
    /// Today's national form ([`phone::normalize`]).
    pub phone: String,
    /// The number as the guest wrote it.
    pub written: String,
}

/// Names longer than this are a sentence, not a name.
const MAX_NAME_WORDS: usize = 6;

/// The lead in `message`, if it is `Khách: [name] <phone> [text]` with double or single spaces
/// and the phone in any form [`phone::normalize`] knows. The first number after the name must be
/// the phone: a message whose first number is an order number or a price is not a lead.
pub fn parse(message: &str) -> Option<Lead> {
    let (head, rest) = message.trim_start().split_once(':')?;
    if fold(head.trim()) != "khach" {
        return None;
    }
    let start = rest.find(|c: char| c.is_ascii_digit() || c == '+' || c == '(')?;
    let name = rest[..start].trim();
    if name.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (written, phone) = phone::leading(&rest[start..])?;
    let name = if name.split_whitespace().count() > MAX_NAME_WORDS {
        ""
    } else {
        name
    };
    Some(Lead {
        name: name.split_whitespace().collect::<Vec<_>>().join(" "),
        phone,
        written: written.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(message: &str) -> Option<(String, String, String)> {
        parse(message).map(|l| (l.name, l.phone, l.written))
    }

    fn some(name: &str, phone: &str, written: &str) -> Option<(String, String, String)> {
        Some((name.into(), phone.into(), written.into()))
    }

    #[test]
    fn the_documented_sample() {
        assert_eq!(
            lead("Khách: hà văn truyền  01668152371  chào anh chị"),
            some("hà văn truyền", "0368152371", "01668152371")
        );
    }

    #[test]
    fn every_form_a_guest_writes() {
        for (message, expected) in [
            (
                "Khách: Nguyễn Thị Lan 0913911427 cho hỏi giá",
                some("Nguyễn Thị Lan", "0913911427", "0913911427"),
            ),
            (
                "Khách: 0913.911.427  Sữa Meiji số 9 còn không?",
                some("", "0913911427", "0913.911.427"),
            ),
            (
                "Khách: Le Van Hung  +84 913 911 427  ship Hà Nội mấy ngày?",
                some("Le Van Hung", "0913911427", "+84 913 911 427"),
            ),
            (
                "Khách: Trần Minh  0913-911-427",
                some("Trần Minh", "0913911427", "0913-911-427"),
            ),
            (
                "Khách: Phạm Quỳnh 84913911427 ok",
                some("Phạm Quỳnh", "0913911427", "84913911427"),
            ),
            (
                "Khách: Đỗ Đức  0913 911 427  2 cái size 41",
                some("Đỗ Đức", "0913911427", "0913 911 427"),
            ),
            (
                "Khách: Mai 0913911427 2 cái",
                some("Mai", "0913911427", "0913911427"),
            ),
            (
                "khach: Hoa (+84) 913 911 427, gọi lại giúp",
                some("Hoa", "0913911427", "(+84) 913 911 427"),
            ),
            (
                "KHÁCH:Vy 0368152371.",
                some("Vy", "0368152371", "0368152371"),
            ),
            (
                "Kha\u{301}ch: Bình  0912345678  hi",
                some("Bình", "0912345678", "0912345678"),
            ),
        ] {
            assert_eq!(lead(message), expected, "{message}");
        }
    }

    #[test]
    fn digits_that_are_not_a_phone_make_no_lead() {
        for message in [
            "Khách: Lan  đơn hàng 20231127 chưa giao",
            "Khách: Hùng  giá 1.250.000đ còn không?",
            "Khách: Tuấn 250.000",
            "Khách: Vy  mã đơn 0912345  ạ",
            "Khách: Nam  size 41 còn không?",
            "Khách: Mai 0913911427đ",
            "Khách: Mai 0913911427123",
            "Khách: Lan  ",
            "Khách - 156509782",
            "Cho mình số 0913911427 nhé",
            "Shop: 0913911427",
            "",
        ] {
            assert_eq!(lead(message), None, "{message}");
        }
    }

    #[test]
    fn a_sentence_before_the_number_is_not_a_name() {
        assert_eq!(
            lead("Khách: cho mình hỏi giá sữa này với ạ 0913911427"),
            some("", "0913911427", "0913911427")
        );
    }
}
