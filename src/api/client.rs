//! The one API client: built once from the run-time configuration, provided as context, and used
//! by every caller (sign-in, the history screen, the thread). Requests go through gloo-net's
//! `fetch` wrapper.

use super::{
    decode_messages, decode_page, redacted, Api, ApiError, Cancel, Credentials, Messages, Page,
    ThreadKey,
};
use crate::browser::config::Config;
use gloo_net::http::{Request, Response};
use leptos::prelude::{expect_context, set_timeout_with_handle};
use std::{
    cell::Cell,
    future::Future,
    rc::Rc,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    task::{Context, Poll, Waker},
    time::Duration,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestCache,
    RequestCredentials, RequestRedirect,
};

/// A page of 30 conversations is about 25 KB, one of 50 messages less; a reply past this is not
/// one, and reading it on would only freeze the tab.
pub const MAX_REPLY_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct ApiClient {
    hischat_url: String,
    chistory_url: String,
    timeout: Duration,
    load_interval: Duration,
    refresh: Option<Duration>,
    /// Requests on their way, of every clone.
    in_flight: Arc<AtomicUsize>,
}

/// The client the app was started with.
pub fn use_api() -> ApiClient {
    expect_context()
}

impl ApiClient {
    pub fn new(config: &Config) -> ApiClient {
        ApiClient {
            hischat_url: config.api_url.clone(),
            chistory_url: config.thread_api_url.clone(),
            timeout: config.timeout,
            load_interval: config.load_interval,
            refresh: config.refresh,
            in_flight: Arc::default(),
        }
    }

    /// Posts `form` to `url` and reads the reply's body, within the configured time. No cookies
    /// or other ambient credentials go with it, no redirect is followed, and the browser caches
    /// nothing of it.
    async fn post(&self, url: &str, form: String, cancel: &Cancel) -> Result<String, ApiError> {
        let download = AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let timer = set_timeout_with_handle(
            {
                let (timed_out, download) = (timed_out.clone(), download.clone());
                move || {
                    timed_out.set(true);
                    if let Some(download) = download {
                        download.abort();
                    }
                }
            },
            self.timeout,
        )
        .ok();
        // Every browser the app runs in has `AbortController`; without one the download runs
        // on, and its reply is still dropped.
        if let Some(download) = &download {
            cancel.stops(download.clone());
        }
        let result = {
            let _counted = InFlight::count(&self.in_flight);
            send(url, form, download.as_ref()).await
        };
        if let Some(timer) = timer {
            timer.clear();
        }
        // However the request ended, once it was called off its result is not wanted.
        if cancel.is_cancelled() {
            Err(ApiError::Cancelled)
        } else if timed_out.get() {
            Err(ApiError::Timeout(self.timeout))
        } else {
            result
        }
    }
}

impl Api for ApiClient {
    async fn page(
        &self,
        credentials: &Credentials,
        page: u32,
        cancel: &Cancel,
    ) -> Result<Page, ApiError> {
        let body = self
            .post(&self.hischat_url, credentials.form_body(page), cancel)
            .await?;
        decode_page(&body).map_err(|error| redact(error, &credentials.hash))
    }

    async fn messages(
        &self,
        admin_id: u64,
        key: &ThreadKey,
        page: u32,
        cancel: &Cancel,
    ) -> Result<Messages, ApiError> {
        let body = self
            .post(&self.chistory_url, key.form_body(admin_id, page), cancel)
            .await?;
        decode_messages(&body).map_err(|error| redact(error, &key.hash))
    }

    fn load_interval(&self) -> Duration {
        self.load_interval
    }

    fn refresh_every(&self) -> Option<Duration> {
        self.refresh
    }

    fn busy(&self) -> bool {
        self.in_flight.load(Ordering::Relaxed) > 0
    }

    fn now(&self) -> f64 {
        js_sys::Date::now()
    }

    /// The page's clock (`performance.now()`): it never goes back or jumps with the computer's,
    /// and counts fractions of a millisecond, so that a pace is never cut short by rounding.
    fn monotonic(&self) -> f64 {
        match leptos::prelude::window().performance() {
            Some(clock) => clock.now(),
            None => js_sys::Date::now(),
        }
    }

