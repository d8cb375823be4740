//! Message text may carry markup (vChat's HTML mode, or a customer typing tags) and entities.
//! It is parsed by the browser's `DOMParser`, whose documents run no script and load nothing, and
//! only its text and its `http`/`https` links are kept: markup never reaches the page.

use crate::format::rich_text::{linkify, push_text, Piece};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

/// The message's pieces: text as the markup would read, links only to web URLs.
pub fn message_pieces(text: &str) -> Vec<Piece> {
    if !text.contains(['<', '&']) {
        return linkify(text);
    }
    let parsed = DomParser::new()
        .and_then(|parser| parser.parse_from_string(text, SupportedType::TextHtml))
        .ok()
        .and_then(|document| document.body());
    match parsed {
        Some(body) => {
            let mut pieces = Vec::new();
            collect(&body, &mut pieces);
            pieces
        }
        // Without a parser, the text as sent: still inert, since it is rendered as text.
        None => linkify(text),
    }
}

fn collect(node: &Node, pieces: &mut Vec<Piece>) {
    let children = node.child_nodes();
    for index in 0..children.length() {
        let Some(child) = children.item(index) else {
            continue;
        };
        match child.dyn_ref::<Element>() {
            None if child.node_type() == Node::TEXT_NODE => {
                for piece in linkify(&child.text_content().unwrap_or_default()) {
                    match piece {
                        Piece::Text(text) => push_text(pieces, &text),
                        link => pieces.push(link),
                    }
                }
            }
            None => {}
            Some(element) => element_pieces(element, pieces),
        }
    }
}

fn element_pieces(element: &Element, pieces: &mut Vec<Piece>) {
    match element.local_name().as_str() {
        // What a browser would not show as text.
        "script" | "style" | "template" | "noscript" | "title" | "head" => {}
        "br" => push_text(pieces, "\n"),
        "a" => {
            let text = element.text_content().unwrap_or_default();
            let href = element
                .get_attribute("href")
                .and_then(|href| crate::format::links::web_url(&href).map(str::to_owned));
            match href {
                Some(href) => {
                    let text = if text.trim().is_empty() {
                        href.clone()
                    } else {
                        text
                    };
                    // A link's text can name a trusted address and go elsewhere: where the text
                    // is not its target, the host it goes to is shown beside it, as the browser
                    // reads it (after any `user@`, IDN in punycode).
                    let host = (text.trim() != href)
                        .then(|| web_sys::Url::new(&href).ok().map(|url| url.hostname()))
                        .flatten();
                    pieces.push(Piece::Link { href, text, host });
                }
                None => push_text(pieces, &text),
            }
        }
        name => {
            let block = matches!(name, "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3");
            if block && !ends_with_break(pieces) {
                push_text(pieces, "\n");
            }
            collect(element, pieces);
        }
    }
}

fn ends_with_break(pieces: &[Piece]) -> bool {
    match pieces.last() {
        Some(Piece::Text(text)) => text.ends_with('\n'),
        Some(Piece::Link { .. }) => false,
        None => true,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn text(text: &str) -> Piece {
        Piece::Text(text.into())
    }

    #[wasm_bindgen_test]
    fn markup_reads_as_its_text_with_only_web_links_kept() {
        assert_eq!(
            message_pieces(
                r#"Chào <a target="_blank" href="http://Playmobile.vn">Playmobile</a> <b>đậm</b>"#
            ),
            [
                text("Chào "),
                Piece::Link {
                    href: "http://Playmobile.vn".into(),
                    text: "Playmobile".into(),
                    host: Some("playmobile.vn".into()),
                },
                text(" đậm"),
            ]
        );
        assert_eq!(
            message_pieces(r#"<a href="javascript:window.__pwned=1">bấm vào đây</a>"#),
            [text("bấm vào đây")]
        );
        assert_eq!(
            message_pieces("<script>window.__pwned=1</script>ok"),
            [text("ok")]
        );
        assert_eq!(
            message_pieces("<img src=x onerror=\"window.__pwned=1\">"),
            []
        );
    }

    #[wasm_bindgen_test]
    fn entities_read_as_their_characters_and_nothing_runs_or_loads() {
        assert_eq!(
            message_pieces("&lt;b&gt;không in đậm&lt;/b&gt; &amp; &quot;x&quot; &#x3C;"),
            [text("<b>không in đậm</b> & \"x\" <")]
        );
        let pwned = js_sys::Reflect::get(&js_sys::global(), &"__pwned".into());
        assert!(pwned.is_ok_and(|value| value.is_undefined()));
    }

    #[wasm_bindgen_test]
    fn line_breaks_and_urls_in_text_survive() {
        assert_eq!(
            message_pieces("a<br>b &amp; https://x.vn"),
            [
                text("a\nb & "),
                Piece::Link {
                    href: "https://x.vn".into(),
                    text: "https://x.vn".into(),
                    host: None,
                },
            ]
        );
    }

    #[wasm_bindgen_test]
    fn a_link_whose_text_is_not_its_target_shows_where_it_goes() {
        let link = |markup: &str| match message_pieces(markup).as_slice() {
            [Piece::Link { text, host, .. }] => (text.clone(), host.clone()),
            other => panic!("{other:?}"),
        };
        for (markup, host) in [
            (
                r#"<a href="https://evil.example">https://vatgia.com/dang-nhap</a>"#,
                "evil.example",
            ),
            (
                r#"<a href="https://vatgia.com@evil.example/x">vatgia.com</a>"#,
                "evil.example",
            ),
            (
                r#"<a href="https://EVIL.example:8443/">Vatgia</a>"#,
                "evil.example",
            ),
            (
                r#"<a href="https://vàtgia.com/">vatgia.com</a>"#,
                "xn--vtgia-rqa.com",
            ),
        ] {
            assert_eq!(link(markup).1.as_deref(), Some(host), "{markup}");
        }
        // Its own address as its text (or no text): nothing to add.
        assert_eq!(
            link(r#"<a href="https://vatgia.com/a">https://vatgia.com/a</a>"#),
            ("https://vatgia.com/a".into(), None)
        );
        assert_eq!(
            link(r#"<a href="https://vatgia.com/a"> </a>"#),
            ("https://vatgia.com/a".into(), None)
        );
    }
}
