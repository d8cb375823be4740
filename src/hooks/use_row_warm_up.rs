use crate::{
    browser::idle::when_idle,
    components::draw_sample_rows,
    i18n::{use_i18n, Strings},
};
use leptos::prelude::*;

/// Rows drawn in one idle callback, and in all.
const ROWS_AT_ONCE: usize = 5;
const ROWS: usize = 30;
/// Idle time a further batch of rows needs (5 rows took 1-3 ms once compiled).
const IDLE_LEFT_MS: f64 = 4.0;

/// While a sign-in is checked (`verified` is false), draws rows of a made-up conversation out of
/// the document in the browser's idle time, a few at a time, and throws them away; it stops as
/// soon as the check is answered or the screen is gone.
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
    // Disposed with the screen (a refused sign-in, a sign-out).
    let alive = StoredValue::new(());
    draw(
        ROWS,
        Warming {
            verified,
            alive,
            screen,
            t: use_i18n().t(),
        },
    );
}

struct Warming {
    verified: Signal<bool>,
    alive: StoredValue<()>,
    screen: Owner,
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
            warming.screen.with(|| draw_sample_rows(now, warming.t));
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
