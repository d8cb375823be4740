//! A long list drawn a screenful first: the rows below it follow once that frame is painted.
//!
//! The search's results are drawn this way, as the admin types. A page of the history is drawn
//! whole: there the 30 rows are what the benchmark compares with the other pages, and drawing
//! them in two frames made them come later (sign-in to 30 rows 74 → 169 ms, next page 34 → 68 ms).

use crate::browser::idle::after_paint;
use leptos::{either::Either, prelude::*};

/// Rows drawn at once: a screenful on a 1080-pixel-tall screen (about 115 px a row). A keystroke
/// over 2,987 conversations that brought new results took a median of 27 ms until painted on a
/// 2-core machine with all 30 drawn at once, most of it building rows out of sight; 21 ms so.
const AT_ONCE: usize = 8;

/// Where rows past the first screenful wait for the next paint: one callback a frame, however
/// many rows wait.
#[derive(Clone, Copy)]
pub struct FirstScreen(StoredValue<Option<ArcRwSignal<bool>>>);

impl FirstScreen {
    pub fn new() -> Self {
        Self(StoredValue::new(None))
    }

    /// The row at `position` of its list, drawn by `row`: now on the first screenful, after the
    /// next paint below it.
    pub fn row<V: IntoView + 'static>(
        self,
        position: usize,
        row: impl Fn() -> V + Send + Sync + 'static,
    ) -> impl IntoView {
        if position < AT_ONCE {
            return Either::Left(row());
        }
        let painted = self.painted();
        Either::Right(move || painted.get().then(&row))
    }

    /// Turns true once the next frame is painted.
    fn painted(self) -> ArcRwSignal<bool> {
        if let Some(Some(waiting)) = self.0.try_get_value() {
            return waiting;
        }
        let painted = ArcRwSignal::new(false);
        self.0.set_value(Some(painted.clone()));
        after_paint({
            let painted = painted.clone();
            move || {
                self.0.try_set_value(None);
                painted.set(true);
            }
        });
        painted
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen::{closure::Closure, JsCast};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Resolves once a frame has been painted and a task has run after it.
    async fn painted() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let later = Closure::once_into_js(move || {
                let _ =
                    web_sys::window().map(|w| w.set_timeout_with_callback(resolve.unchecked_ref()));
            });
            let _ = web_sys::window().map(|w| w.request_animation_frame(later.unchecked_ref()));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    #[wasm_bindgen_test]
    async fn the_rows_past_a_screenful_follow_once_the_frame_is_painted() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let root: web_sys::HtmlElement = document
            .create_element("div")
            .expect("an element")
            .unchecked_into();
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("appended");
        let rows =
            |root: &web_sys::HtmlElement| root.query_selector_all("li").map_or(0, |l| l.length());
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            let first_screen = FirstScreen::new();
            view! {
                <ul>{(0..12).map(|n| first_screen.row(n, move || view! { <li>{n}</li> })).collect_view()}</ul>
            }
        });
        assert_eq!(rows(&root), AT_ONCE as u32);
        painted().await;
        painted().await;
        assert_eq!(rows(&root), 12);
        let texts: Vec<String> = (0..12)
            .filter_map(|i| root.query_selector_all("li").ok()?.item(i)?.text_content())
            .collect();
        assert_eq!(texts, (0..12).map(|n| n.to_string()).collect::<Vec<_>>());
        root.remove();
    }
}
