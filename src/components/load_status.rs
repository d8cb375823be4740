//! How loading the whole history goes, with its stop, resume and retry, and how fresh the history
//! kept between visits is.

use super::ErrorAlert;
use crate::{
    format::time,
    hooks::{FullHistory, Keeping, Loading},
    i18n::use_i18n,
};
use leptos::{either::EitherOf4, prelude::*};

/// "Đã tải 12 trang · 360 cuộc trò chuyện" with a progress bar and "Dừng tải" while the whole
/// history loads; "Tải tiếp" once stopped; the error and "Thử lại" when a request failed.
/// vChat gives no total, so the bar cannot say how much is left: it moves, and the text counts.
/// While a history kept between visits is read, "Đang mở lịch sử đã lưu trên máy này…"; then
/// "Cập nhật lúc 09:41 · 30.000 cuộc trò chuyện" and "Tải lại toàn bộ từ vChat"; and once, if
/// the browser would not keep it, that it will not.
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
    let synced = Memo::new(move |_| match full.keeping.get() {
        Keeping::On { synced } if synced > 0 => Some((synced / 1000) as i64),
        _ => None,
    });
    // The history kept is said to be up to date as of `synced`, unless it is being loaded.
    let kept = move || synced.get().is_some() && full.loading.get() != Loading::Running;
    let text = move || {
        let (pages, conversations) = counts.get();
        let t = i18n.t();
        let loading = full.loading.get();
        if full.keeping.get() == Keeping::Opening {
            return t.kept_opening.to_owned();
        }
        match synced.get().filter(|_| loading != Loading::Running) {
            Some(secs) => {
                let now = (js_sys::Date::now() / 1000.0) as i64;
                let at = if time::local_day(secs) == time::local_day(now) {
                    time::time_of_day(secs, t.locale)
                } else {
                    time::local(secs, t.locale)
                };
                (t.kept)(&at, conversations)
            }
            None if loading == Loading::Complete => (t.loaded_all)(pages, conversations),
            None => (t.loaded)(pages, conversations),
        }
    };
    let controls = move || match full.loading.get() {
        Loading::Idle | Loading::Complete if kept() => EitherOf4::A(Some(view! {
            <button type="button" class="vch-button vch-quiet" on:click=move |_| full.reload()>
                {i18n.text(|t| t.reload_all)}
            </button>
        })),
        Loading::Idle | Loading::Complete => EitherOf4::A(None),
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
    };
    view! {
        <p class="vch-note" role="status" hidden=move || full.keeping.get() != Keeping::Refused>
            {i18n.text(|t| t.keep_refused)}
        </p>
        <div class="vch-load" hidden=move || {
            full.loading.get() == Loading::Idle && !kept() && full.keeping.get() != Keeping::Opening
        }>
            <p class="vch-muted" role="status">{text}</p>
            {controls}
        </div>
    }
}
