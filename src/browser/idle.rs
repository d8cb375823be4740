//! Work for later: the browser's idle time, or the next paint.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::IdleDeadline;

/// Runs `work` once the browser has nothing more urgent to do (`requestIdleCallback`), so that
/// it never holds up an event or a reply already waiting. `work` learns how long the browser
/// expects to stay idle; where it has no idle callbacks (older Safari), `work` runs after a
/// timer and learns nothing (`None`).
pub fn when_idle(work: impl FnOnce(Option<IdleDeadline>) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move |deadline: JsValue| work(deadline.dyn_into().ok()));
    if window
        .request_idle_callback(callback.unchecked_ref())
        .is_err()
    {
        let _ = window.set_timeout_with_callback(callback.unchecked_ref());
    }
}

/// Runs `work` in a task of its own, after what is waiting already (a timer for no time, set
/// outside another timer, so not held back).
pub fn next_task(work: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(work, std::time::Duration::ZERO);
}

/// Runs `work` once the next frame has been painted: a timer set from that frame's animation
/// callback (a timer not nested in another, so not held back).
pub fn after_paint(work: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || next_task(work));
}
