//! Reply bodies into what they mean: a page of conversations, a page of a conversation's
//! messages, or the typed reason there is none. The reading itself is the wire types'
//! ([`super::wire`]).

use super::{
    wire::{sorted, time_key, ChistoryReply, HischatReply, Item, Json, List},
    ApiError, Messages, Page,
};
use serde::de::{DeserializeOwned, IgnoredAny};

/// Reads a `/hischat.php` reply body into a page, or the reason there is none. Never panics.
pub fn decode_page(body: &str) -> Result<Page, ApiError> {
    let reply: HischatReply = read(body)?;
    refusal(&reply.error, reply.status)?;
    // Success without a list is an empty page, but only when the server said success.
    let (conversations, skipped) = entries(reply.history, reply.status == Some(1))?;
    Ok(Page {
        conversations,
        skipped,
    })
}

/// Reads a `/chistory.php` reply body into its messages, oldest first. Never panics.
pub fn decode_messages(body: &str) -> Result<Messages, ApiError> {
    let reply: ChistoryReply = read(body)?;
    refusal(&reply.error, reply.status)?;
    // vChat's documented success has no `status`, but always a list.
    let (messages, skipped) = entries(reply.msg, reply.status == Some(1))?;
    let messages = sorted(messages, |m| {
        time_key(m.time.unwrap_or(0)) << 64 | u128::from(m.id)
    });
    Ok(Messages {
        messages,
        skipped,
        support_id: reply.support_id,
    })
}

fn read<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    // PHP files saved with a byte-order mark echo it before the JSON.
    let body = body.trim_start_matches('\u{feff}');
    // Read once, straight into the wire types, which read every field leniently: only a document
    // of another shape, or one that is not JSON at all (an HTML error page, a PHP warning, a
    // truncated reply), has no reply in it.
    match serde_json::from_str::<Json<T>>(body) {
        Ok(Json::Object(reply)) => Ok(reply),
        Ok(_) => Err(ApiError::Shape),
        // serde refuses an object with a key twice, which JSON leaves undefined: that document is
        // JSON of another shape, told apart by reading it again without keeping anything.
        Err(error) if error.is_data() && serde_json::from_str::<IgnoredAny>(body).is_ok() => {
            Err(ApiError::Shape)
        }
        Err(_) => Err(ApiError::NotJson),
    }
}

/// vChat said no: a `status` other than 1, or an `error` text.
fn refusal(error: &str, status: Option<i64>) -> Result<(), ApiError> {
    let error = error.trim();
    if status.is_some_and(|s| s != 1) || !error.is_empty() {
        return Err(ApiError::Refused(error.to_owned()));
    }
    Ok(())
}

