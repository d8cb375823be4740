//! Vietnamese phone numbers in any written form, made one: `0913 911 427`, `0913.911.427`,
//! `+84 913 911 427`, `84913911427` and the 11-digit mobile numbers from before the 2018
//! renumbering (`01668152371` is today's `0368152371`).

/// The number in today's national form (`0` and 9 digits for mobiles, `02` and 9 digits for
/// landlines), if `written` is one: digits with spaces, dots, dashes or brackets between them,
/// `+84`/`84` or `0` in front. Anything else (an order number, a price, letters) is not a phone.
pub fn normalize(written: &str) -> Option<String> {
    // "(+84) 913 …": a bracket may open the number.
    let written = written.trim().trim_start_matches('(');
    let (plus, rest) = match written.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, written),
    };
    let separators_only = rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'));
    if !separators_only || !rest.starts_with(|c: char| c.is_ascii_digit() || c == '(') {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.strip_prefix("84") {
        // +84 (0) 913 …: the trunk zero some write after the country code.
        Some(after) if plus && after.starts_with('0') => after.to_owned(),
        Some(after) if plus || digits.len() >= 11 => format!("0{after}"),
        _ if plus => return None,
        _ => digits,
    };
    match national.len() {
        10 if matches!(national.get(..2), Some("03" | "05" | "07" | "08" | "09")) => Some(national),
        11 if national.starts_with("02") => Some(national),
        11 => renumbered(&national),
        _ => None,
    }
}

/// The phone number `text` starts with: the longest stretch of digits, with single spaces, dots,
/// dashes, brackets or `+` among them, that is a number and ends where a word would: as written,
/// and in today's form.
pub fn leading(text: &str) -> Option<(&str, String)> {
    let mut ends = Vec::new();
    let mut previous = '\0';
    for (at, c) in text.char_indices() {
        let joins = matches!(c, '.' | '-' | '(' | ')' | '+') || (c == ' ' && previous != ' ');
        if c.is_ascii_digit() {
            ends.push(at + 1);
        } else if !joins {
            break;
        }
        previous = c;
    }
    ends.into_iter().rev().find_map(|end| {
        let (candidate, after) = text.split_at(end);
        let mut after = after.chars();
        let ends_word = match after.next() {
            None => true,
            Some('.') => after.next().is_none_or(char::is_whitespace),
            Some(c) => c.is_whitespace() || ",;!?)".contains(c),
        };
        // Before `normalize`, which allocates.
        if !ends_word {
            return None;
        }
        normalize(candidate).map(|number| (candidate, number))
    })
}

/// The 2018 renumbering of 11-digit mobile numbers: the four-digit prefix became three digits.
fn renumbered(old: &str) -> Option<String> {
    let new = match old.get(..4)? {
        "0162" => "032",
        "0163" => "033",
        "0164" => "034",
        "0165" => "035",
        "0166" => "036",
        "0167" => "037",
        "0168" => "038",
        "0169" => "039",
        "0120" => "070",
        "0121" => "079",
        "0122" => "077",
        "0126" => "076",
        "0128" => "078",
        "0123" => "083",
        "0124" => "084",
        "0125" => "085",
        "0127" => "081",
        "0129" => "082",
        "0186" => "056",
        "0188" => "058",
        "0199" => "059",
        _ => return None,
    };
    Some(format!("{new}{}", old.get(4..)?))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn every_written_form_is_one_number() {
        for written in [
            "0913911427",
            "0913 911 427",
            "0913.911.427",
            "0913-911-427",
            "+84 913 911 427",
            "+84913911427",
            "84913911427",
            "+84 (0) 913 911 427",
            "(+84) 913 911 427",
            " 0913 911427 ",
        ] {
            assert_eq!(
                normalize(written).as_deref(),
                Some("0913911427"),
                "{written}"
            );
        }
    }

    #[test]
    fn old_mobile_numbers_take_their_2018_form() {
        for (old, new) in [
            ("01668152371", "0368152371"),
            ("0166 815 2371", "0368152371"),
            ("+84 166 815 2371", "0368152371"),
            ("841668152371", "0368152371"),
            ("01629999999", "0329999999"),
            ("01699999999", "0399999999"),
            ("01201234567", "0701234567"),
            ("01211234567", "0791234567"),
            ("01221234567", "0771234567"),
            ("01261234567", "0761234567"),
            ("01281234567", "0781234567"),
            ("01231234567", "0831234567"),
            ("01241234567", "0841234567"),
            ("01251234567", "0851234567"),
            ("01271234567", "0811234567"),
            ("01291234567", "0821234567"),
            ("01861234567", "0561234567"),
            ("01881234567", "0581234567"),
            ("01991234567", "0591234567"),
        ] {
            assert_eq!(normalize(old).as_deref(), Some(new), "{old}");
        }
        // Prefixes that were never mobile numbers.
        assert_eq!(normalize("01101234567"), None);
        assert_eq!(normalize("01611234567"), None);
    }

    #[test]
    fn landlines_keep_their_eleven_digits() {
        assert_eq!(normalize("024 3856 1234").as_deref(), Some("02438561234"));
        assert_eq!(
            normalize("+84 28 3822 1234").as_deref(),
            Some("02838221234")
        );
    }

    #[test]
    fn numbers_that_are_not_phones_are_refused() {
        for text in [
            "",
            "20231127",
            "250.000",
            "1.250.000.000",
            "123456789",
            "0913 911 42",
            "09139114271",
            "0113911427",
            "+1 415 555 0100",
            "+0913911427",
            "0913911427a",
            "tel:0913911427",
            "0913+911427",
            "８４９１３９１１４２７",
        ] {
            assert_eq!(normalize(text), None, "{text}");
        }
    }
}
