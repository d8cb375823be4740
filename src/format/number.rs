//! Numbers as the admin's language writes them: `1.234` and `12,5 %` in Vietnamese, `1,234` and
//! `12.5%` in English. Whole-number arithmetic only: float formatting would cost the bundle
//! 25 KiB (see `browser/storage.rs`).

/// `n` with its thousands grouped by `separator`.
pub fn grouped(n: usize, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// `part` of `whole` in per cent, to one decimal, with `decimal` as the decimal mark.
pub fn percent(part: usize, whole: usize, decimal: char) -> String {
    let tenths = (part as u128 * 1000 + whole as u128 / 2)
        .checked_div(whole as u128)
        .unwrap_or(0);
    format!("{}{decimal}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0, '.'), "0");
        assert_eq!(grouped(999, '.'), "999");
        assert_eq!(grouped(1_234, '.'), "1.234");
        assert_eq!(grouped(2_987, ','), "2,987");
        assert_eq!(grouped(1_234_567, '.'), "1.234.567");
    }

    #[test]
    fn shares_have_one_decimal() {
        assert_eq!(percent(1, 8, ','), "12,5");
        assert_eq!(percent(2, 3, '.'), "66.7");
        assert_eq!(percent(5, 5, ','), "100,0");
        assert_eq!(percent(0, 0, ','), "0,0");
    }
}
