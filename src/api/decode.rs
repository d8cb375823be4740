//! Tolerant decoding of `/hischat.php` replies: the body is parsed once into a JSON tree, then read
//! field by field, accepting every loose type the PHP server is known to send.

use super::{ApiError, Conversation, Message, Page};
use serde_json::{Map, Value};

/// 9999-12-31T23:59:59Z: later times are garbage, and a date past it breaks date formatting.
const LAST_SECOND: i64 = 253_402_300_799;

/// Reads a reply body into a page, or the reason there is none. Never panics.
pub fn decode_page(body: &str) -> Result<Page, ApiError> {
    // PHP files saved with a byte-order mark echo it before the JSON.
    let body = body.trim_start_matches('\u{feff}');
    let root = match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(root)) => root,
        Ok(_) => return Err(ApiError::Shape),
        Err(_) => return Err(ApiError::NotJson),
    };
    let error = root.get("error").and_then(text).unwrap_or_default();
    let error = error.trim();
    let status = root.get("status").and_then(integer);
    if status.is_some_and(|s| s != 1) || !error.is_empty() {
        return Err(ApiError::Refused(error.to_owned()));
    }
    let rows = match root.get("history") {
        Some(Value::Array(rows)) => rows.iter().collect(),
        // PHP encodes an array with gaps in its keys as an object: {"0": ..., "2": ...}.
        Some(Value::Object(rows)) => in_key_order(rows),
        // Success without a list is an empty page, but only when the server said success.
        Some(Value::Null) | None if status == Some(1) => Vec::new(),
        Some(Value::String(s)) if status == Some(1) && s.is_empty() => Vec::new(),
        _ => return Err(ApiError::Shape),
    };
    let total = rows.len();
    let conversations: Vec<_> = rows.into_iter().filter_map(conversation).collect();
    Ok(Page {
        skipped: total - conversations.len(),
        conversations,
    })
}

fn in_key_order(rows: &Map<String, Value>) -> Vec<&Value> {
    let mut keyed: Vec<_> = rows.iter().collect();
    keyed.sort_by_key(|(key, _)| key.parse::<u64>().unwrap_or(u64::MAX));
    keyed.into_iter().map(|(_, row)| row).collect()
}

/// A conversation is readable when it is an object naming a customer id; every other field may
/// be missing or odd and falls back to empty.
fn conversation(row: &Value) -> Option<Conversation> {
    let row = row.as_object()?;
    let customer_id = row.get("uss_sso_id").and_then(id)?;
    Some(Conversation {
        customer_id,
        name: field_text(row, "use_name"),
        online: flag(row, "online"),
        email: field_text(row, "email"),
        phone: field_text(row, "phone"),
        address: field_text(row, "address"),
        avatar: field_text(row, "use_image"),
        product_id: row.get("pro").and_then(id).unwrap_or(0),
        vatgia_user: flag(row, "is_uservg"),
        support_id: row.get("support_id").and_then(id).unwrap_or(0),
        last_message: row.get("last_msg").and_then(latest_message),
    })
}

/// `last_msg` is documented as a list (usually of one); a lone object or nothing also occur.
fn latest_message(value: &Value) -> Option<Message> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(message)
            .max_by_key(|m| m.time.unwrap_or(i64::MIN)),
        Value::Object(_) => message(value),
        _ => None,
    }
}

fn message(value: &Value) -> Option<Message> {
    let fields = value.as_object()?;
    let message = Message {
        text: field_text(fields, "cha_message"),
        link: field_text(fields, "cha_link").trim().to_owned(),
        time: fields
            .get("cha_time")
            .and_then(integer)
            .filter(|t| (1..=LAST_SECOND).contains(t)),
    };
    let has_content = !message.text.trim().is_empty() || message.time.is_some();
    has_content.then_some(message)
}

fn field_text(fields: &Map<String, Value>, key: &str) -> String {
    fields.get(key).and_then(text).unwrap_or_default()
}

fn flag(fields: &Map<String, Value>, key: &str) -> bool {
    fields.get(key).and_then(integer).is_some_and(|n| n != 0)
}

