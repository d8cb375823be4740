//! The wire types of vChat's `/hischat.php` and `/chistory.php` replies, with vChat's own field
//! names: one definition, a dependency of the app (which reads replies) and of the demo server
//! (which writes them). Plain Rust and serde, so it builds and is tested without a browser.
//!
//! Reading is as tolerant as vChat's PHP server requires (`../shared/api/vchat-api.md`, "Quirks"):
//! numbers arrive as JSON numbers or as digit strings, field by field; any field may be missing,
//! `null` or of another type, and then reads as empty; a row that cannot be read is counted, never
//! sinking its page. Only an object with a key twice, which PHP cannot write, is refused with the
//! whole reply (serde will not choose between the two). Writing gives the loose form vChat's
//! documentation shows: ids as numbers on a conversation and as digit strings in a message, and
//! `""` for the list of a failure.

use serde::{
    de::{value::MapAccessDeserializer, IgnoredAny, MapAccess, SeqAccess, Visitor},
    Deserialize, Deserializer, Serialize, Serializer,
};
use std::{fmt, marker::PhantomData};

/// Conversations on a full page; the API has no total, so a shorter page is the last one.
pub const PAGE_SIZE: usize = 30;

/// `items` ordered by `key`, equal keys in their order. Every sort of the app and of the decoding
/// goes through this one: each `sort_by_key` on another element type compiles its own copy of
/// the standard library's sort, about 4 KB of wasm (seven such copies were 6.1 KiB gzip).
pub fn sorted<T>(items: Vec<T>, key: impl Fn(&T) -> u128) -> Vec<T> {
    let mut order: Vec<(u128, usize)> = items
        .iter()
        .enumerate()
        .map(|(at, item)| (key(item), at))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, at)| slots.get_mut(at)?.take())
        .collect()
}

/// A time as a sort key, earlier times smaller, in the order of `i64`.
pub fn time_key(time: i64) -> u128 {
    u128::from(time.cast_unsigned() ^ (1 << 63))
}

/// 9999-12-31T23:59:59Z: later times are garbage, and a date past it breaks date formatting.
const LAST_SECOND: i64 = 253_402_300_799;

/// A `/hischat.php` reply: `{"error": "", "status": 1, "history": [...]}` on success,
/// `{"error": "Khong co ma bao mat", "status": 0, "history": ""}` on failure.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct HischatReply {
    #[serde(with = "text")]
    pub error: String,
    /// `1` on success; missing (or unreadable) in some replies.
    #[serde(with = "optional_integer", skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    pub history: List<Conversation>,
}

impl HischatReply {
    /// A successful page, as vChat writes it.
    pub fn page(conversations: Vec<Conversation>) -> HischatReply {
        HischatReply {
            error: String::new(),
            status: Some(1),
            history: List::read(conversations),
        }
    }

    /// A refusal with vChat's reason, e.g. "Khong co ma bao mat" (no security code).
    pub fn refused(reason: impl Into<String>) -> HischatReply {
        HischatReply {
            error: reason.into(),
            status: Some(0),
            history: List::Empty,
        }
    }
}

/// A `/chistory.php` reply: one page of a conversation's messages. On success
/// `{"error": "", "support_online": 1, "support_id": "630394", "msg": [...]}`; on failure
/// `{"error": "Hash failed", "support_online": 0, "support_id": 0, "msg": "", "status": 0}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ChistoryReply {
    #[serde(with = "text")]
    pub error: String,
    /// Missing on success in the documentation's example.
    #[serde(with = "optional_integer")]
    pub status: Option<i64>,
    /// An agent of the shop is online now.
    #[serde(with = "flag")]
    pub support_online: bool,
    /// The agent handling the conversation, `0` when none.
    #[serde(with = "number")]
    pub support_id: u64,
    pub msg: List<Message>,
}