/// The entries that could be read, and how many could not.
fn entries<T>(list: List<T>, empty_is_success: bool) -> Result<(Vec<T>, usize), ApiError> {
    match list {
        List::Items(items) => {
            let total = items.len();
            let read: Vec<T> = items.into_iter().filter_map(Item::entry).collect();
            let skipped = total - read.len();
            Ok((read, skipped))
        }
        List::Empty if empty_is_success => Ok((Vec::new(), 0)),
        List::Empty | List::Invalid => Err(ApiError::Shape),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    // Copies of the replies printed in vChat's API documentation.
    const OK: &str = include_str!("fixtures/hischat-ok.json");
    const REFUSED: &str = include_str!("fixtures/hischat-error.json");
    const CHISTORY_OK: &str = include_str!("fixtures/chistory-ok.json");
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
        // What opening the conversation needs, and every documented message field, are kept.
        assert_eq!(first.hash, "a18e6636339533c68691e5d782c85370");
        assert_eq!(
            (message.id, message.min_id, message.max_id),
            (185185, 218, 156509782)
        );
        assert_eq!(message.writer_id, 156509782);
        assert_eq!(
            (message.agent_id, message.system_id, message.key, message.ip),
            (0, 0, 0, 0)
        );
        assert_eq!(page.conversations[1].customer_id, 161275629);
        assert_eq!(
            page.conversations[1].hash,
            "c4b649fd9ca2134f4b8e8608462f5e14"
        );
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
            "address": 912345678.0, "email": 1.5,
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
        // PHP writes a whole float with ".0"; as text it is the number.
        assert_eq!((c.address.as_str(), c.email.as_str()), ("912345678", "1.5"));
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
    fn the_newest_of_several_last_msgs_is_shown() {
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
            { "uss_sso_id": -3 }, null, { "uss_sso_id": "18446744073709551616" }, { "uss_sso_id": 2 },
            // vChat never sends these; a row that cannot name its customer is not shown as one.
            { "uss_sso_id": true }, { "uss_sso_id": false }, { "uss_sso_id": "+5" },
            { "uss_sso_id": "5 5" }, { "uss_sso_id": 7.5 }, { "uss_sso_id": 3.0 }
        ]);
        let page = decode_page(&ok_with(rows)).expect("page");
        let ids: Vec<_> = page.conversations.iter().map(|c| c.customer_id).collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(page.skipped, 11);
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
            // A key twice, then cut off: the reading stops at the key, the document is still no JSON.
            r#"{"status":1,"status":1,"history":[{"uss_sso_id":1},{"uss_sso"#,
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
            // A reply's fields in a list, in order: still not a reply.
            r#"["", 1, [{"uss_sso_id": 5}]]"#,
            // A key twice is JSON that serde will not read as a reply or a row.
            r#"{"status":1,"status":1,"history":[]}"#,
            r#"{"status":1,"history":[{"uss_sso_id":1,"uss_sso_id":2}]}"#,
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

    #[test]
    fn documented_messages_read_every_field_oldest_first() {
        let thread = decode_messages(CHISTORY_OK).expect("messages");
        assert_eq!((thread.messages.len(), thread.skipped), (2, 0));
        assert_eq!(thread.support_id, 630394);
        assert!(thread.reaches_start());
        let [agent, admin] = &thread.messages[..] else {
            panic!("two messages")
        };
        assert_eq!(agent.id, 192408);
        assert_eq!(agent.time, Some(1436156428));
        assert_eq!((agent.writer_id, agent.agent_id), (630394, 630394));
        assert_eq!((agent.system_id, agent.ip), (0, 712125308));
        assert_eq!(agent.r#type, "text");
        assert!(agent
            .text
            .contains("<a target=\"_blank\" href=\"http://Playmobile.vn\">"));
        assert_eq!(admin.text, "cảm ơn bạn");
        assert_eq!(admin.link, "http://vatgia.com/438/3001006/");
    }

    #[test]
    fn a_refused_conversation_hash_is_a_refusal() {
        assert_eq!(
            decode_messages(CHISTORY_REFUSED),
            Err(ApiError::Refused("Hash failed".into()))
        );
    }

    #[test]
    fn messages_in_any_order_or_keyed_come_out_oldest_first_and_odd_ones_are_counted() {
        let body = json!({ "error": "", "msg": {
            "3": { "cha_id": "3", "cha_message": "c", "cha_time": "300" },
            "0": { "cha_id": 1, "cha_message": "a", "cha_time": 100 },
            "1": "oops",
            "2": { "cha_id": "2", "cha_message": "b", "cha_time": "200" },
            "4": { "cha_id": "9", "cha_message": " " },
            "5": [1, 2]
        }});
        let thread = decode_messages(&body.to_string()).expect("messages");
        let texts: Vec<_> = thread.messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert_eq!(thread.skipped, 3);
    }

    #[test]
    fn an_empty_message_list_is_an_empty_page_unless_refused() {
        for body in [r#"{"error":"","msg":[]}"#, r#"{"status":1,"msg":""}"#] {
            let thread = decode_messages(body).expect(body);
            assert!(
                thread.messages.is_empty() && thread.reaches_start(),
                "{body}"
            );
        }
        // A success always carries its list; without one, it is not a reply of this endpoint.
        for body in [
            r#"{"msg":42}"#,
            r#"{"error":"","msg":""}"#,
            "{}",
            r#"{"result":"ok"}"#,
        ] {
            assert_eq!(decode_messages(body), Err(ApiError::Shape), "{body}");
        }
        assert_eq!(decode_messages("<html>"), Err(ApiError::NotJson));
        assert_eq!(
            decode_messages(r#"{"status":0,"msg":""}"#),
            Err(ApiError::Refused(String::new()))
        );
    }
}