    /// A timer's task later; for no time, the task of a message to itself rather than a timer,
    /// which browsers hold back 4 ms once timers nest (30,000 conversations' statistics counted
    /// in 30 slices took 220 ms instead of 92).
    async fn sleep(&self, duration: Duration) {
        // Rounded up: a timer never waits less than asked.
        let ms = duration.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(channel) = duration
                .is_zero()
                .then(|| web_sys::MessageChannel::new().ok())
                .flatten()
            {
                channel.port1().set_onmessage(Some(&resolve));
                if channel.port2().post_message(&JsValue::NULL).is_ok() {
                    return;
                }
            }
            let _ = leptos::prelude::window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// One request on its way, counted until dropped, however its future ends.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn count(counter: &Arc<AtomicUsize>) -> InFlight {
        counter.fetch_add(1, Ordering::Relaxed);
        InFlight(counter.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The server's text is shown to the user and told to a host page: it must not echo a secret.
fn redact(error: ApiError, secret: &str) -> ApiError {
    match error {
        ApiError::Refused(text) => ApiError::Refused(redacted(&text, secret)),
        other => other,
    }
}

async fn send(
    url: &str,
    form: String,
    download: Option<&AbortController>,
) -> Result<String, ApiError> {
    // fetch rejects (offline, refused, aborted) without saying more that would help the user.
    let response = Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        // An HTML form cannot send this header: the proxy in front of vChat refuses requests
        // without it (deploy/nginx.conf), so other sites cannot post to vChat through it.
        .header("X-Vchat-History", "1")
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        // A redirect keeps a 307's body: following one would carry the hash to wherever it
        // points. fetch then fails as if the network had, and the user can retry.
        .redirect(RequestRedirect::Error)
        .abort_signal(download.map(AbortController::signal).as_ref())
        .body(form)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(ApiError::Status(response.status()));
    }
    read_capped(&response).await
}

/// The body as text (UTF-8, damaged bytes replaced, as `Response.text()` does), read piece by
/// piece so that an endless or huge reply stops at [`MAX_REPLY_BYTES`].
async fn read_capped(response: &Response) -> Result<String, ApiError> {
    let declared = response
        .headers()
        .get("Content-Length")
        .and_then(|length| length.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_REPLY_BYTES) {
        return Err(ApiError::TooLarge);
    }
    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(declared.unwrap_or(32 * 1024));
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Network)?
            .unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            break;
        }
        let Some(piece) = chunk.get_value().dyn_into::<js_sys::Uint8Array>().ok() else {
            return Err(ApiError::Network);
        };
        let start = bytes.len();
        let end = start + piece.length() as usize;
        if end > MAX_REPLY_BYTES {
            // Stops the download too.
            let _ = reader.cancel();
            return Err(ApiError::TooLarge);
        }
        bytes.resize(end, 0);
        piece.copy_to(&mut bytes[start..]);
    }
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned()))
}

/// `future`, polled once now: a request calls `fetch` on its first poll, which would otherwise
/// wait for every effect the same click woke (the sign-in request left 9 ms after the click).
/// Its first poll has no one to wake; the next one, by whoever awaits it, registers the real
/// waker, and a reply that came in between is found then.
pub fn start_now<F: Future + 'static>(future: F) -> impl Future<Output = F::Output> {
    let mut future = Box::pin(future);
    let first = future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()));
    async move {
        match first {
            Poll::Ready(output) => output,
            Poll::Pending => future.await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::start_now;
    use std::{
        cell::Cell,
        future::{poll_fn, Future},
        pin::pin,
        rc::Rc,
        task::{Context, Poll, Waker},
    };

    /// A future that is ready on its `ready_on`-th poll, counting its polls.
    fn counted(ready_on: u32) -> (Rc<Cell<u32>>, impl Future<Output = &'static str>) {
        let polls = Rc::new(Cell::new(0));
        let counter = polls.clone();
        let future = poll_fn(move |_| {
            counter.set(counter.get() + 1);
            if counter.get() >= ready_on {
                Poll::Ready("reply")
            } else {
                Poll::Pending
            }
        });
        (polls, future)
    }

    #[test]
    fn the_first_poll_happens_at_once_and_a_pending_future_is_awaited_on() {
        let (polls, future) = counted(2);
        let mut started = pin!(start_now(future));
        assert_eq!(polls.get(), 1, "polled before anyone awaits it");
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(started.as_mut().poll(&mut cx), Poll::Ready("reply"));
        assert_eq!(polls.get(), 2);
    }

    #[test]
    fn a_future_ready_at_once_is_never_polled_again() {
        let (polls, future) = counted(1);
        let mut started = pin!(start_now(future));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(started.as_mut().poll(&mut cx), Poll::Ready("reply"));
        assert_eq!(polls.get(), 1);
    }
}
