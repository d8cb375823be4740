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

/// Rows drawn in one idle callback, and in all.
const ROWS_AT_ONCE: usize = 5;
const ROWS: usize = 30;
/// Idle time a further batch of rows needs (5 rows took 1-3 ms once compiled).
const IDLE_LEFT_MS: f64 = 4.0;

/// While a sign-in is checked (`verified` is false), decodes a made-up reply as a real one is
/// decoded, draws its row out of the document in the browser's idle time, a few at a time, and
/// throws the rows away; it stops as soon as the check is answered or the screen is gone.
///
/// Why: the browser compiles each wasm function the first time it runs, and speeds up the glue
/// code the DOM is reached through as it is called more. A fresh tab's first page of rows paid
/// for all of that between sign-in's reply and its rows: signing in as soon as the app had
/// loaded, from reply to rows took 32.7 ms (median of 8, loopback, 120 ms reply delay), 20.4 ms
/// with one row drawn beforehand, 16.9 ms with 30. The request is in flight meanwhile, so the
/// time is otherwise idle.
pub fn use_row_warm_up(verified: Signal<bool>) {
    // Rows find the URL in the screen's context.
    let Some(screen) = Owner::current().filter(|_| !verified.get_untracked()) else {
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
            verified,
            // Disposed with the screen (a refused sign-in, a sign-out).
            alive: StoredValue::new(()),
            screen,
            sample,
            t: use_i18n().t(),
        },
    );
}

struct Warming {
    verified: Signal<bool>,
    alive: StoredValue<()>,
    screen: Owner,
    sample: Conversation,
    t: &'static Strings,
}

fn draw(mut left: usize, warming: Warming) {
    when_idle(move |deadline| {
        // Callbacks asked for now run in the next idle period: use this one while it lasts.
        loop {
            let checking = warming.verified.try_get_untracked() == Some(false);
            if left == 0 || !checking || warming.alive.try_get_value().is_none() {
                return;
            }
            let now = left.min(ROWS_AT_ONCE);
            let rows = warming.screen.child();
            rows.with(|| {
                for _ in 0..now {
                    let conversation = warming.sample.clone();
                    let t = warming.t;
                    drop(view! { <ConversationRow conversation open=false page=1 t /> }.build());
                }
            });
            rows.cleanup();
            left -= now;
            if deadline
                .as_ref()
                .is_none_or(|d| d.time_remaining() < IDLE_LEFT_MS)
            {
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
