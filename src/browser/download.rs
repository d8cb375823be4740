//! Saving a file the app made: a `Blob` behind a link with `download`, clicked, which works
//! under the deployment's `default-src 'none'` policy (no `data:` URL, no new window).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `content` (a string or bytes) as the file `name` of type `mime`; `false` if the
/// browser refused.
pub fn save(name: &str, mime: &str, content: &JsValue) -> bool {
    let parts = js_sys::Array::of1(content);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_buffer_source_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let document = document();
    let link = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok());
    let saved = link.is_some_and(|link| {
        link.set_href(&url);
        link.set_download(name);
        link.click();
        true
    });
    // The download has its own copy once started; the URL may go after this turn.
    set_timeout(
        move || drop(Url::revoke_object_url(&url)),
        std::time::Duration::from_secs(1),
    );
    saved
}