impl ChistoryReply {
    /// A page of messages, as vChat writes it (no `status`, as in the documentation).
    pub fn page(messages: Vec<Message>, support_id: u64) -> ChistoryReply {
        ChistoryReply {
            error: String::new(),
            status: None,
            support_online: support_id != 0,
            support_id,
            msg: List::read(messages),
        }
    }

    /// A refusal, e.g. "Hash failed" for a wrong conversation hash.
    pub fn refused(reason: impl Into<String>) -> ChistoryReply {
        ChistoryReply {
            error: reason.into(),
            status: Some(0),
            ..ChistoryReply::default()
        }
    }
}

/// vChat writes `support_id` as a digit string on success and as a number on failure.
impl Serialize for ChistoryReply {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("error", &self.error)?;
        map.serialize_entry("support_online", &u8::from(self.support_online))?;
        if self.status == Some(0) {
            map.serialize_entry("support_id", &self.support_id)?;
        } else {
            map.serialize_entry("support_id", &self.support_id.to_string())?;
        }
        map.serialize_entry("msg", &self.msg)?;
        if let Some(status) = self.status {
            map.serialize_entry("status", &status)?;
        }
        map.end()
    }
}

/// A list field (`history`, `msg`) as sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum List<T> {
    /// A list; PHP writes one with gaps in its keys as an object (`{"0": …, "2": …}`), read here in
    /// key order.
    Items(Vec<Item<T>>),
    /// `""` (a failure, or an empty page), `null`, or no field at all.
    #[default]
    Empty,
    /// Anything else: a number, a non-empty string.
    Invalid,
}

impl<T> List<T> {
    fn read(items: Vec<T>) -> List<T> {
        List::Items(items.into_iter().map(Item::Read).collect())
    }
}

/// One entry of a list.
#[derive(Clone, Debug, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "nearly every entry is read: boxing would only add an allocation per row"
)]
pub enum Item<T> {
    Read(T),
    /// Not an object, or one without what makes it an entry (a conversation without a positive
    /// customer id, a message without text or time); it still counts towards a full page.
    Unreadable,
}

impl<T> Item<T> {
    /// The entry, if it could be read.
    pub fn entry(self) -> Option<T> {
        match self {
            Item::Read(entry) => Some(entry),
            Item::Unreadable => None,
        }
    }
}

/// What makes an object an entry of its list.
pub trait Entry {
    fn is_entry(&self) -> bool;
}

impl Entry for Conversation {
    fn is_entry(&self) -> bool {
        self.customer_id > 0
    }
}

impl Entry for Message {
    fn is_entry(&self) -> bool {
        !self.text.trim().is_empty() || self.time.is_some()
    }
}

/// A customer's conversation with the shop (one per customer). Text fields are untrusted. The
/// fields have the app's names; `rename` gives vChat's, here only.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct Conversation {
    /// The customer is online now.
    #[serde(with = "flag")]
    pub online: bool,
    /// Display name; guests look like `"Khách - 156509782"`.
    #[serde(rename = "use_name", with = "text")]
    pub name: String,
    #[serde(with = "text")]
    pub address: String,
    #[serde(with = "text")]
    pub email: String,
    #[serde(with = "text")]
    pub phone: String,
    /// The customer's id; a row without a positive one is [`Item::Unreadable`].
    #[serde(rename = "uss_sso_id", with = "number")]
    pub customer_id: u64,
    /// Avatar URL as sent; only an `http`/`https` URL may become an image.
    #[serde(rename = "use_image", with = "text")]
    pub avatar: String,
    /// `0` in every documented reply: the message time is the one to use.
    #[serde(with = "integer")]
    pub time: i64,
    #[serde(with = "text")]
    pub to_image: String,
    /// A product or shop reference, `0` when none.
    #[serde(rename = "pro", with = "number")]
    pub product_id: u64,
    /// The conversation's own hash, which `/chistory.php` takes.
    #[serde(with = "text")]
    pub hash: String,
    /// The newest of the messages vChat lists here (usually one), if any has content.
    #[serde(rename = "last_msg", with = "last_msg")]
    pub last_message: Option<Message>,
    /// The customer has a Vatgia account.
    #[serde(rename = "is_uservg", with = "flag")]
    pub vatgia_user: bool,
    /// The support agent who handled it, `0` when none.
    #[serde(with = "number")]
    pub support_id: u64,
}

