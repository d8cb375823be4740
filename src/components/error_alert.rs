//! A failure the admin can act on: what failed, why, in their language, and a way to try again.

use crate::i18n::{use_i18n, Pick};
use leptos::prelude::*;

/// An alert (announced at once) with a "Thử lại" button; what was on screen stays beside it.
#[component]
pub fn ErrorAlert(
    /// What failed, e.g. "Không tải được lịch sử trò chuyện".
    title: Pick,
    /// Why, in the current language.
    message: impl Fn() -> String + Send + Sync + 'static,
    /// Asks again.
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="vch-alert" role="alert">
            <strong>{i18n.text(title)}</strong>
            <p>{message}</p>
            <button type="button" class="vch-button" on:click=move |_| on_retry()>
                {i18n.text(|t| t.retry)}
            </button>
        </div>
    }
}
