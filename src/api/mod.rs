//! vChat's API: the wire types shared with the demo server ([`wire`], the `vchat-wire` crate),
//! what a reply means ([`decode`]), who wrote a message ([`Writer`]), typed errors, the [`Api`]
//! the hooks load through, and the one client that implements it over `fetch` ([`client`]).
//!
//! Everything here but [`client`] is plain Rust, unit-tested on the host with `cargo test`.

mod cancel;
mod client;
mod decode;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
mod writer;
pub use vchat_wire as wire;

pub use cancel::Cancel;
pub use client::{start_now, use_api, ApiClient};
pub use decode::{decode_messages, decode_page};
pub use wire::{Conversation, Message, PAGE_SIZE};
pub use writer::{customer_page, is_waiting, Writer};

use std::{fmt, future::Future, time::Duration};

/// vChat, and the clock its requests are paced by: what the hooks load through. The app's is
/// [`ApiClient`] (`fetch` and the browser's timers); the hooks' host tests use a fake of both,
/// whose time they move on themselves.
pub trait Api: Clone + 'static {
    /// Page `page` of the history of the admin `credentials` name.
    fn page(
        &self,
        credentials: &Credentials,
        page: u32,
        cancel: &Cancel,
    ) -> impl Future<Output = Result<Page, ApiError>>;

    /// Page `page` (1 is the newest) of the messages of the conversation `key` opens, for the
    /// admin `admin_id`.
    fn messages(
        &self,
        admin_id: u64,
        key: &ThreadKey,
        page: u32,
        cancel: &Cancel,
    ) -> impl Future<Output = Result<Messages, ApiError>>;

    /// The least time between two requests when the whole history loads.
    fn load_interval(&self) -> Duration;

    /// How often page 1 is asked again while the admin looks at it; `None`: never.
    fn refresh_every(&self) -> Option<Duration>;

    /// A request is on its way.
    fn busy(&self) -> bool;

    /// Milliseconds since 1970.
    fn now(&self) -> f64;

    /// Waits `duration`.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;

    /// Milliseconds on a clock that only goes forward, to time what takes time; by default
    /// [`Api::now`].
    fn monotonic(&self) -> f64 {
        self.now()
    }

    /// Waits until `interval` has passed since `started` (a time of [`Api::monotonic`]): the
    /// pace of the loadings that ask vChat one request after another.
    fn pace(&self, started: f64, interval: Duration) -> impl Future<Output = ()> {
        let waited = Duration::from_secs_f64((self.monotonic() - started).max(0.0) / 1000.0);
        self.sleep(interval.saturating_sub(waited))
    }
}

/// What the admin signs in with. `Debug` never prints the hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub sso_id: u64,
    pub hash: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("sso_id", &self.sso_id)
            .field("hash", &"<hidden>")
            .finish()
    }
}

impl Credentials {
    /// The form body of a `/hischat.php` request (the server reads `$_POST`, so no JSON).
    pub fn form_body(&self, page: u32) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("sso_id", &self.sso_id.to_string())
            .append_pair("hash", &self.hash)
            .append_pair("page", &page.to_string())
            .finish()
    }
}

/// What opens one conversation's messages: the customer, and the conversation's own `hash` from
/// its `/hischat.php` row (not the admin's). `Debug` never prints the hash.
#[derive(Clone, PartialEq, Eq)]
pub struct ThreadKey {
    pub customer_id: u64,
    pub hash: String,
}

impl fmt::Debug for ThreadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadKey")
            .field("customer_id", &self.customer_id)
            .finish_non_exhaustive()
    }
}

impl ThreadKey {
    /// The form body of a `/chistory.php` request for page `page` (1 is the newest) of the
    /// admin `admin_id`'s conversation, as plain text (`groupmsg=1`): vChat's HTML mode would
    /// send strangers' markup.
    pub fn form_body(&self, admin_id: u64, page: u32) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("to_id", &self.customer_id.to_string())
            .append_pair("send_id", &admin_id.to_string())
            .append_pair("hash", &self.hash);
        // vChat's documentation: "omit for the newest".
        if page > 1 {
            form.append_pair("page", &page.to_string());
        }
        form.append_pair("limit", &MESSAGES_PER_PAGE.to_string())
            .append_pair("groupmsg", "1")
            .finish()
    }
}

/// One page of the history, newest conversation first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub conversations: Vec<Conversation>,
    /// Rows the server sent that could not be read; they still count towards a full page.
    pub skipped: usize,
}

impl Page {
    pub fn is_last(&self) -> bool {
        self.conversations.len() + self.skipped < PAGE_SIZE
    }

    pub fn is_empty(&self) -> bool {
        self.conversations.is_empty() && self.skipped == 0
    }
}