/// A chat message. Its text is untrusted input from the public.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct Message {
    #[serde(rename = "cha_id", with = "digits")]
    pub id: u64,
    /// The two participants' ids.
    #[serde(rename = "cha_min_id", with = "digits")]
    pub min_id: u64,
    #[serde(rename = "cha_max_id", with = "digits")]
    pub max_id: u64,
    #[serde(rename = "cha_message", with = "text")]
    pub text: String,
    /// The page the writer was on, as sent; only `http`/`https` may become a link.
    #[serde(rename = "cha_link", with = "text")]
    pub link: String,
    /// Unix seconds, when plausible.
    #[serde(rename = "cha_time", with = "unix_time")]
    pub time: Option<i64>,
    /// Who wrote it.
    #[serde(rename = "cha_owner_id", with = "number")]
    pub writer_id: u64,
    /// The agent who wrote it, `0` when not an agent.
    #[serde(rename = "cha_support_id", with = "digits")]
    pub agent_id: u64,
    /// Non-zero for a system message.
    #[serde(rename = "cha_system_id", with = "digits")]
    pub system_id: u64,
    #[serde(rename = "cha_key", with = "digits")]
    pub key: u64,
    /// The writer's IPv4 address as a 32-bit number, `0` when unknown.
    #[serde(rename = "cha_ip", with = "digits")]
    pub ip: u64,
    /// `"text"` in `/chistory.php`; absent from `/hischat.php`'s `last_msg`.
    #[serde(with = "text", skip_serializing_if = "String::is_empty")]
    pub r#type: String,
}

impl<'de, T: Deserialize<'de> + Entry> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<List<T>, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Entry> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(List::Items(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
        let mut keyed = Vec::new();
        while let Some((key, item)) = map.next_entry::<String, Item<T>>()? {
            keyed.push((key.parse::<u64>().unwrap_or(u64::MAX), item));
        }
        Ok(List::Items(
            sorted(keyed, |(key, _)| u128::from(*key))
                .into_iter()
                .map(|(_, item)| item)
                .collect(),
        ))
    }

    fn visit_str<E>(self, text: &str) -> Result<List<T>, E> {
        Ok(if text.is_empty() {
            List::Empty
        } else {
            List::Invalid
        })
    }

    fn visit_unit<E>(self) -> Result<List<T>, E> {
        Ok(List::Empty)
    }

    fn visit_bool<E>(self, _: bool) -> Result<List<T>, E> {
        Ok(List::Invalid)
    }

    fn visit_i64<E>(self, _: i64) -> Result<List<T>, E> {
        Ok(List::Invalid)
    }

    fn visit_u64<E>(self, _: u64) -> Result<List<T>, E> {
        Ok(List::Invalid)
    }

    fn visit_f64<E>(self, _: f64) -> Result<List<T>, E> {
        Ok(List::Invalid)
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            List::Items(items) => serializer.collect_seq(items),
            List::Empty => serializer.serialize_str(""),
            List::Invalid => serializer.serialize_bool(false),
        }
    }
}

impl<'de, T: Deserialize<'de> + Entry> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Item<T>, D::Error> {
        Ok(match Json::<T>::deserialize(deserializer)? {
            Json::Object(entry) if entry.is_entry() => Item::Read(entry),
            _ => Item::Unreadable,
        })
    }
}

impl<T: Serialize> Serialize for Item<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Read(entry) => entry.serialize(serializer),
            Item::Unreadable => serializer.serialize_unit(),
        }
    }
}

