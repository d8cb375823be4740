//! Decoding is total: whatever the server sends, `decode_page` returns a page or a typed error,
//! never a panic, in time and memory bounded by the input.
//!
//! Property tests run as [`crate::property`] says; a longer run from a random seed, on demand:
//! `PROPTEST_CASES=100000 PROPTEST_RNG_SEED=$RANDOM cargo test --release fuzz`.

use super::{decode_page, ApiError, PAGE_SIZE};
use proptest::{prelude::*, test_runner::TestCaseError};
use serde_json::{json, Value};

const OK: &str = include_str!("fixtures/hischat-ok.json");
const REFUSED: &str = include_str!("fixtures/hischat-error.json");

const FIELDS: &[&str] = &[
    "error",
    "status",
    "history",
    "online",
    "use_name",
    "address",
    "email",
    "phone",
    "uss_sso_id",
    "use_image",
    "time",
    "to_image",
    "pro",
    "hash",
    "last_msg",
    "is_uservg",
    "support_id",
    "cha_id",
    "cha_message",
    "cha_link",
    "cha_time",
    "cha_owner_id",
];

/// Values of every JSON type, with the edges a PHP server and an attacker reach for.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        Just(json!("")),
        Just(json!("0")),
        Just(json!("-1")),
        Just(json!(" 42 ")),
        Just(json!("18446744073709551616")),
        Just(json!("99999999999999999999999999999")),
        Just(json!("1e309")),
        Just(json!("javascript:alert(1)")),
        Just(json!("<script>alert(1)</script>")),
        Just(json!("\u{202e}\u{200b}\u{feff}")),
        ".{0,40}".prop_map(Value::from),
        (0usize..200_000).prop_map(|n| Value::from("x".repeat(n))),
        Just(json!([])),
        Just(json!({})),
        Just(json!([[[[[]]]]])),
    ]
}

/// Any JSON document, shaped loosely like a reply: known keys are likely.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        3 => proptest::sample::select(FIELDS).prop_map(str::to_owned),
        1 => ".{0,8}",
    ];
    odd_value().prop_recursive(6, 256, 12, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..12).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..12)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every place in a document, as a path of keys and indexes.
fn paths(value: &Value, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        let mut path = prefix.clone();
        path.push(key);
        out.push(path.clone());
        paths(child, path, out);
    }
}

fn mutate(document: &mut Value, path: &[String], replacement: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = document;
    for key in parents {
        node = match node {
            Value::Object(map) => map.get_mut(key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        }
        .expect("paths come from this document");
    }
    match (node, replacement) {
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (Value::Object(map), Some(value)) => {
            map.insert(last.clone(), value);
        }
        (Value::Array(items), Some(value)) => {
            if let Some(slot) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *slot = value;
            }
        }
        _ => {}
    }
}

/// What any body must decode to, judged independently of the decoder: not JSON exactly when
/// serde_json cannot read it (after a byte-order mark); and a page only with every row it sent
/// either shown or counted as skipped, an object whose customer id is a positive whole number (a
/// JSON integer, a float with no fraction below 9e15, or a string of digits alone) shown with that
/// id, in the order sent (a PHP array keyed by numbers in the keys' order), and one whose id is
/// none of these (missing, null, a boolean, zero, negative, a fraction, other text, a list or an
/// object) not shown.
fn judge(body: &str) -> Result<(), TestCaseError> {
    let decoded = decode_page(body);
    let Ok(document) = serde_json::from_str::<Value>(body.trim_start_matches('\u{feff}')) else {
        prop_assert_eq!(decoded, Err(ApiError::NotJson));
        return Ok(());
    };
    prop_assert_ne!(&decoded, &Err(ApiError::NotJson));
    let Ok(page) = decoded else {
        return Ok(());
    };
    let rows: Vec<&Value> = match document.get("history") {
        Some(Value::Array(rows)) => rows.iter().collect(),
        Some(Value::Object(rows)) => {
            let mut keyed: Vec<_> = rows.iter().collect();
            keyed.sort_by_key(|(key, _)| key.parse::<u64>().unwrap_or(u64::MAX));
            keyed.into_iter().map(|(_, row)| row).collect()
        }
        _ => Vec::new(),
    };
    prop_assert_eq!(page.conversations.len() + page.skipped, rows.len());
    let mut shown = page.conversations.iter().map(|c| c.customer_id);
    for row in rows {
        let id = row.as_object().and_then(|row| row.get("uss_sso_id"));
        let expected = match id {
            Some(Value::Number(n)) => match (n.as_u64(), n.as_f64()) {
                (Some(n), _) => Some(n),
                (None, Some(f)) if f.fract() == 0.0 && f > 0.0 && f < 9.0e15 => Some(f as u64),
                _ => None,
            },
            Some(Value::String(s))
                if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.trim().parse::<u64>().ok()
            }
            _ => None,
        };
        if let Some(id) = expected.filter(|&id| id > 0) {
            prop_assert_eq!(shown.next(), Some(id));
        }
    }
    prop_assert_eq!(shown.next(), None);
    Ok(())
}

