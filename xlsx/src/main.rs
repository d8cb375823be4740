//! The worker that writes Excel files: it says it is ready, then answers each message holding a
//! [`Sheet`] as JSON with the workbook's bytes, or with the reason it could not.

#[cfg(target_arch = "wasm32")]
fn main() {
    use vchat_xlsx::{workbook, Sheet};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let sheet = event
            .data()
            .as_string()
            .and_then(|json| serde_json::from_str::<Sheet>(&json).ok());
        let sent = match sheet.map(|sheet| workbook(&sheet)) {
            Some(Ok(bytes)) => {
                let bytes = js_sys::Uint8Array::from(&bytes[..]);
                // Handed over, not copied.
                reply.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()))
            }
            Some(Err(error)) => reply.post_message(&JsValue::from_str(&error.to_string())),
            None => reply.post_message(&JsValue::from_str("not a sheet")),
        };
        drop(sent);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker's only listener, for its whole life.
    on_message.forget();
    // Messages sent before the listener was set would have been lost: the app waits for this.
    let _ = scope.post_message(&JsValue::TRUE);
}

/// The worker runs in a browser only.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
