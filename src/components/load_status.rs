//! How loading the whole history goes, with its stop, resume and retry.

use super::ErrorAlert;
use crate::{
    hooks::{FullHistory, Loading},
    i18n::use_i18n,
};
use leptos::{either::EitherOf4, prelude::*};

/// "Đã tải 12 trang · 360 cuộc trò chuyện" with a progress bar and "Dừng tải" while the whole
/// history loads; "Tải tiếp" once stopped; the error and "Thử lại" when a request failed.
/// vChat gives no total, so the bar cannot say how much is left: it moves, and the text counts.
#[component]
pub fn LoadStatus(
    /// The loading to show.
    full: FullHistory,
) -> impl IntoView {
    let i18n = use_i18n();
    let counts = Memo::new(move |_| {
        full.index
            .with(|index| (index.pages(), index.conversations()))
    });
    let text = move || {
        let (pages, conversations) = counts.get();
        match full.loading.get() {
            Loading::Complete => (i18n.t().loaded_all)(pages, conversations),
            _ => (i18n.t().loaded)(pages, conversations),
        }
    };
    let controls = move || match full.loading.get() {
        Loading::Idle => EitherOf4::A(()),
        Loading::Running => EitherOf4::B(view! {
            <progress class="vch-load-bar" aria-label=i18n.text(|t| t.load_all)></progress>
            <button type="button" class="vch-button vch-quiet" on:click=move |_| full.stop()>
                {i18n.text(|t| t.load_stop)}
            </button>
        }),
        Loading::Stopped => EitherOf4::C(view! {
            <button type="button" class="vch-button vch-quiet" on:click=move |_| full.start()>
                {i18n.text(|t| t.load_resume)}
            </button>
        }),
        Loading::Failed(error) => EitherOf4::D(view! {
            <ErrorAlert title=|t| t.load_failed message=move || i18n.t().error(&error)
                on_retry=move || full.start() />
        }),
        Loading::Complete => EitherOf4::A(()),
    };
    view! {
        <div class="vch-load" hidden=move || full.loading.get() == Loading::Idle>
            <p class="vch-muted" role="status">{text}</p>
            {controls}
        </div>
    }
}
