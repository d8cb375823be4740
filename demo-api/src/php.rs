//! How a PHP script sees a request: `$_POST` and `intval`.

use std::collections::HashMap;

/// `$_POST`: filled only for form bodies; a later duplicate key wins, and `name[]` fields become
/// arrays, which this demo marks as unusable (a PHP script comparing them to a string fails).
pub fn post_fields(content_type: Option<&str>, body: &[u8]) -> HashMap<String, Option<String>> {
    let is_form = content_type.is_some_and(|ct| {
        ct.split(';').next().is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    });
    if !is_form {
        return HashMap::new();
    }
    let mut fields = HashMap::new();
    for (key, value) in form_urlencoded::parse(body) {
        // PHP turns dots and spaces in field names into underscores.
        let key = key.replace(['.', ' '], "_");
        match key.strip_suffix("[]") {
            Some(array) => fields.insert(array.to_owned(), None),
            None => fields.insert(key, Some(value.into_owned())),
        };
    }
    fields
}

/// PHP's `intval` on a string: optional spaces and sign, then leading digits; 0 if none.
pub fn intval(text: &str) -> i64 {
    let text = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end]
        .parse::<i64>()
        .map(|n| sign * n)
        .unwrap_or(if end == 0 {
            0
        } else if sign < 0 {
            i64::MIN
        } else {
            i64::MAX
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: Option<&str> = Some("application/x-www-form-urlencoded; charset=UTF-8");

    #[test]
    fn reads_form_bodies_only() {
        let fields = post_fields(FORM, b"sso_id=218&hash=a+b%26c&page=2&page=3&x.y=1&arr[]=1");
        assert_eq!(fields["sso_id"].as_deref(), Some("218"));
        assert_eq!(fields["hash"].as_deref(), Some("a b&c"));
        assert_eq!(fields["page"].as_deref(), Some("3"));
        assert_eq!(fields["x_y"].as_deref(), Some("1"));
        assert_eq!(fields["arr"], None);
        assert!(post_fields(Some("application/json"), b"sso_id=218").is_empty());
        assert!(post_fields(None, b"sso_id=218").is_empty());
    }

    #[test]
    fn intval_behaves_like_php() {
        assert_eq!(intval("218"), 218);
        assert_eq!(intval("  12abc"), 12);
        assert_eq!(intval("-3"), -3);
        assert_eq!(intval("+4"), 4);
        assert_eq!(intval("abc"), 0);
        assert_eq!(intval(""), 0);
        assert_eq!(intval("99999999999999999999"), i64::MAX);
    }
}
