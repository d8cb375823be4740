//! Compiling the code of signing in before the admin signs in: what a sign-in draws, drawn out
//! of sight and thrown away while the form is filled in.

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

/// Rows drawn in all. Reply → rows at 120 ms a reply, signing in as soon as the app had loaded
/// (the mean of two medians of 16): 15.0 ms after 30 rows, 12.2 after 60, 11.8 after 100, 10.5
/// after 200, 11.8 after 400 (more garbage to collect).
const ROWS: usize = 200;
/// Rows drawn in one go where the browser has no idle callbacks.
const ROWS_AT_ONCE: usize = 5;
/// Idle time a further row needs (a row took 0.2-0.6 ms once compiled, several ms before).
const IDLE_LEFT_MS: f64 = 3.0;
/// Idle time the screen needs: built for the first time, it took 8-29 ms, and a key pressed
/// meanwhile waits for it.
const SCREEN_IDLE_MS: f64 = 20.0;

/// Until the admin is signed in (`signed_in`: the form is being filled in, or the credentials
/// are being checked), builds what signing in will draw out of the document, in the browser's
/// idle time, and throws it away: first the view `screen` gives, once (`None`: nothing worth
/// building by then), then 200 rows of a made-up conversation, decoded as a real reply is, one
/// row after another while the idle period lasts. It stops at sign-in, or with the app.
///
/// Why: the browser compiles each wasm function the first time it runs, then again, optimised
/// and out of the main thread, the ones called often; and it speeds up the glue code the DOM
/// is reached through as it is called more. A fresh tab's sign-in paid for all of that between
/// the click and the rows. Signing in as soon as the app had loaded, reply → rows took 32.7 ms
/// at 120 ms a reply with nothing drawn beforehand, 10.5 ms after the rows; at 0 ms, where the
/// reply waits for the history screen to be built, click → rows took 35-37 ms (three medians
/// of 10 or 12) after the rows alone, 28-31 ms (four of five) with the screen first.
///
/// `screen` is built and its owner disposed in one task, so none of its effects ever runs
/// (an effect first runs in a later task): it must reach nothing outside itself while being
/// built. The history screen asks vChat nothing until its credentials are verified.
pub fn use_warm_up<V: Render + 'static>(
    signed_in: Signal<bool>,
    screen: impl FnOnce() -> Option<V> + 'static,
) {
    // What is drawn finds the URL and the language in the app's context.
    let Some(app) = Owner::current().filter(|_| !signed_in.get_untracked()) else {
        return;
    };
    build_screen(
        screen,
        Warming {
            signed_in,
            app,
            t: use_i18n().t(),
        },
    );
}

struct Warming {
    /// Owned by the app: gone with it.
    signed_in: Signal<bool>,
    app: Owner,
    t: &'static Strings,
}

impl Warming {
    fn waiting(&self) -> bool {
        self.signed_in.try_get_untracked() == Some(false)
    }

    /// Builds `view` under an owner of its own, then throws both away.
    fn out_of_sight<V: Render>(&self, view: impl FnOnce() -> V) {
        let owner = self.app.child();
        owner.with(|| drop(view().build()));
        owner.cleanup();
    }
}

fn build_screen<V: Render + 'static>(
    screen: impl FnOnce() -> Option<V> + 'static,
    warming: Warming,
) {
    when_idle(move |deadline| {
        if !warming.waiting() {
            return;
        }
        if deadline
            .as_ref()
            .is_some_and(|d| d.time_remaining() < SCREEN_IDLE_MS)
        {
            return build_screen(screen, warming);
        }
        warming.out_of_sight(screen);
        // Decoded here rather than as the app starts, whose task it lengthened by a median of
        // 5 ms (up to 18): the decoder's code is compiled on its first call.
        let sample = decode_page(SAMPLE_REPLY)
            .ok()
            .and_then(|page| page.conversations.into_iter().next());
        if let Some(sample) = sample {
            draw_rows(ROWS, sample, warming);
        }
    });
}

fn draw_rows(mut left: usize, sample: Conversation, warming: Warming) {
    when_idle(move |deadline| {
        let mut drawn = 0;
        // Callbacks asked for now run in the next idle period: use this one while it lasts.
        while left > 0 && warming.waiting() {
            warming.out_of_sight(|| {
                let conversation = sample.clone();
                let t = warming.t;
                view! { <ConversationRow conversation open=false page=1 t /> }
            });
            left -= 1;
            drawn += 1;
            let more = match &deadline {
                Some(deadline) => deadline.time_remaining() >= IDLE_LEFT_MS,
                None => drawn < ROWS_AT_ONCE,
            };
            if !more {
                return draw_rows(left, sample, warming);
            }
        }
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
        assert!(c.online && c.vatgia_user && c.product_id > 0 && c.support_id > 0);
        assert!(![&c.phone, &c.email, &c.address, &c.name]
            .iter()
            .any(|field| field.trim().is_empty()));
        assert_eq!(web_url(&c.avatar), None);
        let message = c.last_message.as_ref().expect("a last message");
        assert!(message.time.is_some());
        assert!(web_url(&message.link).is_some());
        let lead = lead::parse(&message.text).expect("a lead in the message");
        assert!(!lead.name.is_empty() && lead.written != lead.phone);
    }
}
