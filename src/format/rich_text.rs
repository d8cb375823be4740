//! A message's text as pieces a view can render safely: plain text, and links made only from
//! `http`/`https` URLs.

use super::links::web_url;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// `host` is where `href` goes, when `text` is not `href` itself.
    Link {
        href: String,
        text: String,
        host: Option<String>,
    },
}

/// Pieces from plain text: every `http://` or `https://` word becomes a link to itself.
pub fn linkify(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = next_url(rest) {
        let url_and_after = &rest[start..];
        let end = url_and_after
            .find(|c: char| c.is_whitespace() || "<>\"'".contains(c))
            .unwrap_or(url_and_after.len());
        let url = trim_trailing_punctuation(&url_and_after[..end]);
        push_text(&mut pieces, &rest[..start]);
        match web_url(url) {
            Some(href) => pieces.push(Piece::Link {
                href: href.to_owned(),
                text: url.to_owned(),
                host: None,
            }),
            None => push_text(&mut pieces, url),
        }
        rest = &rest[start + url.len()..];
    }
    push_text(&mut pieces, rest);
    pieces
}

/// Adds text, joined to the text before it.
pub fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(Piece::Text(last)) => last.push_str(text),
        _ => pieces.push(Piece::Text(text.to_owned())),
    }
}

/// Where the next URL starts: `http://` or `https://`, any case, at the start of a word.
fn next_url(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("http") {
        let at = from + found;
        let rest = &lower[at..];
        let starts_word = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([{<\"'".contains(c));
        if starts_word && (rest.starts_with("http://") || rest.starts_with("https://")) {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// A sentence's full stop or a closing bracket after a URL is not part of it.
fn trim_trailing_punctuation(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let unbalanced =
            trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count();
        let trimmed = if unbalanced {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> Piece {
        Piece::Link {
            href: url.into(),
            text: url.into(),
            host: None,
        }
    }

    fn text(text: &str) -> Piece {
        Piece::Text(text.into())
    }

    #[test]
    fn urls_in_text_become_links_and_the_rest_stays_text() {
        assert_eq!(
            linkify("Xem https://vatgia.com/a?b=1&c=2. Cảm ơn!"),
            [
                text("Xem "),
                link("https://vatgia.com/a?b=1&c=2"),
                text(". Cảm ơn!")
            ]
        );
        assert_eq!(
            linkify("(ảnh: http://x.vn/a_(1)) HTTP://X.VN"),
            [
                text("(ảnh: "),
                link("http://x.vn/a_(1)"),
                text(") "),
                link("HTTP://X.VN")
            ]
        );
        assert_eq!(linkify("không có link"), [text("không có link")]);
        assert_eq!(linkify(""), []);
    }

    #[test]
    fn only_web_urls_at_the_start_of_a_word_become_links() {
        for plain in [
            "javascript:alert(1)",
            "xhttp://x.vn",
            "http://",
            "https:// spaced",
            "data:text/html,<b>x</b>",
            "ftp://x.vn",
        ] {
            assert!(
                linkify(plain).iter().all(|p| matches!(p, Piece::Text(_))),
                "{plain}"
            );
        }
        assert_eq!(
            linkify("a<http://x.vn>b"),
            [text("a<"), link("http://x.vn"), text(">b")]
        );
    }
}
