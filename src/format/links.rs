//! Turning untrusted strings into link targets, or refusing to.

/// The URL, trimmed, if it is an absolute `http` or `https` URL with a host; nothing else may
/// become a link or an image source.
pub fn web_url(raw: &str) -> Option<&str> {
    let url = raw.trim();
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    let host_ends = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    (host_ends > 0 && !has_space_or_control(url)).then_some(url)
}

/// Bytes for an ASCII text, as nearly every URL is: checking 30,000 product pages character by
/// character took 20 ms on the host, most of the statistics' time.
fn has_space_or_control(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_control() || b == b' ')
    } else {
        text.chars().any(|c| c.is_control() || c.is_whitespace())
    }
}

/// A `tel:` target made of the phone's digits (and a leading `+`), if it has enough of them.
pub fn tel_href(phone: &str) -> Option<String> {
    let phone = phone.trim();
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let plus = if phone.starts_with('+') { "+" } else { "" };
    (6..=15)
        .contains(&digits.len())
        .then(|| format!("tel:{plus}{digits}"))
}

/// A `mailto:` target if the text is a plain address: one `@`, and no spaces or ASCII signs that
/// would add headers or change the URL (letters beyond ASCII are fine).
pub fn mailto_href(email: &str) -> Option<String> {
    let email = email.trim();
    let (local, domain) = email.split_once('@')?;
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._+-'".contains(c) || !c.is_ascii())
    };
    (plain(local) && plain(domain) && domain.contains('.')).then(|| format!("mailto:{email}"))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls_with_a_host_pass() {
        for ok in [
            "http://vatgia.com/438/3001006/",
            "https://example.vn",
            "  HTTPS://Example.vn/a?b=c#d ",
            "http://static.vatgia.com/no_avatar_xx_small.gif",
        ] {
            assert_eq!(web_url(ok), Some(ok.trim()), "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/x",
            "/relative/path",
            "http://",
            "https:///path",
            "http://exa mple.com",
            "http://example.com/\u{0}",
            "ftp://example.com",
            "httpx://example.com",
            "ﬁle:///etc/passwd",
        ] {
            assert_eq!(web_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn phones_become_tel_links_of_digits_only() {
        assert_eq!(tel_href("0912 345 678").as_deref(), Some("tel:0912345678"));
        assert_eq!(
            tel_href("+84 912-345-678").as_deref(),
            Some("tel:+84912345678")
        );
        assert_eq!(
            tel_href("javascript:1;//123456").as_deref(),
            Some("tel:1123456")
        );
        assert_eq!(tel_href("12"), None);
        assert_eq!(tel_href(""), None);
    }

    #[test]
    fn only_plain_addresses_become_mailto_links() {
        assert_eq!(
            mailto_href(" lan.nguyen@gmail.com ").as_deref(),
            Some("mailto:lan.nguyen@gmail.com")
        );
        for bad in [
            "",
            "no-at-sign",
            "a@b",
            "a@@b.vn",
            "a@b.vn?cc=x@y.vn",
            "a b@c.vn",
            "\"><img src=x>@x.vn",
            "a@b.vn&body=x",
        ] {
            assert_eq!(mailto_href(bad), None, "{bad}");
        }
    }
}