/// One page of a conversation's messages (`/chistory.php`), oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Messages {
    pub messages: Vec<Message>,
    /// Entries that could not be read; they still count towards a full page.
    pub skipped: usize,
    /// The agent handling the conversation, `0` when none.
    pub support_id: u64,
}

impl Messages {
    /// A page shorter than asked for holds the conversation's first message.
    pub fn reaches_start(&self) -> bool {
        self.messages.len() + self.skipped < MESSAGES_PER_PAGE as usize
    }
}

/// Messages asked for per page of a conversation (vChat's default, said explicitly).
pub const MESSAGES_PER_PAGE: u32 = 50;

/// Why a page could not be had. The UI turns each into a sentence in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached (offline, DNS, refused connection, CORS).
    Network,
    /// No complete reply within this time (the configured limit).
    Timeout(Duration),
    /// The app called the request off (the admin moved on): not a failure, never shown.
    Cancelled,
    /// A reply with a non-success HTTP status.
    Status(u16),
    /// A reply larger than any page of history could be ([`client::MAX_REPLY_BYTES`]).
    TooLarge,
    /// The body is not JSON: an HTML error page, a PHP warning, a truncated reply.
    NotJson,
    /// JSON, but not shaped like a `/hischat.php` reply.
    Shape,
    /// vChat said no (`status` 0 or an `error` text); holds the server's text, possibly empty.
    Refused(String),
}

/// The longest refusal text shown: vChat's are a few words, anything longer is not a reason.
const MAX_REASON_CHARS: usize = 200;

/// A server's text without `secret` in it: as sent, in any letter case, or percent-encoded (as a
/// form sends it, or fully), and cut to a sentence's length.
pub fn redacted(text: &str, secret: &str) -> String {
    let mut text = text.to_owned();
    if !secret.is_empty() {
        let form: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let full: String = secret.bytes().map(|b| format!("%{b:02X}")).collect();
        for needle in [secret, &form, &full] {
            text = replace_ignoring_case(&text, needle, "…");
        }
    }
    match text.char_indices().nth(MAX_REASON_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn replace_ignoring_case(text: &str, needle: &str, with: &str) -> String {
    // ASCII case folding keeps every byte where it is, so positions in `lower` are positions
    // in `text`.
    let (lower, needle) = (text.to_ascii_lowercase(), needle.to_ascii_lowercase());
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(found) = lower[from..].find(&needle) {
        out.push_str(&text[from..from + found]);
        out.push_str(with);
        from += found + needle.len();
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_never_repeats_the_secret_in_any_form_and_stays_short() {
        let secret = "3f6C1a9e+/=&x";
        for echoed in [
            "Sai ma bao mat: 3f6C1a9e+/=&x",
            "Sai ma bao mat: 3F6C1A9E+/=&X",
            "Sai ma bao mat: 3f6C1a9e%2B%2F%3D%26x",
            "Sai ma bao mat: 3f6c1a9e%2b%2f%3d%26x",
            "Sai ma bao mat: %33%66%36%43%31%61%39%65%2B%2F%3D%26%78",
        ] {
            let shown = redacted(echoed, secret);
            assert_eq!(shown, "Sai ma bao mat: …", "{echoed}");
        }
        assert_eq!(
            redacted("Khong co ma bao mat", secret),
            "Khong co ma bao mat"
        );
        let long = redacted(&"ạ".repeat(5000), secret);
        assert_eq!(long.chars().count(), MAX_REASON_CHARS + 1);
        assert_eq!(redacted("x", ""), "x");
    }

    #[test]
    fn the_form_body_encodes_every_field() {
        let credentials = Credentials {
            sso_id: 218,
            hash: "a b&c=d+é".into(),
        };
        assert_eq!(
            credentials.form_body(3),
            "sso_id=218&hash=a+b%26c%3Dd%2B%C3%A9&page=3"
        );
    }

    #[test]
    fn a_thread_request_names_the_customer_the_admin_and_plain_text() {
        let key = ThreadKey {
            customer_id: 156509782,
            hash: "a18e6636339533c68691e5d782c85370".into(),
        };
        assert_eq!(
            key.form_body(218, 1),
            "to_id=156509782&send_id=218&hash=a18e6636339533c68691e5d782c85370&limit=50&groupmsg=1"
        );
        assert!(key.form_body(218, 3).contains("&page=3&"));
        assert!(!format!("{key:?}").contains("a18e66"));
    }

    #[test]
    fn debug_output_hides_the_hash() {
        let credentials = Credentials {
            sso_id: 218,
            hash: "secret-hash".into(),
        };
        let printed = format!("{credentials:?}");
        assert!(printed.contains("218") && !printed.contains("secret-hash"));
    }
}
