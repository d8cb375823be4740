//! The browser side of the API: one `fetch` per page, cancellable and bounded in time.

use super::{decode_page, ApiError, Credentials, Page};
use leptos::prelude::set_timeout_with_handle;
use std::{cell::Cell, rc::Rc, time::Duration};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// Posts the request for `page` to `url` and decodes the reply.
///
/// `abort` cancels the request from outside (the user moved on); a timer aborts it too after
/// `timeout`. A cancelled request ends in an error the caller is expected to ignore.
pub async fn fetch_page(
    url: &str,
    credentials: &Credentials,
    page: u32,
    timeout: Duration,
    abort: &AbortController,
) -> Result<Page, ApiError> {
    let timed_out = Rc::new(Cell::new(false));
    let timer = set_timeout_with_handle(
        {
            let (timed_out, abort) = (timed_out.clone(), abort.clone());
            move || {
                timed_out.set(true);
                abort.abort();
            }
        },
        timeout,
    )
    .ok();
    let result = send(url, credentials, page, abort).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    match result {
        Err(ApiError::Network) if timed_out.get() => Err(ApiError::Timeout),
        other => other,
    }
}

async fn send(
    url: &str,
    credentials: &Credentials,
    page: u32,
    abort: &AbortController,
) -> Result<Page, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    headers
        .set("Content-Type", "application/x-www-form-urlencoded")
        .map_err(|_| ApiError::Network)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&credentials.form_body(page)));
    init.set_signal(Some(&abort.signal()));
    // fetch rejects (offline, refused, aborted) without saying more that would help the user.
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .and_then(|r| r.dyn_into())
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    let text = response.text().map_err(|_| ApiError::Network)?;
    let body = JsFuture::from(text)
        .await
        .ok()
        .and_then(|body| body.as_string())
        .ok_or(ApiError::Network)?;
    decode_page(&body).map_err(|error| match error {
        // The server's text is shown to the user: make sure it cannot echo the secret back.
        ApiError::Refused(text) if !credentials.hash.is_empty() => {
            ApiError::Refused(text.replace(&credentials.hash, "…"))
        }
        other => other,
    })
}