proptest! {
    #![proptest_config(crate::property::config())]

    #[test]
    fn arbitrary_bytes_are_judged_by_their_text(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        judge(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn arbitrary_json_keeps_every_row(document in any_json()) {
        judge(&document.to_string())?;
    }

    /// The documented replies with fields swapped for other types, or removed, anywhere.
    #[test]
    fn mutated_fixtures_keep_every_row(
        picks in proptest::collection::vec((any::<proptest::sample::Index>(), proptest::option::of(odd_value())), 1..6),
        refused in any::<bool>(),
    ) {
        let mut document: Value = serde_json::from_str(if refused { REFUSED } else { OK }).expect("fixture");
        for (pick, replacement) in picks {
            let mut all = Vec::new();
            paths(&document, Vec::new(), &mut all);
            if all.is_empty() {
                break;
            }
            let path = pick.get(&all).clone();
            mutate(&mut document, &path, replacement);
        }
        judge(&document.to_string())?;
    }

    /// The documented reply with bytes flipped, inserted or removed: most such bodies are still
    /// nearly JSON, and each is judged as any other.
    #[test]
    fn damaged_valid_replies_are_judged_too(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let mut bytes = OK.as_bytes().to_vec();
        for (at, byte, kind) in edits {
            let i = at.index(bytes.len().max(1));
            match kind {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i.min(bytes.len()), byte),
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        judge(&String::from_utf8_lossy(&bytes))?;
    }
}

/// Each odd id in the first row of the documented reply, as a random run once drew `true`.
#[test]
fn odd_ids_in_a_documented_reply_are_judged() {
    for id in [
        json!(true),
        json!(false),
        json!(2.0),
        json!(2.5),
        json!("+5"),
        json!(" 42 "),
    ] {
        let mut document: Value = serde_json::from_str(OK).expect("fixture");
        document["history"][0]["uss_sso_id"] = id.clone();
        if let Err(failure) = judge(&document.to_string()) {
            panic!("{id}: {failure}");
        }
    }
}

/// Truncated at EVERY character boundary, the documented reply is an error, never a crash or a
/// partial page.
#[test]
fn truncated_replies_are_not_json() {
    let json = OK.trim_end().len();
    let cuts: Vec<usize> = (1..json).filter(|&cut| OK.is_char_boundary(cut)).collect();
    assert!(cuts.len() > 2_000);
    for cut in cuts {
        assert_eq!(
            decode_page(&OK[..cut]),
            Err(ApiError::NotJson),
            "cut at {cut}"
        );
    }
    // Losing only the trailing line break loses nothing.
    assert_eq!(decode_page(&OK[..json]), decode_page(OK));
}

#[test]
fn ten_thousand_rows_are_read() {
    let row: Value = serde_json::from_str::<Value>(OK).expect("fixture")["history"][0].clone();
    let page = json!({ "status": 1, "error": "", "history": vec![row; 10_000] });
    let page = decode_page(&page.to_string()).expect("a page");
    assert_eq!(page.conversations.len(), 10_000);
    assert!(!page.is_last() && page.conversations.len() > PAGE_SIZE);
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    for open in ["[", "{\"a\":"] {
        let body = open.repeat(100_000);
        assert_eq!(decode_page(&body), Err(ApiError::NotJson));
    }
    let nested = format!(
        "{{\"status\":1,\"history\":[{}]}}",
        "[".repeat(120) + &"]".repeat(120)
    );
    assert!(decode_page(&nested).is_ok());
}

#[test]
fn numbers_beyond_every_range_are_handled() {
    for number in ["1e400", "-1e400"] {
        // Past f64: serde_json refuses the document.
        let body = format!(r#"{{"status":1,"history":[{{"uss_sso_id":{number}}}]}}"#);
        assert_eq!(decode_page(&body), Err(ApiError::NotJson), "{number}");
    }
    for number in ["18446744073709551616", "-9223372036854775809", "1.5"] {
        // Everywhere: a status that is no whole number reads as absent (the reply is judged by
        // its error and its list), and the row without a readable id is counted, not shown.
        let body = format!(
            r#"{{"status":{number},"history":[{{"uss_sso_id":{number},"pro":{number},"last_msg":[{{"cha_time":{number}}}]}}]}}"#
        );
        let page = decode_page(&body).expect("a page");
        assert_eq!((page.conversations.len(), page.skipped), (0, 1), "{number}");
        // Beside a readable id: the odd numbers read as none, the message is kept.
        let body = format!(
            r#"{{"status":1,"history":[{{"uss_sso_id":7,"pro":{number},"last_msg":[{{"cha_time":{number},"cha_message":"x"}}]}}]}}"#
        );
        let page = decode_page(&body).expect("a page");
        let row = &page.conversations[0];
        let message = row.last_message.as_ref().expect("the message");
        assert_eq!(
            (
                row.customer_id,
                row.product_id,
                message.time,
                message.text.as_str()
            ),
            (7, 0, None, "x"),
            "{number}"
        );
    }
    // An id past u64 cannot name a customer: the row is skipped, not misread.
    let body = r#"{"status":1,"history":[{"uss_sso_id":18446744073709551616},{"uss_sso_id":7}]}"#;
    let page = decode_page(body).expect("a page");
    assert_eq!((page.conversations.len(), page.skipped), (1, 1));
}

#[test]
fn invalid_escapes_are_not_json() {
    for escape in [r"\ud800", r"\udfff", r"\u12", r"\x41", "\u{0}"] {
        let body =
            format!(r#"{{"status":1,"history":[{{"uss_sso_id":1,"use_name":"{escape}"}}]}}"#);
        assert_eq!(decode_page(&body), Err(ApiError::NotJson), "{escape}");
    }
}

#[test]
fn very_long_strings_are_kept_whole() {
    let long = "ạ".repeat(1_000_000);
    let body = json!({ "status": 1, "history": [{ "uss_sso_id": 1, "use_name": long, "last_msg": [{ "cha_message": long }] }] });
    let page = decode_page(&body.to_string()).expect("a page");
    assert_eq!(page.conversations[0].name.chars().count(), 1_000_000);
}
