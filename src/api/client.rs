//! The browser side of the API: one `fetch` per page, cancellable and bounded in time.

use super::{decode_page, ApiError, Credentials, Page};
use gloo_net::http::Request;
use leptos::prelude::set_timeout_with_handle;
use std::{cell::Cell, rc::Rc, time::Duration};
use web_sys::AbortController;

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
    let signal = abort.signal();
    let response = Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .abort_signal(Some(&signal))
        .body(credentials.form_body(page))
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    decode_page(&body).map_err(|error| match error {
        // The server's text is shown to the user: make sure it cannot echo the secret back.
        ApiError::Refused(text) if !credentials.hash.is_empty() => {
            ApiError::Refused(text.replace(&credentials.hash, "…"))
        }
        other => other,
    })
}
