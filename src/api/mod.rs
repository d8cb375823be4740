//! vChat's `POST /hischat.php`: the request, the reply types, tolerant decoding and typed errors.
//!
//! Everything here but [`client`] is plain Rust, unit-tested on the host with `cargo test`.

mod client;
mod decode;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;

pub use client::fetch_page;
pub use decode::decode_page;

use std::fmt;

/// Conversations on a full page; the API has no total, so a shorter page is the last one.
pub const PAGE_SIZE: usize = 30;

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

/// A customer's conversation with the shop. Text fields are untrusted and may be empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conversation {
    pub customer_id: u64,
    pub name: String,
    pub online: bool,
    pub email: String,
    pub phone: String,
    pub address: String,
    /// As sent; only an `http`/`https` URL may become an image.
    pub avatar: String,
    pub product_id: u64,
    pub vatgia_user: bool,
    pub support_id: u64,
    pub last_message: Option<Message>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Message {
    pub text: String,
    /// The page the customer wrote from, as sent; only `http`/`https` may become a link.
    pub link: String,
    /// Unix seconds.
    pub time: Option<i64>,
}

/// Why a page could not be had. The UI turns each into a sentence in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached (offline, DNS, refused connection, CORS).
    Network,
    /// No complete reply within the configured time.
    Timeout,
    /// A reply with a non-success HTTP status.
    Status(u16),
    /// The body is not JSON: an HTML error page, a PHP warning, a truncated reply.
    NotJson,
    /// JSON, but not shaped like a `/hischat.php` reply.
    Shape,
    /// vChat said no (`status` 0 or an `error` text); holds the server's text, possibly empty.
    Refused(String),
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn debug_output_hides_the_hash() {
        let credentials = Credentials {
            sso_id: 218,
            hash: "secret-hash".into(),
        };
        let printed = format!("{credentials:?}");
        assert!(printed.contains("218") && !printed.contains("secret-hash"));
    }
}