/// A JSON value as the reader of `T` needs it: an object read as `T`, a list of such values, or
/// anything else, which never fails (nor is an array read positionally, as serde would). A reply
/// is read as one, straight from its text: its top level is `T` only when it is an object.
pub enum Json<T> {
    Object(T),
    List(Vec<Json<T>>),
    Other,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Json<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json<T>, D::Error> {
        deserializer.deserialize_any(JsonVisitor(PhantomData))
    }
}

struct JsonVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for JsonVisitor<T> {
    type Value = Json<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Json<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Json::Object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::List(items))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Json<T>, E> {
        Ok(Json::Other)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Json<T>, E> {
        Ok(Json::Other)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Json<T>, E> {
        Ok(Json::Other)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Json<T>, E> {
        Ok(Json::Other)
    }

    fn visit_str<E>(self, _: &str) -> Result<Json<T>, E> {
        Ok(Json::Other)
    }

    fn visit_unit<E>(self) -> Result<Json<T>, E> {
        Ok(Json::Other)
    }
}

/// Any JSON value, kept as far as a field of vChat's needs: the one reader behind every lenient
/// field, so no field's type can fail a row.
enum Loose {
    Absent,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Text(String),
}

impl Loose {
    /// A string, or a number written out; anything else is empty.
    fn text(self) -> String {
        match self {
            Loose::Text(text) => text,
            Loose::Int(n) => n.to_string(),
            Loose::UInt(n) => n.to_string(),
            Loose::Float(f) => f.to_string(),
            Loose::Absent | Loose::Bool(_) => String::new(),
        }
    }

    /// A whole number sent as a JSON number, a string of digits, or a boolean.
    fn integer(self) -> Option<i64> {
        match self {
            Loose::Int(n) => Some(n),
            Loose::UInt(n) => i64::try_from(n).ok(),
            Loose::Float(f) => (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64),
            Loose::Text(text) => text.trim().parse().ok(),
            Loose::Bool(b) => Some(i64::from(b)),
            Loose::Absent => None,
        }
    }

    /// A positive whole number (a JSON number, or a string of digits alone); `0` when there is
    /// none. A boolean names no one: read as `1` it would show every such row as customer 1.
    fn id(self) -> u64 {
        match self {
            Loose::UInt(n) => Some(n),
            Loose::Text(text) => {
                let digits = text.trim();
                (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| digits.parse().ok())
                    .flatten()
            }
            Loose::Bool(_) => None,
            other => other.integer().and_then(|n| u64::try_from(n).ok()),
        }
        .unwrap_or(0)
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Loose, E> {
        Ok(Loose::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Loose, E> {
        Ok(Loose::Int(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Loose, E> {
        Ok(Loose::UInt(n))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Loose, E> {
        Ok(Loose::Float(f))
    }

    fn visit_str<E>(self, text: &str) -> Result<Loose, E> {
        Ok(Loose::Text(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Loose, E> {
        Ok(Loose::Text(text))
    }

    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Absent)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Absent)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Absent)
    }
}

// The field formats, each a `#[serde(with)]` module: how vChat writes the field, and how leniently
// it is read.

/// Text: a string, or a number written out.
mod text {
    use super::*;

    pub fn serialize<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        Loose::deserialize(deserializer).map(Loose::text)
    }
}

/// An id written as a JSON number; `0` when absent or not a positive whole number.
mod number {
    use super::*;

    pub fn serialize<S: Serializer>(id: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(*id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        Loose::deserialize(deserializer).map(Loose::id)
    }
}

/// An id written as a string of digits, as in vChat's messages.
mod digits {
    use super::*;

    pub fn serialize<S: Serializer>(id: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    pub use super::number::deserialize;
}

/// `0`/`1`.
mod flag {
    use super::*;

    pub fn serialize<S: Serializer>(flag: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(u8::from(*flag))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        Loose::deserialize(deserializer).map(|value| value.integer().is_some_and(|n| n != 0))
    }
}

/// A whole number written as a JSON number; `0` when unreadable.
mod integer {
    use super::*;

    pub fn serialize<S: Serializer>(n: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(*n)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        Loose::deserialize(deserializer).map(|value| value.integer().unwrap_or(0))
    }
}

/// A whole number that may be missing, such as `status`.
mod optional_integer {
    use super::*;

    pub fn serialize<S: Serializer>(n: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
        n.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        Loose::deserialize(deserializer).map(Loose::integer)
    }
}

/// Unix seconds as a string of digits, `"0"` when unknown; implausible times read as unknown.
mod unix_time {
    use super::*;

    pub fn serialize<S: Serializer>(time: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&time.unwrap_or(0))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        Loose::deserialize(deserializer)
            .map(|value| value.integer().filter(|t| (1..=LAST_SECOND).contains(t)))
    }
}

/// `last_msg`: documented as a list (usually of one); a lone object or nothing also occur. The
/// newest message with content is kept.
mod last_msg {
    use super::*;

    pub fn serialize<S: Serializer>(
        message: &Option<Message>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(message)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Message>, D::Error> {
        let candidates = match Json::<Message>::deserialize(deserializer)? {
            Json::List(items) => items,
            lone @ Json::Object(_) => vec![lone],
            Json::Other => Vec::new(),
        };
        Ok(candidates
            .into_iter()
            .filter_map(|item| match item {
                Json::Object(message) => Some(message),
                _ => None,
            })
            .filter(Entry::is_entry)
            .max_by_key(|message| message.time.unwrap_or(i64::MIN)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_keeps_equal_keys_in_their_order_and_times_in_order() {
        let items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        let by_number = sorted(items, |&(n, _)| n as u128);
        assert_eq!(
            by_number,
            [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]
        );
        let times = vec![5, i64::MIN, -1, i64::MAX, 0];
        assert_eq!(
            sorted(times, |&t| time_key(t)),
            [i64::MIN, -1, 0, 5, i64::MAX]
        );
    }

    #[test]
    fn a_page_is_written_as_vchat_writes_it() {
        let conversation = Conversation {
            customer_id: 156509782,
            name: "Khách - 156509782".into(),
            last_message: Some(Message {
                id: 185185,
                text: "chào anh chị".into(),
                time: Some(1436149648),
                writer_id: 156509782,
                ..Message::default()
            }),
            ..Conversation::default()
        };
        let written = serde_json::to_value(HischatReply::page(vec![conversation])).unwrap();
        let row = &written["history"][0];
        assert_eq!(written["status"], 1);
        assert_eq!(written["error"], "");
        assert_eq!(row["uss_sso_id"], 156509782);
        assert_eq!(row["online"], 0);
        assert_eq!(row["last_msg"][0]["cha_id"], "185185");
        assert_eq!(row["last_msg"][0]["cha_time"], "1436149648");
        assert_eq!(row["last_msg"][0]["cha_owner_id"], 156509782);
        assert_eq!(row["last_msg"][0]["cha_system_id"], "0");
    }

    #[test]
    fn a_refusal_is_written_with_an_empty_string_for_its_list() {
        let written = serde_json::to_string(&HischatReply::refused("Khong co ma bao mat")).unwrap();
        assert_eq!(
            written,
            r#"{"error":"Khong co ma bao mat","status":0,"history":""}"#
        );
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let reply = HischatReply::page(vec![Conversation {
            customer_id: 7,
            online: true,
            vatgia_user: true,
            product_id: 3,
            support_id: 630394,
            time: 0,
            hash: "a18e6636339533c68691e5d782c85370".into(),
            last_message: Some(Message {
                id: 1,
                min_id: 218,
                max_id: 7,
                text: "<b>x</b> &amp;".into(),
                link: " http://vatgia.com/ ".into(),
                time: Some(1436149648),
                writer_id: 7,
                agent_id: 630394,
                system_id: 1,
                key: 2,
                ip: 712125308,
                r#type: String::new(),
            }),
            ..Conversation::default()
        }]);
        let text = serde_json::to_string(&reply).unwrap();
        assert_eq!(serde_json::from_str::<HischatReply>(&text).unwrap(), reply);
    }
}