/// A string, or a number written out; `null` and anything else read as absent.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A whole number sent as a JSON number, a string of digits, or a boolean.
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// An id is a positive whole number.
fn id(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) if n.is_u64() => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => integer(value).and_then(|n| u64::try_from(n).ok()),
    }
    .filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Copies of the replies printed in vChat's API documentation.
    const OK: &str = include_str!("fixtures/hischat-ok.json");
    const REFUSED: &str = include_str!("fixtures/hischat-error.json");
    const CHISTORY_REFUSED: &str = include_str!("fixtures/chistory-error.json");
    /// Printed with a truncated third row, as real replies may be.
    const DOCUMENTED_SAMPLE: &str = include_str!("fixtures/hischat-documented-sample.txt");

    fn ok_with(rows: Value) -> String {
        json!({ "error": "", "status": 1, "history": rows }).to_string()
    }

    fn one(row: Value) -> Page {
        decode_page(&ok_with(json!([row]))).expect("a page")
    }

    #[test]
    fn documented_success_reads_every_field() {
        let page = decode_page(OK).expect("a page");
        assert_eq!(page.skipped, 0);
        assert_eq!(page.conversations.len(), 2);
        assert!(page.is_last());
        let first = &page.conversations[0];
        assert_eq!(first.customer_id, 156509782);
        assert_eq!(first.name, "Khách - 156509782");
        assert!(!first.online);
        assert_eq!(first.email, "");
        assert_eq!(
            first.avatar,
            "http://static.vatgia.com/css/multi_css_v2/standard/no_avatar_xx_small.gif"
        );
        assert_eq!(first.product_id, 0);
        assert!(!first.vatgia_user);
        let message = first.last_message.as_ref().expect("a last message");
        assert_eq!(
            message.text,
            "Khách: hà văn truyền  01668152371  chào anh chị"
        );
        assert_eq!(message.time, Some(1436149648));
        assert!(message
            .link
            .starts_with("http://www.sieuthitienloi.com/4425959/"));
        assert_eq!(page.conversations[1].customer_id, 161275629);
    }

    #[test]
    fn documented_failure_is_a_refusal_with_the_server_text() {
        assert_eq!(
            decode_page(REFUSED),
            Err(ApiError::Refused("Khong co ma bao mat".into()))
        );
    }

    #[test]
    fn chistory_failure_reply_is_a_refusal_too() {
        assert_eq!(
            decode_page(CHISTORY_REFUSED),
            Err(ApiError::Refused("Hash failed".into()))
        );
    }

    #[test]
    fn the_documentation_sample_itself_is_not_json() {
        assert_eq!(decode_page(DOCUMENTED_SAMPLE), Err(ApiError::NotJson));
    }

    #[test]
    fn numbers_may_be_digit_strings_and_strings_numbers() {
        let page = one(json!({
            "online": "1", "uss_sso_id": " 42 ", "pro": "7", "is_uservg": true,
            "support_id": 630394.0, "use_name": 12345, "phone": 912345678,
            "last_msg": [{ "cha_message": "hi", "cha_time": 1436149648 }]
        }));
        let c = &page.conversations[0];
        assert_eq!(c.customer_id, 42);
        assert!(c.online);
        assert_eq!(c.product_id, 7);
        assert!(c.vatgia_user);
        assert_eq!(c.support_id, 630394);
        assert_eq!(c.name, "12345");
        assert_eq!(c.phone, "912345678");
        assert_eq!(
            c.last_message.as_ref().and_then(|m| m.time),
            Some(1436149648)
        );
    }

    #[test]
    fn status_may_be_a_string_or_missing() {
        let page = decode_page(r#"{"status":"1","history":[{"uss_sso_id":5}]}"#).expect("page");
        assert_eq!(page.conversations.len(), 1);
        let page = decode_page(r#"{"history":[{"uss_sso_id":5}]}"#).expect("page");
        assert_eq!(page.conversations.len(), 1);
        assert_eq!(
            decode_page(r#"{"history":[],"error":"Access token null"}"#),
            Err(ApiError::Refused("Access token null".into()))
        );
        assert_eq!(
            decode_page(r#"{"status":"0","error":"","history":""}"#),
            Err(ApiError::Refused(String::new()))
        );
    }

    #[test]
    fn an_empty_or_missing_history_on_success_is_an_empty_page() {
        for body in [
            r#"{"status":1,"error":"","history":[]}"#,
            r#"{"status":1,"error":"","history":""}"#,
            r#"{"status":1,"error":null,"history":null}"#,
            r#"{"status":1}"#,
        ] {
            let page = decode_page(body).expect(body);
            assert!(page.is_empty() && page.is_last(), "{body}");
        }
    }

    #[test]
    fn history_keyed_like_a_php_array_keeps_its_order() {
        let page = decode_page(
            r#"{"status":1,"history":{"10":{"uss_sso_id":3},"2":{"uss_sso_id":2},"0":{"uss_sso_id":1}}}"#,
        )
        .expect("page");
        let ids: Vec<_> = page.conversations.iter().map(|c| c.customer_id).collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn missing_null_and_extra_fields_fall_back_to_empty() {
        let page = one(json!({
            "uss_sso_id": 9, "use_name": null, "email": null, "unknown": {"deep": [1, 2]},
            "online": null, "pro": "abc", "support_id": -4
        }));
        let c = &page.conversations[0];
        assert_eq!(c.name, "");
        assert_eq!(c.email, "");
        assert!(!c.online);
        assert_eq!((c.product_id, c.support_id), (0, 0));
        assert_eq!(c.last_message, None);
    }

    #[test]
    fn last_msg_empty_absent_or_a_lone_object() {
        for last in [
            json!([]),
            json!(""),
            json!(null),
            json!([{}]),
            json!([1, "x"]),
        ] {
            let page = one(json!({ "uss_sso_id": 1, "last_msg": last }));
            assert_eq!(page.conversations[0].last_message, None, "{last}");
        }
        for time in [json!(0), json!("-5"), json!("253402300800"), json!(1e300)] {
            let page = one(
                json!({ "uss_sso_id": 1, "last_msg": [{ "cha_message": "x", "cha_time": time }] }),
            );
            let message = page.conversations[0]
                .last_message
                .as_ref()
                .expect("a message");
            assert_eq!(message.time, None, "{time}");
        }
        let page = one(json!({ "uss_sso_id": 1, "last_msg": { "cha_message": "lone" } }));
        assert_eq!(
            page.conversations[0]
                .last_message
                .as_ref()
                .map(|m| m.text.as_str()),
            Some("lone")
        );
    }

    #[test]
    fn the_newest_of_several_last_messages_is_shown() {
        let page = one(json!({ "uss_sso_id": 1, "last_msg": [
            { "cha_message": "old", "cha_time": "100" },
            { "cha_message": "new", "cha_time": "300" },
            { "cha_message": "middle", "cha_time": "200" }
        ]}));
        let last = page.conversations[0]
            .last_message
            .as_ref()
            .expect("a message");
        assert_eq!((last.text.as_str(), last.time), ("new", Some(300)));
    }

    #[test]
    fn a_malformed_row_is_skipped_and_counted() {
        let rows = json!([
            { "uss_sso_id": 1 }, "oops", { "use_name": "no id" }, { "uss_sso_id": "x" },
            { "uss_sso_id": -3 }, null, { "uss_sso_id": "18446744073709551616" }, { "uss_sso_id": 2 }
        ]);
        let page = decode_page(&ok_with(rows)).expect("page");
        let ids: Vec<_> = page.conversations.iter().map(|c| c.customer_id).collect();
        assert_eq!(ids, [1, 2]);
        assert_eq!(page.skipped, 6);
    }

    #[test]
    fn skipped_rows_count_towards_a_full_page() {
        let mut rows = vec![json!("broken")];
        rows.extend((1..30).map(|id| json!({ "uss_sso_id": id })));
        let page = decode_page(&ok_with(Value::Array(rows))).expect("page");
        assert_eq!((page.conversations.len(), page.skipped), (29, 1));
        assert!(!page.is_last());
    }

    #[test]
    fn bodies_that_are_not_json_are_told_apart_from_wrong_shapes() {
        for body in [
            "",
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            "<br />\n<b>Warning</b>: mysql_connect(): Too many connections",
            r#"{"error":"","status":1,"history":[{"uss_sso_id":1},{"uss_sso"#,
            "\u{feff}",
        ] {
            assert_eq!(decode_page(body), Err(ApiError::NotJson), "{body}");
        }
        for body in [
            "[]",
            "null",
            "42",
            r#""text""#,
            r#"{"status":1,"history":42}"#,
            r#"{"status":1,"history":"not a list"}"#,
            r#"{"error":""}"#,
        ] {
            assert_eq!(decode_page(body), Err(ApiError::Shape), "{body}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let body = format!("\u{feff}{}", OK);
        assert_eq!(decode_page(&body).map(|p| p.conversations.len()), Ok(2));
    }

    #[test]
    fn a_full_page_is_not_the_last() {
        let rows = (1..=30).map(|id| json!({ "uss_sso_id": id })).collect();
        let page = decode_page(&ok_with(Value::Array(rows))).expect("page");
        assert_eq!(page.conversations.len(), 30);
        assert!(!page.is_last());
    }
}
