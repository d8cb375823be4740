//! Where the admin is, in the address bar: the place and the search of `search/location.rs`
//! (`?page=N&c=<customer id>&q=<words>&leads=1&view=stats…`), kept in step with the browser's
//! history, so reload, back/forward and a copied link all lead back.
//!
//! A few lines over the History API instead of a router: the app has one screen, and this keeps
//! the relative `?page=N` links working under whatever path the app is served from. Measured for
//! size: the same URL sync on leptos_router 0.8 (`Router`, `use_query_map`, `use_navigate`) made
//! the bundle 14.6 KiB gzip larger (172.4 against 157.8 KiB).

use crate::{
    app::Mode,
    search::location::{Place, Search},
};
use leptos::{ev, prelude::*};
use std::time::Duration;
use web_sys::UrlSearchParams;

/// The query parameters: the app's own page owns its URL; in a host page the app keeps to
/// parameters of its own (`vch-page`, `vch-q`, …), leaving the host's `page` (or `q`) alone.
#[derive(Clone, Copy)]
struct Params {
    prefix: &'static str,
}

impl Params {
    fn of(mode: Mode) -> Params {
        Params {
            prefix: match mode {
                Mode::Page => "",
                Mode::Mounted => "vch-",
            },
        }
    }

    fn key(self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

/// The place and the search in the URL; changing them goes through [`HistoryUrl::go`] and
/// [`HistoryUrl::search_for`].
#[derive(Clone, Copy)]
pub struct HistoryUrl {
    place: RwSignal<Place>,
    search: RwSignal<Search>,
    params: Params,
    /// The address bar's update for the words being typed, waiting for a pause.
    pending: StoredValue<Option<TimeoutHandle>>,
}

/// How long typing pauses before the address bar follows: `replaceState` took 2.5 ms of each
/// keystroke (of about 15), and browsers throttle it when called for every key.
const WRITE_SEARCH_AFTER: Duration = Duration::from_millis(300);

impl HistoryUrl {
    /// Reads the current URL and follows the back and forward buttons.
    pub fn provide(mode: Mode) -> HistoryUrl {
        let params = Params::of(mode);
        let url = HistoryUrl {
            place: RwSignal::new(current(params)),
            search: RwSignal::new(current_search(params)),
            params,
            pending: StoredValue::new(None),
        };
        let handle = window_event_listener(ev::popstate, move |_| {
            // The entry left behind keeps what it had; the one arrived at says what to show.
            url.drop_pending();
            url.place.set(current(params));
            url.search.set(current_search(params));
        });
        on_cleanup(move || handle.remove());
        provide_context(url);
        url
    }

    pub fn page(self) -> u32 {
        self.place.with(|place| place.page)
    }

    pub fn conversation(self) -> Option<u64> {
        self.place.with(|place| place.conversation)
    }

    pub fn search(self) -> Search {
        self.search.get()
    }

    /// Narrows the list to `search` at once, the open conversation staying open. A search that
    /// starts makes a history entry (back returns to the list); typing on replaces it once the
    /// typing pauses, so back does not step through every keystroke.
    pub fn search_for(self, search: Search) {
        let starts = !self.search.with_untracked(Search::is_active);
        if starts {
            // The entry being left gets what it showed.
            self.flush();
        } else {
            // Typing on: the address bar waits for this search instead. Writing the one before
            // it here wrote the address bar at every keystroke after the first.
            self.drop_pending();
        }
        self.search.set(search);
        if starts {
            self.write_search(true);
        } else {
            let pending = set_timeout_with_handle(
                move || {
                    self.pending.try_set_value(None);
                    self.write_search(false);
                },
                WRITE_SEARCH_AFTER,
            );
            self.pending.set_value(pending.ok());
        }
    }

    /// Writes a search still waiting for a pause, before the URL changes otherwise.
    fn flush(self) {
        if self.drop_pending() {
            self.write_search(false);
        }
    }

    /// Calls off the address bar's update waiting for a pause; whether there was one.
    fn drop_pending(self) -> bool {
        let pending = self.pending.try_update_value(Option::take).flatten();
        if let Some(pending) = &pending {
            pending.clear();
        }
        pending.is_some()
    }

    /// The search into the address bar: a new entry (`push`), or in place of the current one.
    fn write_search(self, push: bool) {
        let Some(href) = self.url_with(self.search.with_untracked(Search::to_pairs)) else {
            return;
        };
        if let Ok(history) = window().history() {
            let url = Some(href.as_str());
            let _ = if push {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
            } else {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
            };
        }
    }

    /// A new history entry for `place`, as following a link would make.
    pub fn go(self, place: Place) {
        self.flush();
        let pushed = window().history().and_then(|history| {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self.href(place)))
        });
        if pushed.is_ok() {
            self.place.set(place);
        }
    }

    /// List page `page`, the open conversation staying open.
    pub fn go_to_page(self, page: u32) {
        self.go(Place {
            page,
            ..self.place.get_untracked()
        });
    }

    /// Opens the conversation with the customer `id`, or closes the one open (`None`).
    pub fn open(self, conversation: Option<u64>) {
        self.go(Place {
            conversation,
            ..self.place.get_untracked()
        });
    }
}

pub fn use_history_url() -> HistoryUrl {
    expect_context()
}

/// A plain left click on one of the app's links: the app moves there itself. With a modifier
/// (new tab, new window, download) or another button, the browser does what it does with links.
pub fn is_plain_click(ev: &web_sys::MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}

impl HistoryUrl {
    /// The URL of `place`, relative to the current path, with the other query parameters and
    /// the fragment kept.
    pub fn href(self, place: Place) -> String {
        self.url_with(place.to_pairs())
            .unwrap_or_else(|| format!("?{}={}", self.params.key("page"), place.page))
    }

    /// The current URL, relative to its path, with `pairs` (before the mode's prefix) set or
    /// removed, and the fragment kept (a hash-routed host page keeps its route).
    fn url_with<const N: usize>(self, pairs: [(&str, Option<String>); N]) -> Option<String> {
        let query = search_params().or_else(|| UrlSearchParams::new().ok())?;
        for (name, value) in pairs {
            match value {
                Some(value) => query.set(&self.params.key(name), &value),
                None => query.delete(&self.params.key(name)),
            }
        }
        Some(format!(
            "?{}{}",
            String::from(query.to_string()),
            fragment()
        ))
    }
}

fn current(params: Params) -> Place {
    let search = search_params();
    Place::from_pairs(|name| search.as_ref().and_then(|p| p.get(&params.key(name))))
}

fn current_search(params: Params) -> Search {
    let search = search_params();
    Search::from_pairs(|name| search.as_ref().and_then(|p| p.get(&params.key(name))))
}

/// The page's `#fragment`, `#` included, or nothing: a URL made of a query alone would drop it.
fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

fn search_params() -> Option<UrlSearchParams> {
    UrlSearchParams::new_with_str(&window().location().search().ok()?).ok()
}
