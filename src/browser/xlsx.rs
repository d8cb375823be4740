//! The Excel files: written in a worker of their own (the `vchat-xlsx` crate, which Trunk builds
//! beside the app), started only when an admin exports to Excel and ended once the file is
//! written, so the writer's code is never part of the app's first download.

use std::cell::RefCell;
use vchat_xlsx::Sheet;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

thread_local! {
    /// The worker's script: `embed.js` names it (the build hashes its name) once the app runs.
    static WORKER_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Where the worker's script is.
pub fn set_worker_url(url: String) {
    WORKER_URL.with(|slot| *slot.borrow_mut() = Some(url));
}

/// The worker, ended however its work ends: written, failed, or called off (dropped).
struct Running(Worker);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.terminate();
    }
}

/// The `.xlsx` file of `sheet`, or `None` when the worker could not be started or could not
/// write it.
pub async fn write(sheet: &Sheet) -> Option<js_sys::Uint8Array> {
    let url = WORKER_URL.with(|slot| slot.borrow().clone())?;
    let json = serde_json::to_string(sheet).ok()?;
    let worker = Running(Worker::new(&url).ok()?);
    let mut settle = None;
    let answer = js_sys::Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let (resolve, reject) = settle?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
        let worker = worker.0.clone();
        let mut job = Some(json);
        move |event: MessageEvent| {
            let data = event.data();
            // The worker is ready for the sheet; anything after that is its answer.
            match job.take() {
                Some(json) if data.as_bool() == Some(true) => {
                    let _ = worker.post_message(&JsValue::from_str(&json));
                }
                _ => drop(resolve.call1(&JsValue::UNDEFINED, &data)),
            }
        }
    });
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |error| {
        let _ = reject.call1(&JsValue::UNDEFINED, &error);
    });
    worker
        .0
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker
        .0
        .set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let bytes = JsFuture::from(answer).await.ok()?;
    // A text answer is the worker's reason for not writing it.
    bytes.dyn_into().ok()
}
