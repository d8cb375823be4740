//! A view whose code is a part of the app fetched on first use (`browser/split.rs`).

use crate::{browser::split::NotLoaded, components::ErrorAlert, i18n::use_i18n};
use leptos::{either::Either, prelude::*};
use send_wrapper::SendWrapper;
use std::{future::Future, pin::Pin, sync::Arc};

/// Fetches a part (at once if it is already here) and builds its view.
pub type PartView =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, NotLoaded>>>> + Send + Sync>;

/// The view of a part: drawn at once when its code is already here, as it is once the browser
/// was idle after sign-in (`hooks::use_warm_up`); otherwise drawn when the code arrives, or an
/// alert with a retry if it cannot be fetched.
#[component]
pub fn Part(
    /// Fetches the part and builds its view.
    view: PartView,
) -> impl IntoView {
    let i18n = use_i18n();
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let built = view();
        // The part's future holds browser objects; a view's future must be `Send`.
        Suspend::new(SendWrapper::new(async move {
            match built.await {
                Ok(view) => Either::Left(view),
                Err(NotLoaded) => Either::Right(view! {
                    <ErrorAlert title=|t| t.part_failed_title
                        message=move || i18n.t().part_failed.to_owned()
                        on_retry=move || attempt.update(|n| *n += 1) />
                }),
            }
        }))
    }
}
