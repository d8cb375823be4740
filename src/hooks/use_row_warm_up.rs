use crate::{
    api::{decode_page, Conversation},
    browser::idle::when_idle,
    components::ConversationRow,
    i18n::{use_i18n, Strings},
};
use leptos::{prelude::*, tachys::view::Render};

/// A made-up conversation in vChat's reply format, with every part a row shows (contact, lead,
/// badges, time, product page) except an avatar, whose image would be fetched.
const SAMPLE_REPLY: &str = r#"{"status":1,"error":"","history":[{"online":1,"use_name":"Nguyễn Văn An","address":"12 Lê Lợi, Hà Nội","email":"an@example.com","phone":"0912345678","uss_sso_id":1,"use_image":"","pro":7,"hash":"","is_uservg":1,"support_id":3,"last_msg":[{"cha_id":"1","cha_message":"Khách: Trần Bình  01668152371  cần tư vấn","cha_link":"https://example.com/p/1","cha_time":"1436149648","cha_owner_id":1}]}]}"#;

/// Rows drawn in all, and in one go where the browser has no idle callbacks. Reply → rows at
/// 120 ms a reply, signing in as soon as the app had loaded (the mean of two medians of 16):
/// 15.0 ms after 30 rows, 12.2 after 60, 11.8 after 100, 10.5 after 200, 11.8 after 400 (more
/// garbage to collect).
const ROWS: usize = 200;
const ROWS_AT_ONCE: usize = 5;
/// Idle time a further row needs (a row took 0.2-0.6 ms once compiled, several ms before).
const IDLE_LEFT_MS: f64 = 3.0;

/// Until the admin is signed in (`signed_in`: the form is being filled in, or the credentials
/// are being checked), decodes a made-up reply as a real one is decoded, draws its row out of
/// the document in the browser's idle time, one row after another while the idle period lasts,
/// and throws the rows away. It stops after 200 rows, at sign-in, or with the app.
///
/// Why: the browser compiles each wasm function the first time it runs, then again, optimised
/// and out of the main thread, the ones called often; and it speeds up the glue code the DOM
/// is reached through as it is called more. A fresh tab's first page of rows paid
/// for all of that between sign-in's reply and its rows: signing in as soon as the app had
/// loaded, from reply to rows took 32.7 ms (median of 8, loopback, 120 ms reply delay), 20.4 ms
/// with one row drawn beforehand, 16.9 ms with 30. The admin typing, or the request in flight,
/// leaves that time idle.
pub fn use_row_warm_up(signed_in: Signal<bool>) {
    // Rows find the URL and the language in the app's context.
    let Some(app) = Owner::current().filter(|_| !signed_in.get_untracked()) else {
        return;
    };
    let Some(sample) = decode_page(SAMPLE_REPLY)
        .ok()
        .and_then(|page| page.conversations.into_iter().next())
    else {
        return;
    };
    draw(
        ROWS,
        Warming {
            signed_in,
            // Disposed with the app.
            alive: StoredValue::new(()),
            app,
            sample,
            t: use_i18n().t(),
        },
    );
}

struct Warming {
    signed_in: Signal<bool>,
    alive: StoredValue<()>,
    app: Owner,
    sample: Conversation,
    t: &'static Strings,
}

fn draw(mut left: usize, warming: Warming) {
    when_idle(move |deadline| {
        let mut drawn = 0;
        // Callbacks asked for now run in the next idle period: use this one while it lasts.
        loop {
            let waiting = warming.signed_in.try_get_untracked() == Some(false);
            if left == 0 || !waiting || warming.alive.try_get_value().is_none() {
                return;
            }
            let rows = warming.app.child();
            rows.with(|| {
                let conversation = warming.sample.clone();
                let t = warming.t;
                drop(view! { <ConversationRow conversation open=false page=1 t /> }.build());
            });
            rows.cleanup();
            left -= 1;
            drawn += 1;
            let more = match &deadline {
                Some(deadline) => deadline.time_remaining() >= IDLE_LEFT_MS,
                None => drawn < ROWS_AT_ONCE,
            };
            if !more {
                break;
            }
        }
        draw(left, warming);
    });
}

#[cfg(test)]
mod tests {
    use super::SAMPLE_REPLY;
    use crate::{api::decode_page, format::links::web_url, search::lead};

    /// The warm-up goes through every part a row draws, but an image.
    #[test]
    fn the_sample_reply_has_every_part_of_a_row_but_an_avatar() {
        let page = decode_page(SAMPLE_REPLY).expect("the sample is a valid reply");
        let [c] = page.conversations.as_slice() else {
            panic!("one conversation, got {}", page.conversations.len());
        };
        assert!(c.online && c.is_uservg && c.pro > 0 && c.support_id > 0);
        assert!(![&c.phone, &c.email, &c.address, &c.use_name]
            .iter()
            .any(|field| field.trim().is_empty()));
        assert_eq!(web_url(&c.use_image), None);
        let message = c.last_msg.as_ref().expect("a last message");
        assert!(message.cha_time.is_some());
        assert!(web_url(&message.cha_link).is_some());
        let lead = lead::parse(&message.cha_message).expect("a lead in the message");
        assert!(!lead.name.is_empty() && lead.written != lead.phone);
    }
}
