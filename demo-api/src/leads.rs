//! The large account's last messages: what guests write from a product page, `Khách: <name>
//! <phone> <text>`, in every form a phone number takes, and messages whose digits are not a
//! phone number at all.

use crate::data::{ascii, Rng, FAMILY, GIVEN, MIDDLE, REPLIES};

/// Customers placed where the tests look for them: (position in the history, name (a guest when
/// it starts `Khách - `), profile phone, last message).
pub const LANDMARKS: &[(usize, &str, &str, &str)] = &[
    // The documentation's sample, on page 57: an old 11-digit number.
    (
        1_690,
        "Khách - ",
        "",
        "Khách: hà văn truyền  01668152371  chào anh chị",
    ),
    // Page 41: no name, +84.
    (
        1_205,
        "Khách - ",
        "",
        "Khách: +84 912 000 111  Sữa Meiji số 9 còn không?",
    ),
    // One person, three conversations, the number written three ways: a member's profile on
    // page 1, an old 11-digit form on page 2, `+84` with dots on page 12.
    (
        7,
        "Đinh Thị Mơ",
        "0399 123 456",
        "Shop ơi váy hoa còn size M không?",
    ),
    (
        44,
        "Khách - ",
        "",
        "Khách: Mơ  01699123456  váy hoa còn không shop?",
    ),
    (
        333,
        "Khách - ",
        "",
        "Khách: đinh mơ  +84 399.123.456  cho mình đặt 2 cái váy",
    ),
    // Page 93: a member whose profile holds today's form of an old number.
    (
        2_771,
        "Triệu Minh Khôi",
        "0387 654 321",
        "Shop ơi đơn của mình giao chưa?",
    ),
];

/// Today's mobile prefixes.
const PREFIXES: &[&str] = &[
    "091", "098", "090", "097", "086", "088", "070", "077", "083", "085", "032", "036", "039",
    "056",
];
/// Old 11-digit prefixes and what they became in 2018.
const RENUMBERED: &[(&str, &str)] = &[
    ("0162", "032"),
    ("0166", "036"),
    ("0169", "039"),
    ("0120", "070"),
    ("0122", "077"),
    ("0123", "083"),
    ("0125", "085"),
    ("0186", "056"),
];

/// The last message of a customer of the large account; `question` is about the product page.
pub fn message(rng: &mut Rng, guest: bool, _name: &str, question: &str) -> String {
    if !guest {
        return if rng.chance(50) {
            question.to_owned()
        } else {
            rng.pick(REPLIES).to_owned()
        };
    }
    let name = person(rng);
    let prefix = rng.pick(PREFIXES);
    let rest = format!("{:07}", rng.below(10_000_000));
    let (a, b) = rest.split_at(3);
    let national = format!("{prefix}{rest}");
    match rng.below(12) {
        0 | 1 => format!("Khách: {name}  {national}  {question}"),
        2 => format!("Khách: {name} {}.{a}.{b} {question}", &prefix),
        3 => format!("Khách: {prefix} {a} {b}  {question}"),
        4 => format!("Khách: {name}  +84 {} {a} {b}  {question}", &prefix[1..]),
        5 => {
            let (old, _) = RENUMBERED[rng.below(RENUMBERED.len())];
            format!("Khách: {name}  {old}{rest}  {question}")
        }
        6 => format!("Khách: {}  {prefix}-{a}-{b}  {question}", unmarked(&name)),
        7 => format!("Khách: {name}  84{}{rest}  {question}", &prefix[1..]),
        // Digits that are not a phone number.
        8 => format!(
            "Khách: {name}  đơn hàng {} chưa nhận được",
            20_240_000 + rng.below(9_999)
        ),
        9 => format!(
            "Khách: {name}  giá {}.000đ còn không shop?",
            100 + rng.below(900)
        ),
        10 => format!("Khách: {name}  {question}"),
        _ => rng.pick(REPLIES).to_owned(),
    }
}

/// A Vietnamese name as guests type it: with diacritics, without, or all in lower case.
fn person(rng: &mut Rng) -> String {
    let name = format!(
        "{} {} {}",
        rng.pick(FAMILY),
        rng.pick(MIDDLE),
        rng.pick(GIVEN)
    );
    match rng.below(4) {
        0 => unmarked(&name),
        1 => name.to_lowercase(),
        _ => name,
    }
}

/// "Đỗ Đức" → "Do Duc".
fn unmarked(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            let plain = ascii(word);
            let mut letters = plain.chars();
            letters
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + letters.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{generate_large, LARGE_CONVERSATIONS};

    #[test]
    fn names_lose_their_marks_but_keep_their_capitals() {
        assert_eq!(unmarked("Đỗ Đức Hải"), "Do Duc Hai");
    }

    #[test]
    fn the_large_account_has_every_form_and_its_landmarks() {
        let customers = generate_large();
        assert_eq!(customers.len(), LARGE_CONVERSATIONS);
        let has = |needle: &str| customers.iter().any(|c| c.message.contains(needle));
        for form in ["  +84 ", "  84", "-", "đơn hàng 2024", ".000đ"] {
            assert!(has(form), "{form}");
        }
        assert!(customers.iter().any(|c| RENUMBERED
            .iter()
            .any(|(old, _)| c.message.contains(&format!("  {old}")))));
        let guests = customers.iter().filter(|c| c.guest).count();
        assert!((1_100..1_600).contains(&guests), "{guests}");
        for (index, _, phone, message) in LANDMARKS {
            assert_eq!(customers[*index].message, *message);
            assert_eq!(customers[*index].phone, *phone);
            // Their last message is the one the tests look for.
            assert!(customers[*index].reply.is_none());
        }
        // Some had the shop's answer, most wait for one.
        let answered = customers.iter().filter(|c| c.reply.is_some()).count();
        assert!((800..1_300).contains(&answered), "{answered}");
        assert_eq!(
            customers[1_690].name,
            format!("Khách - {}", customers[1_690].id)
        );
    }
}
