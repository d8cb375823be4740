//! Whether the admin can see the page (`document.visibilityState`).

use leptos::{ev, prelude::*};

/// True while the page is visible: not in a background tab, a minimised window or a locked
/// screen. Followed until the owner ends.
pub fn page_visible() -> Signal<bool> {
    let (visible, set_visible) = signal(!document().hidden());
    let handle = window_event_listener(ev::visibilitychange, move |_| {
        set_visible.set(!document().hidden());
    });
    on_cleanup(move || handle.remove());
    visible.into()
}
