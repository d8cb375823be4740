//! The one way the app loads: [`Load`], the state of anything fetched, and [`Loader`], one
//! request at a time, the latest winning.

use crate::api::{start_now, ApiError, Cancel};
use leptos::{prelude::*, task::spawn_local};
use std::future::Future;

/// The state of something fetched, as the screen shows it. What was shown before stays on screen
/// (`stale`) while the next loads, and when it fails.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Idle,
    Loading { stale: Option<T> },
    Ready(T),
    Failed { stale: Option<T>, error: ApiError },
}

impl<T> Load<T> {
    /// What to show: the value, or the one kept while loading or failing.
    pub fn value(&self) -> Option<&T> {
        match self {
            Load::Ready(value) => Some(value),
            Load::Loading { stale } | Load::Failed { stale, .. } => stale.as_ref(),
            Load::Idle => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading { .. })
    }

    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Load::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    pub fn into_value(self) -> Option<T> {
        match self {
            Load::Ready(value) => Some(value),
            Load::Loading { stale } | Load::Failed { stale, .. } => stale,
            Load::Idle => None,
        }
    }

    /// Loading the next, keeping what is shown.
    pub fn loading(self) -> Load<T> {
        Load::Loading {
            stale: self.into_value(),
        }
    }

    /// Failed with `error`, keeping what is shown.
    pub fn failed(self, error: ApiError) -> Load<T> {
        Load::Failed {
            stale: self.into_value(),
            error,
        }
    }
}

/// One request at a time: sending one calls off the one in flight, whose reply, should it still
/// come, is dropped; so does [`Loader::cancel`] and the end of the owner the loader was made in
/// (leaving the screen, signing out). Callers never see [`ApiError::Cancelled`].
///
/// Why not a `LocalResource`: Leptos 0.8 resources never cancel the future they run
/// (leptos-rs/leptos#4434). Dropping stale replies without aborting their `fetch` let 8 requests
/// run at once in the rapid-use browser test (100 clicks, replies taking 250 ms), each competing
/// with the page the admin actually wants; aborting keeps it at 1.
#[derive(Clone, Copy)]
pub struct Loader {
    in_flight: StoredValue<Option<Cancel>, LocalStorage>,
}

impl Loader {
    /// A loader whose requests end with the current owner.
    pub fn new() -> Loader {
        let loader = Loader {
            in_flight: StoredValue::new_local(None),
        };
        on_cleanup(move || loader.cancel());
        loader
    }

    /// Sends the request `send` makes with its [`Cancel`], calling off the one in flight; `None`
    /// if this one is called off in turn before it ends.
    pub async fn send<T, F>(self, send: impl FnOnce(Cancel) -> F) -> Option<Result<T, ApiError>>
    where
        F: Future<Output = Result<T, ApiError>>,
    {
        let cancel = Cancel::new();
        if let Some(Some(previous)) = self
            .in_flight
            .try_update_value(|slot| slot.replace(cancel.clone()))
        {
            previous.cancel();
        }
        let result = send(cancel.clone()).await;
        if cancel.is_cancelled() {
            return None;
        }
        // Still this request's: a newer one would have called it off.
        self.in_flight.try_set_value(None);
        Some(result)
    }

    /// Like [`Loader::send`], then hands the outcome to `then`, unless called off.
    pub fn spawn<T: 'static, F>(
        self,
        send: impl FnOnce(Cancel) -> F + 'static,
        then: impl FnOnce(Result<T, ApiError>) + 'static,
    ) where
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        hand_over(self.send(send), then);
    }

    /// Like [`Loader::spawn`], but the request leaves at once ([`start_now`]), not after the
    /// tasks the same event woke: signing in, whose request they held up by 9 ms. Not for
    /// requests that replace one: the one called off would still be settling when the next
    /// leaves.
    pub fn spawn_now<T: 'static, F>(
        self,
        send: impl FnOnce(Cancel) -> F + 'static,
        then: impl FnOnce(Result<T, ApiError>) + 'static,
    ) where
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        hand_over(start_now(self.send(send)), then);
    }

    /// Calls off the request in flight, if any.
    pub fn cancel(self) {
        if let Some(Some(request)) = self.in_flight.try_update_value(Option::take) {
            request.cancel();
        }
    }

    /// A request is in flight.
    pub fn is_busy(self) -> bool {
        self.in_flight
            .try_with_value(Option::is_some)
            .unwrap_or(false)
    }
}

/// Runs `request` and hands its outcome to `then`, unless it was called off.
fn hand_over<T: 'static>(
    request: impl Future<Output = Option<Result<T, ApiError>>> + 'static,
    then: impl FnOnce(Result<T, ApiError>) + 'static,
) {
    spawn_local(async move {
        if let Some(result) = request.await {
            then(result);
        }
    });
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::hooks::testing::{Clock, Harness};
    use std::{cell::RefCell, rc::Rc, time::Duration};

    #[test]
    fn the_latest_request_wins_and_the_one_it_replaced_is_called_off() {
        let harness = Harness::new();
        let clock = Clock::default();
        let loader = Loader::new();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let cancels = Rc::new(RefCell::new(Vec::new()));
        for (n, ms) in [(1, 300), (2, 100)] {
            let (clock, seen, cancels) = (clock.clone(), seen.clone(), cancels.clone());
            loader.spawn(
                move |cancel| {
                    cancels.borrow_mut().push(cancel);
                    async move {
                        clock.sleep(Duration::from_millis(ms)).await;
                        Ok::<_, ApiError>(n)
                    }
                },
                move |result| seen.borrow_mut().push(result),
            );
        }
        harness.run();
        assert!(loader.is_busy());
        clock.advance(&harness, 400);
        assert_eq!(*seen.borrow(), [Ok(2)]);
        assert!(cancels.borrow()[0].is_cancelled() && !cancels.borrow()[1].is_cancelled());
        assert!(!loader.is_busy());
    }

    #[test]
    fn a_request_called_off_or_outlived_by_its_owner_reports_nothing() {
        let harness = Harness::new();
        let clock = Clock::default();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let send = |clock: Clock| {
            move |_| async move {
                clock.sleep(Duration::from_millis(100)).await;
                Ok::<_, ApiError>(())
            }
        };
        let loader = Loader::new();
        let record = |seen: Rc<RefCell<Vec<_>>>| move |r| seen.borrow_mut().push(r);
        loader.spawn(send(clock.clone()), record(seen.clone()));
        harness.run();
        loader.cancel();
        clock.advance(&harness, 200);
        assert!(seen.borrow().is_empty());

        let owner = Owner::new();
        let inner = owner.with(Loader::new);
        inner.spawn(send(clock.clone()), record(seen.clone()));
        harness.run();
        owner.cleanup();
        clock.advance(&harness, 200);
        assert!(seen.borrow().is_empty());
    }

    #[test]
    fn a_load_keeps_what_is_shown_while_loading_and_failing() {
        let shown = Load::Ready(1).loading();
        assert_eq!(shown, Load::Loading { stale: Some(1) });
        assert!(shown.is_loading() && shown.value() == Some(&1));
        let failed = shown.failed(ApiError::Network);
        assert_eq!(failed.error(), Some(&ApiError::Network));
        assert_eq!(failed.value(), Some(&1));
        assert_eq!(
            Load::<u8>::Idle.loading().failed(ApiError::NotJson).value(),
            None
        );
    }
}
