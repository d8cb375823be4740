//! Work for the browser's idle time.

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
